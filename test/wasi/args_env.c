// Prints the arguments and the environment it was given (args_get, environ_get and their sizes).
#include <stdio.h>
#include <stdlib.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  for (char** variable = environ; *variable; ++variable) printf("env %s\n", *variable);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  return 0;
}
