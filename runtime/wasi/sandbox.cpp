// Sandboxed path resolution with openat2(RESOLVE_BENEATH): the kernel resolves every component,
// symbolic links included, and refuses (EXDEV) any step that would leave the starting directory.
#include "wasi/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace kiln::wasi {

OpenResult open_beneath(int directory_fd, std::string_view path, int flags, mode_t mode, bool follow_symlinks) {
  if (path.find('\0') != std::string_view::npos) return {-1, Errno::IllegalSequence};
  if (path.empty()) return {-1, Errno::NoEntry};
  std::string terminated(path);
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW));
  // open_how.mode must be 0 unless a file may be created.
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = syscall(SYS_openat2, directory_fd, terminated.c_str(), &how, sizeof how);
  if (fd < 0) return {-1, errno_from_posix(errno)};
  return {static_cast<int>(fd), Errno::Success};
}

ParentAndName open_parent_beneath(int directory_fd, std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  if (name.empty() || name == "." || name == "..") return {{-1, Errno::Invalid}, {}};
  return {open_beneath(directory_fd, parent, O_PATH | O_DIRECTORY, 0, true), std::move(name)};
}

}  // namespace kiln::wasi
