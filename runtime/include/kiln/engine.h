// The engine: settings shared by every store, and the registry of canonical type ids.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kiln/linear_memory.h"
#include "kiln/type_registry.h"

namespace kiln {

struct EngineConfig {
  MemoryConfig memory;
  // The most elements a table may hold, below its declared maximum.
  uint64_t max_table_elements = 10'000'000;
  // Stack kept free below wasm's deepest frame for the runtime, host calls and the signal handler
  // (at least 2 * abi::kUncheckedLeafStack, whatever is set here).
  size_t stack_margin = 256 * 1024;
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {}) : config_(config) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineConfig& config() const { return config_; }
  TypeRegistry& types() { return types_; }

 private:
  EngineConfig config_;
  TypeRegistry types_;
};

}  // namespace kiln
