# Debian package of the workbench: `cmake --build build --target package` writes
# microseg_<version>_amd64.deb with both executables, the demo data and a desktop entry.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/microseg.desktop DESTINATION share/applications)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE
        DESTINATION share/doc/microseg)
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "microseg")
set(CPACK_PACKAGE_VENDOR "Microseg")
set(CPACK_PACKAGE_CONTACT "Microseg maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
include(CPack)
