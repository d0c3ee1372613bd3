// The rest of the file functions inside a preopened directory (argv[1]): positioned reads and
// writes, truncation, sync, times, renaming, hard and symbolic links, and renumbering a descriptor.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int fail(const char* step) {
  printf("FAILED %s: %s\n", step, strerror(errno));
  return 1;
}

static void join(char* out, const char* directory, const char* name) { snprintf(out, 512, "%s/%s", directory, name); }

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  char file[512], renamed[512], hard[512], soft[512];
  join(file, argv[1], "data.bin");
  join(renamed, argv[1], "renamed.bin");
  join(hard, argv[1], "hard.bin");
  join(soft, argv[1], "soft.bin");

  int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail("open");
  if (pwrite(fd, "0123456789", 10, 0) != 10) return fail("pwrite");
  char buffer[16] = {0};
  if (pread(fd, buffer, 4, 3) != 4) return fail("pread");
  printf("pread: %s\n", buffer);
  if (ftruncate(fd, 5) != 0) return fail("ftruncate");
  if (fsync(fd) != 0 || fdatasync(fd) != 0) return fail("fsync");
  struct stat info;
  if (fstat(fd, &info) != 0) return fail("fstat");
  printf("size after truncate: %lld\n", (long long)info.st_size);
  struct timespec times[2] = {{1000000000, 0}, {1200000000, 500}};
  if (futimens(fd, times) != 0) return fail("futimens");
  if (fstat(fd, &info) != 0) return fail("fstat");
  printf("mtime: %lld\n", (long long)info.st_mtim.tv_sec);
  // wasi-libc has no dup2; fd_renumber is what it would use.
  int other = open(file, O_RDONLY);
  if (other < 0 || __wasi_fd_renumber(other, fd) != 0) return fail("fd_renumber");
  if (read(fd, buffer, 5) != 5) return fail("read after renumber");
  printf("read after renumber: %.5s\n", buffer);
  close(fd);

  if (rename(file, renamed) != 0) return fail("rename");
  if (access(file, F_OK) == 0) return fail("old name still there");
  if (link(renamed, hard) != 0) return fail("link");
  if (stat(hard, &info) != 0) return fail("stat hard");
  printf("links: %llu\n", (unsigned long long)info.st_nlink);
  if (symlink("renamed.bin", soft) != 0) return fail("symlink");
  ssize_t length = readlink(soft, buffer, sizeof buffer - 1);
  if (length < 0) return fail("readlink");
  buffer[length] = 0;
  printf("readlink: %s\n", buffer);
  if (lstat(soft, &info) != 0 || !S_ISLNK(info.st_mode)) return fail("lstat");
  if (stat(soft, &info) != 0 || info.st_size != 5) return fail("stat through link");
  printf("through link: %lld bytes\n", (long long)info.st_size);
  if (symlink("/etc/passwd", soft) == 0) return fail("absolute symlink allowed");
  printf("absolute symlink: refused\n");
  unlink(soft);
  unlink(hard);
  unlink(renamed);
  return 0;
}
