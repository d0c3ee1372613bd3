// Tries to leave the preopened directory (descriptor 3) with raw path_open calls, so that the
// runtime's sandbox, not wasi-libc's path handling, is what refuses: `..`, absolute paths, and
// symbolic links pointing outside. Prints one line per attempt; exits 1 if any succeeded.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int escaped = 0;

static void attempt(const char* path, __wasi_lookupflags_t lookup) {
  __wasi_fd_t fd;
  __wasi_errno_t error = __wasi_path_open(3, lookup, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (error == 0) {
    printf("ESCAPED: %s\n", path);
    escaped = 1;
  } else {
    printf("refused: %s (errno %d)\n", path, error);
  }
}

int main(void) {
  const char* paths[] = {"../outside.txt", "sub/../../outside.txt", "/etc/passwd", "link_out",
                         "sub/link_up/outside.txt"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; ++i) attempt(paths[i], __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW);
  attempt("link_out", 0);
  __wasi_filestat_t stat;
  __wasi_errno_t error = __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "../outside.txt", &stat);
  printf("filestat ../outside.txt: %s\n", error ? "refused" : "ESCAPED");
  escaped |= error == 0;
  error = __wasi_path_create_directory(3, "../made_outside");
  printf("mkdir ../made_outside: %s\n", error ? "refused" : "ESCAPED");
  escaped |= error == 0;
  error = __wasi_path_unlink_file(3, "link_out/../outside.txt");
  printf("unlink through link: %s\n", error ? "refused" : "ESCAPED");
  escaped |= error == 0;
  // Inside the sandbox is fine, symbolic links within it included.
  __wasi_fd_t fd;
  error = __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_in", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("link_in: %s\n", error ? "refused" : "opened");
  return escaped || error != 0;
}
