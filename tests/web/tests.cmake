# Browser tests: the explorer in Debian's headless Chromium, driven by npm playwright-core
# (installed by scripts/install-deps into tests/web/node_modules). Screenshots and exported files
# are kept under the build tree as artifacts.
find_program(NODE_EXECUTABLE node REQUIRED)
set(WEB_ARTIFACTS ${PROJECT_BINARY_DIR}/test-artifacts/web)
function(add_browser_test name script)
  add_test(NAME ${name}
           COMMAND ${NODE_EXECUTABLE} --test ${CMAKE_CURRENT_LIST_DIR}/${script}
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(${name} PROPERTIES
    TIMEOUT 900
    ENVIRONMENT "ATTNSCOPE_BINARY=$<TARGET_FILE:attnscope>;ATTNSCOPE_SHARED_DIR=${ATTNSCOPE_SHARED_DIR};ATTNSCOPE_ARTIFACTS=${WEB_ARTIFACTS};ATTNSCOPE_TEST_SCRATCH=${ATTNSCOPE_TEST_SCRATCH}")
endfunction()
add_browser_test(web_browser browser.test.mjs)
add_browser_test(web_report_explorer report_explorer.test.mjs)  # full-size checkpoints
add_browser_test(web_filters filters.test.mjs)
add_browser_test(web_neuron neuron.test.mjs)
add_browser_test(web_predictions predictions.test.mjs)
