// WASI rights: a descriptor can give rights up but never get them back, an operation without its
// right fails with ENOTCAPABLE, and a file opened beneath a directory gets no more than the
// directory passes on. Uses the raw preview1 calls on the preopened directory (descriptor 3).
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char* name(__wasi_errno_t error) {
  return error == 0 ? "ok" : error == __WASI_ERRNO_NOTCAPABLE ? "ENOTCAPABLE" : "other error";
}

int main(void) {
  __wasi_fd_t file;
  __wasi_rights_t read_write = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK;
  __wasi_errno_t error = __wasi_path_open(3, 0, "data.txt", __WASI_OFLAGS_CREAT,
                                          read_write | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS, 0, 0, &file);
  printf("open read/write: %s\n", name(error));
  if (error) return 1;

  __wasi_fdstat_t stat;
  printf("fdstat: %s\n", name(__wasi_fd_fdstat_get(file, &stat)));
  printf("rights reported: %s\n",
         stat.fs_rights_base == (read_write | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS) ? "as asked" : "other");

  const char text[] = "some text";
  __wasi_ciovec_t out = {(const uint8_t*)text, sizeof text - 1};
  size_t written = 0;
  printf("write: %s\n", name(__wasi_fd_write(file, &out, 1, &written)));

  printf("drop write: %s\n", name(__wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0)));
  printf("write without the right: %s\n", name(__wasi_fd_write(file, &out, 1, &written)));
  printf("set flags without the right: %s\n", name(__wasi_fd_fdstat_set_flags(file, __WASI_FDFLAGS_APPEND)));
  printf("take write back: %s\n", name(__wasi_fd_fdstat_set_rights(file, read_write, 0)));

  __wasi_filesize_t position;
  printf("seek: %s\n", name(__wasi_fd_seek(file, 0, __WASI_WHENCE_SET, &position)));
  char buffer[32] = {0};
  __wasi_iovec_t in = {(uint8_t*)buffer, sizeof buffer - 1};
  size_t got = 0;
  error = __wasi_fd_read(file, &in, 1, &got);
  printf("read: %s '%s'\n", name(error), buffer);
  printf("close: %s\n", name(__wasi_fd_close(file)));

  // The directory stops passing on the right to write; files opened beneath it cannot ask for it.
  __wasi_fdstat_t directory;
  printf("directory fdstat: %s\n", name(__wasi_fd_fdstat_get(3, &directory)));
  error = __wasi_fd_fdstat_set_rights(3, directory.fs_rights_base,
                                      directory.fs_rights_inheriting & ~(__WASI_RIGHTS_FD_WRITE));
  printf("directory drops inheriting write: %s\n", name(error));
  printf("open for writing: %s\n", name(__wasi_path_open(3, 0, "data.txt", 0, read_write, 0, 0, &file)));
  error = __wasi_path_open(3, 0, "data.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &file);
  printf("open for reading: %s\n", name(error));

  // And once it gives up creating files, none can be made.
  error = __wasi_fd_fdstat_set_rights(3, directory.fs_rights_base & ~__WASI_RIGHTS_PATH_CREATE_FILE,
                                      directory.fs_rights_inheriting & ~(__WASI_RIGHTS_FD_WRITE));
  printf("directory drops create: %s\n", name(error));
  error = __wasi_path_open(3, 0, "new.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &file);
  printf("create without the right: %s\n", name(error));
  return 0;
}
