// poll_oneoff: waits until a descriptor can be read or written or a clock's timeout passes
// (ppoll with the shortest timeout), then reports every subscription that is ready.
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "wasi/rights.h"
#include "wasi_functions.h"

namespace kiln::wasi::detail {
namespace {

// The layouts of `subscription` (48 bytes) and `event` (32 bytes), and their tags.
constexpr uint32_t kSubscriptionSize = 48;
constexpr uint32_t kEventSize = 32;
constexpr uint8_t kClock = 0, kFdRead = 1, kFdWrite = 2;
constexpr uint16_t kAbsoluteTime = 1;  // subclockflags
constexpr uint16_t kHangup = 1;        // eventrwflags

struct ClockWait {
  uint64_t userdata;
  uint64_t remaining;  // nanoseconds from now
};
struct FdWait {
  uint64_t userdata;
  uint8_t type;
};

class EventWriter {
 public:
  EventWriter(const GuestMemory& memory, uint32_t out) : memory_(memory), out_(out) {}
  void add(uint64_t userdata, Errno error, uint8_t type, uint64_t bytes = 0, uint16_t flags = 0) {
    uint64_t event = uint64_t{out_} + uint64_t{count_++} * kEventSize;
    std::span<uint8_t> target = memory_.bytes(event, kEventSize);
    std::fill(target.begin(), target.end(), uint8_t{0});
    memory_.store<uint64_t>(event, userdata);
    memory_.store<uint16_t>(event + 8, static_cast<uint16_t>(error));
    memory_.store<uint8_t>(event + 10, type);
    memory_.store<uint64_t>(event + 16, bytes);
    memory_.store<uint16_t>(event + 24, flags);
  }
  uint32_t count() const { return count_; }

 private:
  const GuestMemory& memory_;
  uint32_t out_;
  uint32_t count_ = 0;
};

// How many bytes a read of `fd` would return now, as far as the host can tell.
uint64_t readable_bytes(int fd) {
  int bytes = 0;
  return ioctl(fd, FIONREAD, &bytes) == 0 && bytes > 0 ? static_cast<uint64_t>(bytes) : 0;
}

Errno poll_oneoff(FdTable& fds, const GuestMemory& memory, uint32_t in, uint32_t out, uint32_t count,
                  uint32_t events_pointer) {
  if (count == 0) return Errno::Invalid;
  memory.bytes(in, uint64_t{count} * kSubscriptionSize);
  memory.bytes(out, uint64_t{count} * kEventSize);
  memory.bytes(events_pointer, 4);
  EventWriter events(memory, out);
  std::vector<ClockWait> clocks;
  std::vector<FdWait> fd_waits;
  std::vector<pollfd> polled;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t subscription = uint64_t{in} + uint64_t{i} * kSubscriptionSize;
    uint64_t userdata = memory.load<uint64_t>(subscription);
    uint8_t tag = memory.load<uint8_t>(subscription + 8);
    if (tag == kFdRead || tag == kFdWrite) {
      FdLookup found = fds.find(memory.load<uint32_t>(subscription + 16), rights::kPollFdReadwrite);
      if (!found.entry) {
        events.add(userdata, found.error, tag);
        continue;
      }
      fd_waits.push_back({userdata, tag});
      polled.push_back({found.entry->host_fd, static_cast<short>(tag == kFdRead ? POLLIN : POLLOUT), 0});
      continue;
    }
    std::optional<clockid_t> clock =
        tag == kClock ? host_clock(memory.load<uint32_t>(subscription + 16)) : std::nullopt;
    if (!clock) {
      events.add(userdata, Errno::Invalid, tag);
      continue;
    }
    uint64_t timeout = memory.load<uint64_t>(subscription + 24);
    if (memory.load<uint16_t>(subscription + 40) & kAbsoluteTime) {
      std::optional<uint64_t> current = now(*clock);
      if (!current) return Errno::Invalid;
      timeout = timeout > *current ? timeout - *current : 0;
    }
    clocks.push_back({userdata, timeout});
  }
  // A subscription that failed at once is an event already: report without waiting.
  if (events.count() == 0) {
    std::optional<uint64_t> shortest;
    for (const ClockWait& wait : clocks) shortest = std::min(shortest.value_or(wait.remaining), wait.remaining);
    timespec timeout{};
    if (shortest)
      timeout = {static_cast<time_t>(*shortest / 1'000'000'000u), static_cast<long>(*shortest % 1'000'000'000u)};
    std::optional<uint64_t> start = now(CLOCK_MONOTONIC);
    int ready = ppoll(polled.data(), polled.size(), shortest ? &timeout : nullptr, nullptr);
    if (ready < 0) return errno_from_posix(errno);
    std::optional<uint64_t> end = now(CLOCK_MONOTONIC);
    uint64_t elapsed = start && end ? *end - *start : 0;
    for (size_t i = 0; i < polled.size(); ++i) {
      short revents = polled[i].revents;
      if (revents == 0) continue;
      const FdWait& wait = fd_waits[i];
      if (revents & POLLNVAL)
        events.add(wait.userdata, Errno::BadFd, wait.type);
      else if ((revents & POLLERR) && !(revents & (POLLIN | POLLOUT)))
        events.add(wait.userdata, Errno::Io, wait.type);
      else
        events.add(wait.userdata, Errno::Success, wait.type, wait.type == kFdRead ? readable_bytes(polled[i].fd) : 0,
                   (revents & POLLHUP) ? kHangup : 0);
    }
    for (const ClockWait& wait : clocks)
      if (wait.remaining <= elapsed || (ready == 0 && wait.remaining == shortest))
        events.add(wait.userdata, Errno::Success, kClock);
  }
  memory.store<uint32_t>(events_pointer, events.count());
  return Errno::Success;
}

}  // namespace

void define_poll_functions(Linker& linker, WasiContext& context) {
  FdTable& fds = context.fds();
  linker.func(
      kModule, "poll_oneoff", [&fds](Caller& caller, uint32_t in, uint32_t out, uint32_t count, uint32_t events) {
        return with_memory(caller,
                           [&](const GuestMemory& memory) { return poll_oneoff(fds, memory, in, out, count, events); });
      });
}

}  // namespace kiln::wasi::detail
