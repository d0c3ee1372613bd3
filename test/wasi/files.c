// File work inside a preopened directory (argv[1]): write, read back, seek, stat, create and
// remove a directory, unlink. Prints each step; exits 1 at the first failure.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char* step) {
  printf("FAILED %s: %s\n", step, strerror(errno));
  return 1;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  char path[512];
  snprintf(path, sizeof path, "%s/note.txt", argv[1]);
  FILE* out = fopen(path, "w");
  if (!out) return fail("fopen w");
  fputs("first line\nsecond line\n", out);
  if (fclose(out) != 0) return fail("fclose");

  FILE* in = fopen(path, "r");
  if (!in) return fail("fopen r");
  char line[64];
  while (fgets(line, sizeof line, in)) printf("read: %s", line);
  if (fseek(in, 6, SEEK_SET) != 0) return fail("fseek");
  printf("tell after seek: %ld\n", ftell(in));
  if (!fgets(line, sizeof line, in)) return fail("fgets after seek");
  printf("after seek: %s", line);
  fclose(in);

  struct stat info;
  if (stat(path, &info) != 0) return fail("stat");
  printf("size: %lld regular: %d\n", (long long)info.st_size, S_ISREG(info.st_mode));

  char directory[512];
  snprintf(directory, sizeof directory, "%s/made", argv[1]);
  if (mkdir(directory, 0755) != 0) return fail("mkdir");
  if (stat(directory, &info) != 0 || !S_ISDIR(info.st_mode)) return fail("stat dir");
  printf("mkdir: ok\n");
  if (mkdir(directory, 0755) == 0 || errno != EEXIST) return fail("mkdir twice");
  printf("mkdir twice: EEXIST\n");
  if (rmdir(directory) != 0) return fail("rmdir");
  printf("rmdir: ok\n");
  if (unlink(path) != 0) return fail("unlink");
  if (open(path, O_RDONLY) >= 0 || errno != ENOENT) return fail("open after unlink");
  printf("unlink: ok\n");
  return 0;
}
