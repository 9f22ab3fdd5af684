# The layering check: no file includes a header of a stage above it (see check_layering.py).
add_test(NAME layering
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/check_layering.py ${PROJECT_SOURCE_DIR}
                 ${PROJECT_BINARY_DIR}/stage-include ${CMAKE_CXX_COMPILER})
