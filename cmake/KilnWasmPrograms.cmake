# kiln_add_wasm_program(NAME SOURCES src… [CFLAGS flag…] [LDFLAGS flag…]) builds C sources into
# ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm with clang-19 and wasi-libc (a WASI command, unless LDFLAGS
# say otherwise, e.g. -nostartfiles -Wl,--no-entry for a library of exported functions).
# Compiling with -c and linking without -O matters: clang's wasm driver would otherwise run
# binaryen's wasm-opt if it happens to be on PATH.
find_program(KILN_WASM_CC NAMES clang-19)
find_file(KILN_WASI_LIBC libc.a PATHS /usr/lib/wasm32-wasi /usr/share/wasi-sysroot/lib/wasm32-wasi NO_DEFAULT_PATH)
if(KILN_WASM_CC AND KILN_WASI_LIBC)
  set(KILN_HAVE_WASM_TOOLCHAIN ON)
else()
  set(KILN_HAVE_WASM_TOOLCHAIN OFF)
  message(STATUS "kiln: clang-19 or wasi-libc missing; wasm test programs are not built")
endif()

function(kiln_add_wasm_program name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CFLAGS;LDFLAGS" ${ARGN})
  if(NOT KILN_HAVE_WASM_TOOLCHAIN)
    return()
  endif()
  set(objects)
  foreach(source ${ARG_SOURCES})
    get_filename_component(stem "${source}" NAME_WE)
    set(object "${CMAKE_CURRENT_BINARY_DIR}/${name}.${stem}.wasm.o")
    add_custom_command(OUTPUT "${object}"
      COMMAND ${KILN_WASM_CC} --target=wasm32-wasi -O2 ${ARG_CFLAGS} -c "${CMAKE_CURRENT_SOURCE_DIR}/${source}" -o "${object}"
      DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${source}"
      COMMENT "Compiling ${source} to wasm32-wasi")
    list(APPEND objects "${object}")
  endforeach()
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  add_custom_command(OUTPUT "${output}"
    COMMAND ${KILN_WASM_CC} --target=wasm32-wasi ${ARG_LDFLAGS} ${objects} -o "${output}"
    DEPENDS ${objects}
    COMMENT "Linking ${name}.wasm")
  add_custom_target(${name}_wasm ALL DEPENDS "${output}")
endfunction()
