// WASI functions that name two paths or a link: renaming, hard and symbolic links, reading a
// link, and setting times by path. Both ends of each stay beneath their directory descriptors.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/rights.h"
#include "wasi/sandbox.h"
#include "wasi_functions.h"

namespace kiln::wasi::detail {
namespace {

constexpr uint32_t kLookupFollowSymlinks = 1;

}  // namespace

void define_link_functions(Linker& linker, WasiContext& context) {
  FdTable& fds = context.fds();
  linker.func(kModule, "path_rename",
              [&fds](Caller& caller, uint32_t fd, uint32_t old_path, uint32_t old_length, uint32_t new_fd,
                     uint32_t new_path, uint32_t new_length) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  ResolvedParent from(fds.find(fd, rights::kPathRenameSource), memory.string(old_path, old_length));
                  ResolvedParent to(fds.find(new_fd, rights::kPathRenameTarget), memory.string(new_path, new_length));
                  if (from.error() != Errno::Success) return from.error();
                  if (to.error() != Errno::Success) return to.error();
                  return result_errno(renameat(from.fd(), from.name(), to.fd(), to.name()));
                });
              });
  linker.func(kModule, "path_link",
              [&fds](Caller& caller, uint32_t fd, uint32_t lookup, uint32_t old_path, uint32_t old_length,
                     uint32_t new_fd, uint32_t new_path, uint32_t new_length) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  ResolvedParent from(fds.find(fd, rights::kPathLinkSource), memory.string(old_path, old_length));
                  ResolvedParent to(fds.find(new_fd, rights::kPathLinkTarget), memory.string(new_path, new_length));
                  if (from.error() != Errno::Success) return from.error();
                  if (to.error() != Errno::Success) return to.error();
                  // Following a link here would let it name a file outside; the sandbox allows only the link itself.
                  if (lookup & kLookupFollowSymlinks) return Errno::NotCapable;
                  return result_errno(linkat(from.fd(), from.name(), to.fd(), to.name(), 0));
                });
              });
  linker.func(kModule, "path_symlink",
              [&fds](Caller& caller, uint32_t old_path, uint32_t old_length, uint32_t fd, uint32_t new_path,
                     uint32_t new_length) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  std::string target(memory.string(old_path, old_length));
                  // Links are always resolved beneath their directory, but an absolute one would
                  // mislead host programs that follow it; refuse it outright.
                  if (target.empty() || target.front() == '/' || target.find('\0') != std::string::npos)
                    return Errno::NotCapable;
                  ResolvedParent link(fds.find(fd, rights::kPathSymlink), memory.string(new_path, new_length));
                  if (link.error() != Errno::Success) return link.error();
                  return result_errno(symlinkat(target.c_str(), link.fd(), link.name()));
                });
              });
  linker.func(kModule, "path_readlink",
              [&fds](Caller& caller, uint32_t fd, uint32_t path, uint32_t path_length, uint32_t buffer,
                     uint32_t buffer_length, uint32_t used) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  ResolvedParent link(fds.find(fd, rights::kPathReadlink), memory.string(path, path_length));
                  if (link.error() != Errno::Success) return link.error();
                  std::span<uint8_t> target = memory.bytes(buffer, buffer_length);
                  memory.bytes(used, 4);
                  ssize_t length =
                      readlinkat(link.fd(), link.name(), reinterpret_cast<char*>(target.data()), target.size());
                  if (length < 0) return errno_from_posix(errno);
                  memory.store<uint32_t>(used, static_cast<uint32_t>(length));
                  return Errno::Success;
                });
              });
  linker.func(kModule, "path_filestat_set_times",
              [&fds](Caller& caller, uint32_t fd, uint32_t lookup, uint32_t path, uint32_t path_length, uint64_t access,
                     uint64_t modification, uint32_t flags) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  timespec times[2];
                  if (Errno error = host_times(access, modification, flags, times); error != Errno::Success)
                    return error;
                  // A link followed at the last step must stay beneath too: open it that way first.
                  if (lookup & kLookupFollowSymlinks) {
                    FdLookup directory = fds.find(fd, rights::kPathFilestatSetTimes);
                    if (!directory.entry) return directory.error;
                    OpenResult opened =
                        open_beneath(directory.entry->host_fd, memory.string(path, path_length), O_RDONLY, 0, true);
                    if (opened.error != Errno::Success) return opened.error;
                    int result = futimens(opened.fd, times);
                    int error = errno;
                    close(opened.fd);
                    return result == 0 ? Errno::Success : errno_from_posix(error);
                  }
                  ResolvedParent target(fds.find(fd, rights::kPathFilestatSetTimes), memory.string(path, path_length));
                  if (target.error() != Errno::Success) return target.error();
                  return result_errno(utimensat(target.fd(), target.name(), times, AT_SYMLINK_NOFOLLOW));
                });
              });
}

}  // namespace kiln::wasi::detail
