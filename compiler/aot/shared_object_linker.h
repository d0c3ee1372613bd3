// Links a relocatable object into an ELF shared object with LLVM's lld, in process: no linker
// needs to be installed where kiln runs.
#pragma once

#include <cstdint>
#include <vector>

#include <llvm/Support/MemoryBuffer.h>

namespace kiln::aot {

// Links the objects into one shared object. Throws kiln::Error with lld's messages when linking fails.
std::vector<uint8_t> link_shared_object(const std::vector<const llvm::MemoryBuffer*>& objects);

}  // namespace kiln::aot
