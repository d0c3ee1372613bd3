# KILN_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer, for
# running the unit tests and the spec suite under them (a separate build directory).
option(KILN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(KILN_SANITIZE)
  set(kiln_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${kiln_sanitizer_flags})
  add_link_options(${kiln_sanitizer_flags})
endif()
