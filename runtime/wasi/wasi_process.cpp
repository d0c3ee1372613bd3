// WASI functions about the process rather than files: arguments, environment, clocks, random
// bytes, yielding, and proc_exit.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <optional>

#include "wasi_functions.h"

namespace kiln::wasi::detail {
namespace {

// args_get / environ_get: an array of pointers at `pointers`, the NUL-terminated strings at `buffer`.
Errno store_strings(const GuestMemory& memory, const std::vector<std::string>& strings, uint32_t pointers,
                    uint32_t buffer) {
  uint64_t offset = buffer;
  for (size_t i = 0; i < strings.size(); ++i) {
    const std::string& text = strings[i];
    std::span<uint8_t> target = memory.bytes(offset, text.size() + 1);
    std::copy(text.begin(), text.end(), target.begin());
    target.back() = 0;
    memory.store<uint32_t>(uint64_t{pointers} + i * 4, static_cast<uint32_t>(offset));
    offset += text.size() + 1;
  }
  return Errno::Success;
}

Errno store_sizes(const GuestMemory& memory, const std::vector<std::string>& strings, uint32_t count_pointer,
                  uint32_t size_pointer) {
  uint64_t size = 0;
  for (const std::string& text : strings) size += text.size() + 1;
  if (size > UINT32_MAX) return Errno::Overflow;
  memory.store<uint32_t>(count_pointer, static_cast<uint32_t>(strings.size()));
  memory.store<uint32_t>(size_pointer, static_cast<uint32_t>(size));
  return Errno::Success;
}

}  // namespace

std::optional<clockid_t> host_clock(uint32_t id) {
  switch (id) {
    case 0: return CLOCK_REALTIME;
    case 1: return CLOCK_MONOTONIC;
    case 2: return CLOCK_PROCESS_CPUTIME_ID;
    case 3: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

uint64_t nanoseconds(const timespec& time) {
  return static_cast<uint64_t>(time.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(time.tv_nsec);
}

std::optional<uint64_t> now(clockid_t clock) {
  timespec time{};
  if (clock_gettime(clock, &time) != 0) return std::nullopt;
  return nanoseconds(time);
}

void define_process_functions(Linker& linker, WasiContext& context) {
  linker.func(kModule, "args_sizes_get", [&context](Caller& caller, uint32_t count, uint32_t size) {
    return with_memory(caller,
                       [&](const GuestMemory& memory) { return store_sizes(memory, context.args(), count, size); });
  });
  linker.func(kModule, "args_get", [&context](Caller& caller, uint32_t pointers, uint32_t buffer) {
    return with_memory(
        caller, [&](const GuestMemory& memory) { return store_strings(memory, context.args(), pointers, buffer); });
  });
  linker.func(kModule, "environ_sizes_get", [&context](Caller& caller, uint32_t count, uint32_t size) {
    return with_memory(caller,
                       [&](const GuestMemory& memory) { return store_sizes(memory, context.env(), count, size); });
  });
  linker.func(kModule, "environ_get", [&context](Caller& caller, uint32_t pointers, uint32_t buffer) {
    return with_memory(
        caller, [&](const GuestMemory& memory) { return store_strings(memory, context.env(), pointers, buffer); });
  });
  linker.func(kModule, "clock_res_get", [](Caller& caller, uint32_t id, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      std::optional<clockid_t> clock = host_clock(id);
      timespec resolution{};
      if (!clock || clock_getres(*clock, &resolution) != 0) return Errno::Invalid;
      memory.store<uint64_t>(result, nanoseconds(resolution));
      return Errno::Success;
    });
  });
  linker.func(kModule, "clock_time_get", [](Caller& caller, uint32_t id, uint64_t /*precision*/, uint32_t result) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      std::optional<clockid_t> clock = host_clock(id);
      std::optional<uint64_t> time = clock ? now(*clock) : std::nullopt;
      if (!time) return Errno::Invalid;
      memory.store<uint64_t>(result, *time);
      return Errno::Success;
    });
  });
  linker.func(kModule, "random_get", [](Caller& caller, uint32_t buffer, uint32_t length) {
    return with_memory(caller, [&](const GuestMemory& memory) {
      std::span<uint8_t> target = memory.bytes(buffer, length);
      while (!target.empty()) {
        ssize_t filled = getrandom(target.data(), target.size(), 0);
        if (filled < 0) {
          if (errno == EINTR) continue;
          return errno_from_posix(errno);
        }
        target = target.subspan(static_cast<size_t>(filled));
      }
      return Errno::Success;
    });
  });
  linker.func(kModule, "sched_yield", []() {
    sched_yield();
    return int32_t{0};
  });
  linker.func(kModule, "proc_exit", [&context](uint32_t code) -> Result<void> {
    context.set_exit_code(code);
    return host_trap(kProcExitMessage);
  });
  // Raising a signal in the host process would let a guest kill its embedder; like wasmtime,
  // kiln does not support it (wasi-libc's raise() never calls it).
  linker.func(kModule, "proc_raise", [](uint32_t /*signal*/) { return static_cast<int32_t>(Errno::NoSys); });
}

}  // namespace kiln::wasi::detail
