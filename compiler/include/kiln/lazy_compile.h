// Lazy compilation (CompileOptions::lazy): what it has compiled so far, for `--stats` and tests.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>

#include "kiln/compiled_code.h"

namespace kiln {

// Functions are compiled in groups (a function with the small functions it calls first, as
// pipeline/function_partitioner.h groups them); times are sums over the groups compiled so far.
struct LazyCompileStats {
  uint32_t functions_total = 0;
  uint32_t functions_compiled = 0;
  uint32_t groups_compiled = 0;
  uint32_t failures = 0;  // groups LLVM could not compile (their calls trap)
  double ir_emission = 0;
  double optimization = 0;
  double codegen = 0;
  double link = 0;
};

// A snapshot of what `code` has compiled so far; nullopt when it was not compiled lazily.
std::optional<LazyCompileStats> lazy_compile_stats(const CompiledCode& code);

// Prints `stats` as `kiln run --lazy --stats` does.
void print_lazy_compile_stats(std::ostream& out, const LazyCompileStats& stats);

}  // namespace kiln
