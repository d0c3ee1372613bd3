// The rights each kind of file starts with.
#include "wasi/rights.h"

#include <sys/stat.h>

namespace kiln::wasi::rights {

FdRights for_file_type(FileType type) {
  switch (type) {
    case FileType::Directory: return {kDirectory, kAll};
    case FileType::RegularFile:
    case FileType::BlockDevice: return {kRegularFile, 0};
    default: return {kStream, 0};
  }
}

FdRights for_host_fd(int host_fd) {
  struct stat info {};
  if (fstat(host_fd, &info) != 0) return {kStream, 0};
  return for_file_type(file_type_from_mode(info.st_mode));
}

}  // namespace kiln::wasi::rights
