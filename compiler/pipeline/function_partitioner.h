// Splits a module's defined functions into partitions for parallel compilation: deterministic,
// balanced by body size, with small functions kept beside a caller so that inlining still works.
#pragma once

#include <cstdint>
#include <vector>

#include "kiln/module.h"

namespace kiln {

// A body of at most this many bytes follows its first caller into that caller's partition.
inline constexpr size_t kSmallFunctionBytes = 200;

// Per defined function, the defined function that leads its group: itself, or for a small
// function the group of its first caller (so that the two are compiled, and inlined, together).
std::vector<uint32_t> function_groups(const Module& module);

// At most `count` non-empty partitions, each a sorted list of function indices (in the function
// index space); together they hold every defined function once. Depends only on the module and
// `count`. Throws kiln::Error on a malformed body (which validation has already excluded).
std::vector<std::vector<uint32_t>> partition_functions(const Module& module, unsigned count);

}  // namespace kiln
