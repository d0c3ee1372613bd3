// WASI functions on open descriptors: reading, writing, seeking, syncing, sizing, closing and
// describing them, naming preopened directories, and the socket calls.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <iterator>
#include <limits>

#include "wasi/rights.h"
#include "wasi_functions.h"

namespace kiln::wasi::detail {

void store_filestat(const GuestMemory& memory, uint64_t pointer, const struct stat& info) {
  std::span<uint8_t> target = memory.bytes(pointer, 64);
  std::fill(target.begin(), target.end(), uint8_t{0});
  memory.store<uint64_t>(pointer, info.st_dev);
  memory.store<uint64_t>(pointer + 8, info.st_ino);
  memory.store<uint8_t>(pointer + 16, static_cast<uint8_t>(file_type_from_mode(info.st_mode)));
  memory.store<uint64_t>(pointer + 24, info.st_nlink);
  memory.store<uint64_t>(pointer + 32, static_cast<uint64_t>(info.st_size));
  memory.store<uint64_t>(pointer + 40, nanoseconds(info.st_atim));
  memory.store<uint64_t>(pointer + 48, nanoseconds(info.st_mtim));
  memory.store<uint64_t>(pointer + 56, nanoseconds(info.st_ctim));
}

Errno host_times(uint64_t access, uint64_t modification, uint32_t flags, timespec (&times)[2]) {
  auto one = [](uint64_t nanoseconds, bool given, bool now) {
    if (now) return timespec{0, UTIME_NOW};
    if (!given) return timespec{0, UTIME_OMIT};
    return timespec{static_cast<time_t>(nanoseconds / 1'000'000'000u), static_cast<long>(nanoseconds % 1'000'000'000u)};
  };
  if ((flags & 1 && flags & 2) || (flags & 4 && flags & 8)) return Errno::Invalid;
  times[0] = one(access, flags & 1, flags & 2);
  times[1] = one(modification, flags & 4, flags & 8);
  return Errno::Success;
}

namespace {

// The iovec array (`ciovec`/`iovec`: pointer and length, 8 bytes each) as host iovecs into guest memory.
std::vector<iovec> host_iovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count) {
  std::vector<iovec> result;
  result.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buffer = memory.load<uint32_t>(uint64_t{iovs} + uint64_t{i} * 8);
    uint32_t length = memory.load<uint32_t>(uint64_t{iovs} + uint64_t{i} * 8 + 4);
    result.push_back({memory.bytes(buffer, length).data(), length});
  }
  return result;
}

template <class Transfer>
Errno transfer(FdLookup fd, const GuestMemory& memory, uint32_t iovs, uint32_t count, uint32_t done_pointer,
               Transfer operation) {
  if (!fd.entry) return fd.error;
  if (count > IOV_MAX) return Errno::Invalid;
  std::vector<iovec> buffers = host_iovecs(memory, iovs, count);
  ssize_t done;
  do {
    done = operation(fd.entry->host_fd, buffers.data(), static_cast<int>(buffers.size()));
  } while (done < 0 && errno == EINTR);
  if (done < 0) return errno_from_posix(errno);
  memory.store<uint32_t>(done_pointer, static_cast<uint32_t>(done));
  return Errno::Success;
}

std::optional<int> host_whence(uint32_t whence) {
  switch (whence) {
    case 0: return SEEK_SET;
    case 1: return SEEK_CUR;
    case 2: return SEEK_END;
    default: return std::nullopt;
  }
}

uint16_t wasi_fd_flags(int host_flags) {
  uint16_t flags = 0;
  if (host_flags & O_APPEND) flags |= 1;
  if ((host_flags & O_DSYNC) == O_DSYNC) flags |= 2;
  if (host_flags & O_NONBLOCK) flags |= 4;
  if ((host_flags & O_SYNC) == O_SYNC) flags |= 16;
  return flags;
}

}  // namespace

void define_fd_functions(Linker& linker, WasiContext& context) {
  FdTable& fds = context.fds();
  linker.func(kModule, "fd_write", [&fds](Caller& caller, uint32_t fd, uint32_t iovs, uint32_t count, uint32_t done) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      return transfer(fds.find(fd, rights::kFdWrite), memory, iovs, count, done, writev);
    });
  });
  linker.func(kModule, "fd_read", [&fds](Caller& caller, uint32_t fd, uint32_t iovs, uint32_t count, uint32_t done) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      return transfer(fds.find(fd, rights::kFdRead), memory, iovs, count, done, readv);
    });
  });
  linker.func(kModule, "fd_pwrite",
              [&fds](Caller& caller, uint32_t fd, uint32_t iovs, uint32_t count, uint64_t offset, uint32_t done) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  if (offset > static_cast<uint64_t>(std::numeric_limits<off_t>::max())) return Errno::Invalid;
                  return transfer(fds.find(fd, rights::kFdWrite | rights::kFdSeek), memory, iovs, count, done,
                                  [offset](int host, const iovec* v, int n) {
                                    return pwritev(host, v, n, static_cast<off_t>(offset));
                                  });
                });
              });
  linker.func(kModule, "fd_pread",
              [&fds](Caller& caller, uint32_t fd, uint32_t iovs, uint32_t count, uint64_t offset, uint32_t done) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  if (offset > static_cast<uint64_t>(std::numeric_limits<off_t>::max())) return Errno::Invalid;
                  return transfer(fds.find(fd, rights::kFdRead | rights::kFdSeek), memory, iovs, count, done,
                                  [offset](int host, const iovec* v, int n) {
                                    return preadv(host, v, n, static_cast<off_t>(offset));
                                  });
                });
              });
  // The calls below touch no guest memory: they return their errno directly.
  auto on_fd = [&fds](uint32_t fd, uint64_t needed, auto operation) {
    FdLookup found = fds.find(fd, needed);
    if (!found.entry) return static_cast<int32_t>(found.error);
    int result = operation(found.entry->host_fd);
    // posix_fallocate and posix_fadvise return the error rather than setting errno.
    if (result > 0) return static_cast<int32_t>(errno_from_posix(result));
    return static_cast<int32_t>(result == 0 ? Errno::Success : errno_from_posix(errno));
  };
  linker.func(kModule, "fd_datasync", [on_fd](uint32_t fd) { return on_fd(fd, rights::kFdDatasync, fdatasync); });
  linker.func(kModule, "fd_sync", [on_fd](uint32_t fd) { return on_fd(fd, rights::kFdSync, fsync); });
  linker.func(kModule, "fd_filestat_set_size", [on_fd](uint32_t fd, uint64_t size) {
    if (size > static_cast<uint64_t>(std::numeric_limits<off_t>::max())) return static_cast<int32_t>(Errno::FileTooBig);
    return on_fd(fd, rights::kFdFilestatSetSize,
                 [size](int host) { return ftruncate(host, static_cast<off_t>(size)); });
  });
  linker.func(kModule, "fd_allocate", [on_fd](uint32_t fd, uint64_t offset, uint64_t length) {
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<off_t>::max());
    if (offset > kMax || length > kMax - offset) return static_cast<int32_t>(Errno::FileTooBig);
    return on_fd(fd, rights::kFdAllocate, [=](int host) {
      return posix_fallocate(host, static_cast<off_t>(offset), static_cast<off_t>(length));
    });
  });
  linker.func(kModule, "fd_advise", [on_fd](uint32_t fd, uint64_t offset, uint64_t length, uint32_t advice) {
    static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                      POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<off_t>::max());
    if (advice >= std::size(kAdvice) || offset > kMax || length > kMax) return static_cast<int32_t>(Errno::Invalid);
    return on_fd(fd, rights::kFdAdvise, [=](int host) {
      return posix_fadvise(host, static_cast<off_t>(offset), static_cast<off_t>(length), kAdvice[advice]);
    });
  });
  linker.func(kModule, "fd_filestat_set_times",
              [on_fd](uint32_t fd, uint64_t access, uint64_t modification, uint32_t flags) {
                timespec times[2];
                if (Errno error = host_times(access, modification, flags, times); error != Errno::Success)
                  return static_cast<int32_t>(error);
                return on_fd(fd, rights::kFdFilestatSetTimes, [&times](int host) { return futimens(host, times); });
              });
  linker.func(kModule, "fd_renumber",
              [&fds](uint32_t from, uint32_t to) { return static_cast<int32_t>(fds.renumber(from, to)); });
  linker.func(kModule, "fd_close", [&fds](uint32_t fd) { return static_cast<int32_t>(fds.close(fd)); });
  linker.func(kModule, "fd_seek",
              [&fds](Caller& caller, uint32_t fd, int64_t offset, uint32_t whence, uint32_t result) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  // Asking where the descriptor is needs only the right to tell.
                  bool tell_only = offset == 0 && whence == 1;
                  FdLookup found = fds.find(fd, tell_only ? rights::kFdTell : rights::kFdSeek);
                  if (!found.entry) return found.error;
                  std::optional<int> host = host_whence(whence);
                  if (!host) return Errno::Invalid;
                  off_t position = lseek(found.entry->host_fd, offset, *host);
                  if (position < 0) return errno_from_posix(errno);
                  memory.store<uint64_t>(result, static_cast<uint64_t>(position));
                  return Errno::Success;
                });
              });
  linker.func(kModule, "fd_tell", [&fds](Caller& caller, uint32_t fd, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      FdLookup found = fds.find(fd, rights::kFdTell);
      if (!found.entry) return found.error;
      off_t position = lseek(found.entry->host_fd, 0, SEEK_CUR);
      if (position < 0) return errno_from_posix(errno);
      memory.store<uint64_t>(result, static_cast<uint64_t>(position));
      return Errno::Success;
    });
  });
  linker.func(kModule, "fd_fdstat_get", [&fds](Caller& caller, uint32_t fd, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      FdEntry* entry = fds.find(fd);
      if (!entry) return Errno::BadFd;
      struct stat info {};
      int flags = fcntl(entry->host_fd, F_GETFL);
      if (fstat(entry->host_fd, &info) != 0 || flags < 0) return errno_from_posix(errno);
      FileType type = file_type_from_mode(info.st_mode);
      std::span<uint8_t> target = memory.bytes(result, 24);
      std::fill(target.begin(), target.end(), uint8_t{0});
      memory.store<uint8_t>(result, static_cast<uint8_t>(type));
      memory.store<uint16_t>(uint64_t{result} + 2, wasi_fd_flags(flags));
      memory.store<uint64_t>(uint64_t{result} + 8, entry->rights.base);
      memory.store<uint64_t>(uint64_t{result} + 16, entry->rights.inheriting);
      return Errno::Success;
    });
  });
  linker.func(kModule, "fd_fdstat_set_rights", [&fds](uint32_t fd, uint64_t base, uint64_t inheriting) {
    FdEntry* entry = fds.find(fd);
    if (!entry) return static_cast<int32_t>(Errno::BadFd);
    // Rights can be dropped, never gained.
    if ((base & ~entry->rights.base) || (inheriting & ~entry->rights.inheriting))
      return static_cast<int32_t>(Errno::NotCapable);
    entry->rights = {base, inheriting};
    return int32_t{0};
  });
  linker.func(kModule, "fd_fdstat_set_flags", [&fds](uint32_t fd, uint32_t flags) {
    FdLookup found = fds.find(fd, rights::kFdFdstatSetFlags);
    if (!found.entry) return static_cast<int32_t>(found.error);
    FdEntry* entry = found.entry;
    // Linux can change only these two of WASI's flags on an open descriptor.
    constexpr uint32_t kAppend = 1, kNonBlock = 4;
    if (flags & ~(kAppend | kNonBlock)) return static_cast<int32_t>(Errno::NotSupported);
    int current = fcntl(entry->host_fd, F_GETFL);
    if (current < 0) return static_cast<int32_t>(errno_from_posix(errno));
    int wanted = (current & ~(O_APPEND | O_NONBLOCK)) | ((flags & kAppend) ? O_APPEND : 0) |
                 ((flags & kNonBlock) ? O_NONBLOCK : 0);
    if (fcntl(entry->host_fd, F_SETFL, wanted) != 0) return static_cast<int32_t>(errno_from_posix(errno));
    return int32_t{0};
  });
  linker.func(kModule, "fd_filestat_get", [&fds](Caller& caller, uint32_t fd, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      FdLookup found = fds.find(fd, rights::kFdFilestatGet);
      if (!found.entry) return found.error;
      struct stat info {};
      if (fstat(found.entry->host_fd, &info) != 0) return errno_from_posix(errno);
      store_filestat(memory, result, info);
      return Errno::Success;
    });
  });
  linker.func(kModule, "fd_prestat_get", [&fds](Caller& caller, uint32_t fd, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      FdEntry* entry = fds.find(fd);
      if (!entry || !entry->preopen_name) return Errno::BadFd;
      memory.store<uint32_t>(result, 0);  // the tag `dir`, and padding
      memory.store<uint32_t>(uint64_t{result} + 4, static_cast<uint32_t>(entry->preopen_name->size()));
      return Errno::Success;
    });
  });
  linker.func(kModule, "fd_prestat_dir_name", [&fds](Caller& caller, uint32_t fd, uint32_t path, uint32_t length) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      FdEntry* entry = fds.find(fd);
      if (!entry || !entry->preopen_name) return Errno::BadFd;
      const std::string& name = *entry->preopen_name;
      if (length < name.size()) return Errno::NameTooLong;
      std::span<uint8_t> target = memory.bytes(path, name.size());
      std::copy(name.begin(), name.end(), target.begin());
      return Errno::Success;
    });
  });
  // kiln gives programs no sockets, so every open descriptor with the right these need is not one.
  auto not_a_socket = [&fds](uint32_t fd, uint64_t needed) {
    FdLookup found = fds.find(fd, needed);
    return static_cast<int32_t>(found.entry ? Errno::NotSocket : found.error);
  };
  linker.func(kModule, "sock_accept",
              [not_a_socket](uint32_t fd, uint32_t, uint32_t) { return not_a_socket(fd, rights::kSockAccept); });
  linker.func(kModule, "sock_recv", [not_a_socket](uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) {
    return not_a_socket(fd, rights::kFdRead);
  });
  linker.func(kModule, "sock_send", [not_a_socket](uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t) {
    return not_a_socket(fd, rights::kFdWrite);
  });
  linker.func(kModule, "sock_shutdown",
              [not_a_socket](uint32_t fd, uint32_t) { return not_a_socket(fd, rights::kSockShutdown); });
}

}  // namespace kiln::wasi::detail
