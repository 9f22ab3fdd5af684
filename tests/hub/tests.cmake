# The fake Hub in tests/hub serves files with cpp-httplib (Debian builds it as a library).
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()
target_link_libraries(test_hub PRIVATE PkgConfig::HTTPLIB)
