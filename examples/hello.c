// A WASI command in C, built to wasm at build time (clang-19 --target=wasm32-wasi) so that the
// tests can check kiln on a real toolchain's output.
#include <stdio.h>

int main(int argc, char** argv) {
  printf("hello from kiln, %d argument%s\n", argc - 1, argc == 2 ? "" : "s");
  for (int i = 1; i < argc; ++i) printf("  %s\n", argv[i]);
  return 0;
}
