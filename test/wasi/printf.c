// Formatted output on stdout and stderr through wasi-libc's stdio (fd_write, fd_fdstat_get, fd_seek).
#include <stdio.h>

int main(void) {
  printf("hello, %s! %d %.3f %x\n", "wasi", 42, 3.14159, 255u);
  fprintf(stderr, "to stderr\n");
  for (int i = 0; i < 3; ++i) printf("line %d\n", i);
  return 0;
}
