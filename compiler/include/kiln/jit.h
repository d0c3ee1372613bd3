// In-process compilation: a validated module becomes machine code through LLVM's ORC JIT.
#pragma once

#include <memory>

#include "kiln/compile_stats.h"
#include "kiln/compiled_code.h"
#include "kiln/module.h"

namespace kiln {

struct CompileOptions {
  unsigned opt_level = 2;  // 0..3, as -O0..-O3
  // Explicit checks run with any memory; Guard code runs only with memories that reserve a
  // guard region of at least guard_bytes (MemoryConfig), which the runtime verifies.
  BoundsChecks bounds_checks = BoundsChecks::Guard;
  uint64_t guard_bytes = kDefaultGuardBytes;
  // Gives every LLVM instruction a debug location whose line is the byte offset of the wasm
  // instruction it lowers. `kiln ir` and `kiln asm` show them; compiled code's CodeMap is built
  // from them, so that traps say where they happened (without them, only in which function).
  bool wasm_offsets = true;
  // Checks the store's interrupt flag at every function entry and loop header, so that
  // Store::interrupt (and `kiln run --timeout`) can stop any running code. Off by default: a
  // check in a loop costs a load and a branch per iteration and can keep it from vectorizing.
  bool interruptible = false;
  // Charges every wasm instruction run to the store's fuel (Store::set_fuel), trapping when it
  // runs out: a deterministic budget. Off by default: a load, subtract, store and branch per
  // run of straight-line code.
  bool consume_fuel = false;
  // Keeps the trap of an out-of-bounds load whose value is never used. The optimizer deletes such
  // a load, and with guard regions its fault with it; so every loaded value is or-ed into a
  // per-function value stored at each return and trap while the optimizer runs, and afterwards
  // each load that nothing else keeps whole gets a volatile store of its own. Off, unused loads
  // may not trap (the behaviour before this was the default; it measured at most a few percent
  // faster). Explicit bounds checks need no help: their branch to the trap stays.
  bool trap_unused_loads = true;
  // How many partitions the module's functions are split into, each compiled on a thread of its
  // own: 1 compiles one LLVM module, 0 means one per hardware thread. The code is the same for
  // the same module and count (pipeline/partitioned_compile.h).
  unsigned threads = 1;
  // Compiles each function on its first call instead of all up front (kiln/lazy_compile.h): only
  // the trampolines and thunks are compiled here, every function at opt_level when first needed.
  // `threads` does not apply.
  bool lazy = false;
  // When set, receives the time each phase of compilation took.
  CompileStats* stats = nullptr;
};

// Compiles every function of a validated module, with the entry trampolines and host thunks of
// every type. The code stays alive (and registered with the trap handler) as long as the result.
// Throws kiln::Error when LLVM cannot compile the module.
std::shared_ptr<const CompiledCode> jit_compile(const Module& module, const CompileOptions& options = {});

}  // namespace kiln
