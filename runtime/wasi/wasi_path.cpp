// WASI functions on paths, each resolved beneath a directory descriptor (sandbox.h): opening
// files, their status, and creating and removing directories and files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/rights.h"
#include "wasi/sandbox.h"
#include "wasi_functions.h"

namespace kiln::wasi::detail {
namespace {

// Bits of path_open's arguments.
constexpr uint32_t kLookupFollowSymlinks = 1;
constexpr uint32_t kOpenCreate = 1, kOpenDirectory = 2, kOpenExclusive = 4, kOpenTruncate = 8;
constexpr uint32_t kFdAppend = 1, kFdDataSync = 2, kFdNonBlock = 4, kFdSync = 16;
constexpr uint64_t kRightRead = uint64_t{1} << 1, kRightWrite = uint64_t{1} << 6;

int host_open_flags(uint32_t open_flags, uint64_t rights, uint32_t fd_flags) {
  bool read = rights & kRightRead;
  bool write = rights & kRightWrite;
  int flags = write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (open_flags & kOpenCreate) flags |= O_CREAT;
  if (open_flags & kOpenDirectory) flags |= O_DIRECTORY;
  if (open_flags & kOpenExclusive) flags |= O_EXCL;
  if (open_flags & kOpenTruncate) flags |= O_TRUNC;
  if (fd_flags & kFdAppend) flags |= O_APPEND;
  if (fd_flags & kFdDataSync) flags |= O_DSYNC;
  if (fd_flags & kFdNonBlock) flags |= O_NONBLOCK;
  if (fd_flags & kFdSync) flags |= O_SYNC;
  return flags;
}

}  // namespace

void define_path_functions(Linker& linker, WasiContext& context) {
  FdTable& fds = context.fds();
  linker.func(
      kModule, "path_open",
      [&fds](Caller& caller, uint32_t fd, uint32_t lookup, uint32_t path, uint32_t path_length, uint32_t open_flags,
             uint64_t base, uint64_t inheriting, uint32_t fd_flags, uint32_t result) {
        return with_memory(caller, [&](const GuestMemory& memory) {
          uint64_t needed = rights::kPathOpen;
          if (open_flags & kOpenCreate) needed |= rights::kPathCreateFile;
          if (open_flags & kOpenTruncate) needed |= rights::kPathFilestatSetSize;
          FdLookup directory = fds.find(fd, needed);
          if (!directory.entry) return directory.error;
          // The new descriptor may have only what the directory passes on.
          uint64_t passed_on = directory.entry->rights.inheriting;
          if ((base & ~passed_on) || (inheriting & ~passed_on)) return Errno::NotCapable;
          memory.bytes(result, 4);
          OpenResult opened =
              open_beneath(directory.entry->host_fd, memory.string(path, path_length),
                           host_open_flags(open_flags, base, fd_flags), 0666, lookup & kLookupFollowSymlinks);
          if (opened.error != Errno::Success) return opened.error;
          FdRights supported = rights::for_host_fd(opened.fd);
          FdRights granted{base & supported.base, inheriting & supported.inheriting};
          memory.store<uint32_t>(
              result,
              fds.insert(
                  {.host_fd = opened.fd, .rights = granted, .owns_host_fd = true, .preopen_name = {}, .listing = {}}));
          return Errno::Success;
        });
      });
  linker.func(
      kModule, "path_filestat_get",
      [&fds](Caller& caller, uint32_t fd, uint32_t lookup, uint32_t path, uint32_t path_length, uint32_t result) {
        return with_memory(caller, [&](const GuestMemory& memory) {
          FdLookup directory = fds.find(fd, rights::kPathFilestatGet);
          if (!directory.entry) return directory.error;
          OpenResult opened = open_beneath(directory.entry->host_fd, memory.string(path, path_length), O_PATH, 0,
                                           lookup & kLookupFollowSymlinks);
          if (opened.error != Errno::Success) return opened.error;
          struct stat info {};
          int status = fstat(opened.fd, &info);
          int error = errno;
          close(opened.fd);
          if (status != 0) return errno_from_posix(error);
          store_filestat(memory, result, info);
          return Errno::Success;
        });
      });
  linker.func(kModule, "path_create_directory",
              [&fds](Caller& caller, uint32_t fd, uint32_t path, uint32_t path_length) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  ResolvedParent target(fds.find(fd, rights::kPathCreateDirectory), memory.string(path, path_length));
                  if (target.error() != Errno::Success) return target.error();
                  return result_errno(mkdirat(target.fd(), target.name(), 0777));
                });
              });
  linker.func(kModule, "path_remove_directory",
              [&fds](Caller& caller, uint32_t fd, uint32_t path, uint32_t path_length) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  ResolvedParent target(fds.find(fd, rights::kPathRemoveDirectory), memory.string(path, path_length));
                  if (target.error() != Errno::Success) return target.error();
                  return result_errno(unlinkat(target.fd(), target.name(), AT_REMOVEDIR));
                });
              });
  linker.func(kModule, "path_unlink_file", [&fds](Caller& caller, uint32_t fd, uint32_t path, uint32_t path_length) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      ResolvedParent target(fds.find(fd, rights::kPathUnlinkFile), memory.string(path, path_length));
      if (target.error() != Errno::Success) return target.error();
      return result_errno(unlinkat(target.fd(), target.name(), 0));
    });
  });
}

}  // namespace kiln::wasi::detail
