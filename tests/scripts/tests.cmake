# The README's main command, scripts/report, end to end on this build tree.
find_program(BASH_EXECUTABLE bash REQUIRED)
add_test(NAME scripts_report
         COMMAND ${BASH_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/report_script_test.sh
                 ${PROJECT_SOURCE_DIR} ${ATTNSCOPE_SHARED_DIR} ${ATTNSCOPE_TEST_SCRATCH}/scripts-report)
set_tests_properties(scripts_report PROPERTIES TIMEOUT 900 ENVIRONMENT "BUILD_DIR=${PROJECT_BINARY_DIR}")
