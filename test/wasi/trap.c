// A C program that traps: it prints a line, then calls abort() two calls deep (wasi-libc's abort
// executes `unreachable`). kiln must print the trap with a backtrace naming the C functions.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void check_input(int value) {
  if (value != 42) abort();
}

__attribute__((noinline)) static void process(int value) {
  check_input(value + 1);
  printf("processed %d\n", value);
}

int main(int argc, char** argv) {
  (void)argv;
  printf("before the trap\n");
  fflush(stdout);
  process(argc);
  return 0;
}
