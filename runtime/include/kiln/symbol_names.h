// The symbol names of what a compiled module defines, shared by code generation and the code
// loaders (the JIT and the loader of shared objects) that look them up.
#pragma once

#include <cstdint>
#include <string>

namespace kiln::abi {

// A defined function, by its index in the function index space.
inline std::string function_symbol(uint32_t func_index) { return "kiln_func_" + std::to_string(func_index); }
// The entry trampoline of a type index (abi::EntryTrampoline).
inline std::string entry_symbol(uint32_t type_index) { return "kiln_entry_" + std::to_string(type_index); }
// The host thunk of a type index.
inline std::string host_thunk_symbol(uint32_t type_index) { return "kiln_host_thunk_" + std::to_string(type_index); }

}  // namespace kiln::abi
