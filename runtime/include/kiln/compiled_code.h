// Machine code for one module, as a compiler (the JIT) or the loader of an AOT shared object
// hands it to the runtime. The runtime instantiates modules from this and the module model,
// and never needs to know how the code was made.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kiln/abi.h"
#include "kiln/code_map.h"
#include "kiln/linear_memory.h"

namespace kiln {

// How compiled code keeps memory accesses in bounds. The runtime refuses to instantiate code
// with a memory that does not give it what its mode relies on.
enum class BoundsChecks : uint8_t {
  // The hardware checks: the code needs memories that reserve 4 GiB plus a guard region of at
  // least its guard_bytes, and checks explicitly only accesses whose static offset could pass it.
  Guard,
  // Every access is compared with the memory's current size; any memory will do.
  Explicit,
};

class CompiledCode {
 public:
  virtual ~CompiledCode() = default;

  // A program counter inside a defined function's machine code.
  struct CodePosition {
    uint32_t defined;      // the function (index minus the number of imported functions)
    uint32_t code_offset;  // bytes from its first instruction
  };
  // The function whose code holds `pc`, from `functions` and the code map. Code compiled lazily
  // overrides it: there `functions` are stubs, and bodies appear while other threads run.
  virtual std::optional<CodePosition> find_code(uintptr_t pc) const;

  // Per defined function (index minus the number of imported functions): its code in the wasm
  // calling convention (abi.h).
  std::vector<const void*> functions;
  // Per type index: the entry trampoline that calls a function of that type from C++.
  std::vector<abi::EntryTrampoline> entries;
  // Per type index: the host thunk that an import slot of that type uses for a host function.
  std::vector<const void*> host_thunks;
  // What the code's memory accesses rely on (see BoundsChecks).
  BoundsChecks bounds_checks = BoundsChecks::Guard;
  uint64_t guard_bytes = kDefaultGuardBytes;  // the guard region Guard mode needs
  // Per defined function, its code size and wasm offsets: what turns a trap's program counters
  // into wasm frames. Empty when the compiler did not record it (traps then have no backtrace).
  CodeMap code_map;
  // Whether the code checks for interruption (Store::interrupt) and counts fuel (Store::set_fuel):
  // without the checks, neither limit can stop it.
  bool interruptible = false;
  bool consumes_fuel = false;
  // Whether the functions follow abi.h's calling convention, so that typed calls may enter them
  // directly with their values in registers: true for what the compilers make; false for
  // stand-ins that only their entry trampolines know how to call.
  bool direct_typed_calls = true;
};

}  // namespace kiln
