# Finds LLVM 19 through its CMake package and offers kiln_link_llvm(target), which links
# the shared libLLVM (fast to link) and gives the target a precompiled header of the
# LLVM headers the compiler uses, so that LLVM-heavy files build quickly on 2 cores.
# LLVM's version file accepts only an exact major.minor, so ask for the package and check the
# major version ourselves: any LLVM 19.x will do.
find_package(LLVM REQUIRED CONFIG
  HINTS /usr/lib/llvm-19/lib/cmake/llvm /usr/lib/llvm-19/cmake)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "kiln needs LLVM 19, found ${LLVM_PACKAGE_VERSION} at ${LLVM_DIR}")
endif()
message(STATUS "kiln: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

function(kiln_link_llvm target)
  target_include_directories(${target} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS})
  separate_arguments(_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_definitions(${target} PRIVATE ${_llvm_defs})
  if(LLVM_LINK_LLVM_DYLIB OR TARGET LLVM)
    target_link_libraries(${target} PRIVATE LLVM)
  else()
    llvm_map_components_to_libnames(_llvm_libs core support target native orcjit passes)
    target_link_libraries(${target} PRIVATE ${_llvm_libs})
  endif()
  target_precompile_headers(${target} PRIVATE "${CMAKE_SOURCE_DIR}/compiler/llvm_pch.h")
endfunction()
