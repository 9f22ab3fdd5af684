# Embeds src/web/assets/* into attnscope_web at build time (see embed_assets.cmake).
file(GLOB WEB_ASSETS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/assets/*)
set(WEB_ASSETS_SOURCE ${PROJECT_BINARY_DIR}/generated/web/embedded_assets_data.cpp)
add_custom_command(
  OUTPUT ${WEB_ASSETS_SOURCE}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${WEB_ASSETS_SOURCE} "-DASSETS=${WEB_ASSETS}"
          -P ${CMAKE_CURRENT_LIST_DIR}/embed_assets.cmake
  DEPENDS ${WEB_ASSETS} ${CMAKE_CURRENT_LIST_DIR}/embed_assets.cmake
  COMMENT "Embedding the explorer's HTML/JS/CSS"
  VERBATIM)
target_sources(attnscope_web PRIVATE ${WEB_ASSETS_SOURCE})
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
target_link_libraries(attnscope_web PUBLIC PkgConfig::HTTPLIB)
