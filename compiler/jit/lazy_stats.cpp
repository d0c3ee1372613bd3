// What lazy compilation reports: a snapshot of a LazyCode's counters, and `--stats`'s lines.
#include <cstdio>
#include <ostream>

#include "jit/lazy_code.h"
#include "kiln/lazy_compile.h"

namespace kiln {

std::optional<LazyCompileStats> lazy_compile_stats(const CompiledCode& code) {
  const auto* lazy = dynamic_cast<const jit::LazyCode*>(&code);
  if (lazy == nullptr) return std::nullopt;
  return lazy->stats();
}

void print_lazy_compile_stats(std::ostream& out, const LazyCompileStats& stats) {
  out << "lazy compile stats: " << stats.functions_compiled << " of " << stats.functions_total
      << " functions compiled on first call, in " << stats.groups_compiled
      << (stats.groups_compiled == 1 ? " group" : " groups");
  if (stats.failures != 0) out << " (" << stats.failures << " failed)";
  out << "\n";
  auto row = [&](const char* phase, double seconds) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-14s %9.3f s\n", phase, seconds);
    out << line;
  };
  row("ir emission", stats.ir_emission);
  row("optimization", stats.optimization);
  row("codegen", stats.codegen);
  row("link", stats.link);
  row("total", stats.ir_emission + stats.optimization + stats.codegen + stats.link);
}

}  // namespace kiln
