// `kiln run --timeout`: the duration syntax, and a watchdog thread that interrupts the store when
// the time is up (the code is compiled interruptible, so it traps "interrupted").
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiln/store.h"

namespace kiln::cli {

// "500ms", "2s", "1.5s", "1m", "10us", or plain seconds ("3", "0.25"); nullopt for anything else.
std::optional<std::chrono::nanoseconds> parse_duration(const std::string& text);

// Interrupts `store` once `limit` has passed, unless destroyed first.
class Watchdog {
 public:
  Watchdog(Store& store, std::chrono::nanoseconds limit);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
  std::thread thread_;
};

}  // namespace kiln::cli
