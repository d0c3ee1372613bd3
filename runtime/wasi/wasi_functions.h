// Internal to the WASI library: the groups of preview1 functions (each in its own file) and the
// helpers they share for reaching guest memory and writing WASI's structures.
#pragma once

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <optional>

#include "kiln/linker.h"
#include "wasi/errno.h"
#include "wasi/guest_memory.h"
#include "wasi/sandbox.h"
#include "wasi/wasi_context.h"

namespace kiln::wasi::detail {

inline constexpr const char* kModule = "wasi_snapshot_preview1";

void define_process_functions(Linker& linker, WasiContext& context);  // args, environ, clocks, random, exit, polls
void define_fd_functions(Linker& linker, WasiContext& context);
void define_directory_functions(Linker& linker, WasiContext& context);  // fd_readdir
void define_path_functions(Linker& linker, WasiContext& context);
void define_link_functions(Linker& linker, WasiContext& context);  // rename, links, times by path
void define_poll_functions(Linker& linker, WasiContext& context);  // poll_oneoff

// Runs `body(memory)`, which returns an Errno, and gives it as the i32 a WASI function returns:
// `fault` when the body touched guest memory out of bounds.
template <class Body>
int32_t with_memory(Caller& caller, Body body) {
  try {
    return static_cast<int32_t>(body(GuestMemory(caller)));
  } catch (const GuestFault&) {
    return static_cast<int32_t>(Errno::Fault);
  }
}

// The host times for `fd/path_filestat_set_times`' arguments (`fstflags`: atim 1, atim_now 2,
// mtim 4, mtim_now 8); Invalid when a time is both given and "now".
Errno host_times(uint64_t access, uint64_t modification, uint32_t flags, timespec (&times)[2]);

// An open ParentAndName that closes its directory when it goes.
class ResolvedParent {
 public:
  ResolvedParent(FdLookup directory, std::string_view path)
      : target_(directory.entry ? open_parent_beneath(directory.entry->host_fd, path)
                                : ParentAndName{{-1, directory.error}, {}}) {}
  ~ResolvedParent() {
    if (target_.parent.fd >= 0) close(target_.parent.fd);
  }
  ResolvedParent(const ResolvedParent&) = delete;
  ResolvedParent& operator=(const ResolvedParent&) = delete;

  Errno error() const { return target_.parent.error; }
  int fd() const { return target_.parent.fd; }
  const char* name() const { return target_.name.c_str(); }

 private:
  ParentAndName target_;
};

// The errno of a host call that returned `result` (0 or -1 with errno set).
inline Errno result_errno(int result) { return result == 0 ? Errno::Success : errno_from_posix(errno); }

// The host clock for a WASI clock id (realtime, monotonic, process and thread CPU time).
std::optional<clockid_t> host_clock(uint32_t id);
// The clock's time in nanoseconds.
std::optional<uint64_t> now(clockid_t clock);
uint64_t nanoseconds(const timespec& time);

// Writes a `filestat` (64 bytes) for `info` at `pointer`.
void store_filestat(const GuestMemory& memory, uint64_t pointer, const struct stat& info);

}  // namespace kiln::wasi::detail
