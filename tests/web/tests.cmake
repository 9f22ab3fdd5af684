# Browser tests: the explorer in Debian's headless Chromium, driven by npm playwright-core
# (installed by scripts/install-deps into tests/web/node_modules). Screenshots and exported files
# are kept under the build tree as artifacts.
find_program(NODE_EXECUTABLE node REQUIRED)
set(WEB_ARTIFACTS ${PROJECT_BINARY_DIR}/test-artifacts/web)
add_test(NAME web_browser
         COMMAND ${NODE_EXECUTABLE} --test ${CMAKE_CURRENT_LIST_DIR}/browser.test.mjs
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(web_browser PROPERTIES
  TIMEOUT 900
  ENVIRONMENT "ATTNSCOPE_BINARY=$<TARGET_FILE:attnscope>;ATTNSCOPE_SHARED_DIR=${ATTNSCOPE_SHARED_DIR};ATTNSCOPE_ARTIFACTS=${WEB_ARTIFACTS}")
add_test(NAME web_report_explorer
         COMMAND ${NODE_EXECUTABLE} --test ${CMAKE_CURRENT_LIST_DIR}/report_explorer.test.mjs
         WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(web_report_explorer PROPERTIES
  TIMEOUT 900
  ENVIRONMENT "ATTNSCOPE_BINARY=$<TARGET_FILE:attnscope>;ATTNSCOPE_SHARED_DIR=${ATTNSCOPE_SHARED_DIR};ATTNSCOPE_ARTIFACTS=${WEB_ARTIFACTS};ATTNSCOPE_TEST_SCRATCH=${ATTNSCOPE_TEST_SCRATCH}")
