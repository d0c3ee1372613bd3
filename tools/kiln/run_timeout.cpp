// Durations for --timeout and the thread that enforces one.
#include "run_timeout.h"

#include <charconv>
#include <cmath>

namespace kiln::cli {

std::optional<std::chrono::nanoseconds> parse_duration(const std::string& text) {
  struct Unit {
    const char* suffix;
    double nanoseconds;
  };
  // Longest suffixes first: "ms" must not be read as "s".
  static constexpr Unit kUnits[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  std::string_view number = text;
  double scale = 1e9;  // plain numbers are seconds
  for (const Unit& unit : kUnits) {
    if (number.ends_with(unit.suffix)) {
      number.remove_suffix(std::char_traits<char>::length(unit.suffix));
      scale = unit.nanoseconds;
      break;
    }
  }
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() || !std::isfinite(value) ||
      value < 0 || value * scale > 1e18)
    return std::nullopt;
  return std::chrono::nanoseconds(static_cast<int64_t>(value * scale));
}

Watchdog::Watchdog(Store& store, std::chrono::nanoseconds limit)
    : thread_([this, &store, limit] {
        std::unique_lock lock(mutex_);
        if (!wake_.wait_for(lock, limit, [this] { return cancelled_; })) store.interrupt();
      }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace kiln::cli
