# KILN_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer, for
# running the unit tests and the spec suite under them (a separate build directory, e.g.
# build-asan). KILN_BUILD_FUZZERS=ON implies it and adds libFuzzer's coverage instrumentation to
# every file, so that the fuzz targets are guided through the libraries they link.
option(KILN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(KILN_SANITIZE OR KILN_BUILD_FUZZERS)
  set(kiln_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${kiln_sanitizer_flags})
  add_link_options(${kiln_sanitizer_flags})
endif()
if(KILN_BUILD_FUZZERS)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
