// Machine code for one module, as a compiler (the JIT) or the loader of an AOT shared object
// hands it to the runtime. The runtime instantiates modules from this and the module model,
// and never needs to know how the code was made.
#pragma once

#include <vector>

#include "kiln/abi.h"

namespace kiln {

class CompiledCode {
 public:
  virtual ~CompiledCode() = default;

  // Per defined function (index minus the number of imported functions): its code in the wasm
  // calling convention (abi.h).
  std::vector<const void*> functions;
  // Per type index: the entry trampoline that calls a function of that type from C++.
  std::vector<abi::EntryTrampoline> entries;
  // Per type index: the host thunk that an import slot of that type uses for a host function.
  std::vector<const void*> host_thunks;
};

}  // namespace kiln
