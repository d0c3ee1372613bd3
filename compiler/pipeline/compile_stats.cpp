// The --stats table, and the peak memory from the kernel's accounting of this process.
#include "kiln/compile_stats.h"

#include <sys/resource.h>

#include <cstdio>
#include <ostream>

namespace kiln {

long long peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<long long>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

void print_compile_stats(std::ostream& out, const CompileStats& stats, double total_wall) {
  auto row = [&](const char* phase, double seconds, const char* note) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-14s %9.3f s%s\n", phase, seconds, note);
    out << line;
  };
  const char* summed = stats.partitions > 1 ? "  (summed over the partitions)" : "";
  if (stats.partitions == 0) {
    out << "compile stats: nothing compiled (precompiled code or a compile cache hit)\n";
    return;
  }
  out << "compile stats: " << stats.partitions << (stats.partitions == 1 ? " partition" : " partitions") << " on "
      << stats.threads << (stats.threads == 1 ? " thread\n" : " threads\n");
  row("decode", stats.decode, "");
  row("validate", stats.validate, "");
  row("ir emission", stats.ir_emission, summed);
  row("optimization", stats.optimization, summed);
  row("codegen", stats.codegen, summed);
  row("partitions", stats.parallel_wall, "  (wall: ir emission to codegen)");
  row("link", stats.link, "");
  row("total", total_wall, "  (wall)");
  char line[128];
  std::snprintf(line, sizeof line, "  %-14s %9.1f MiB\n", "peak rss", double(peak_rss_bytes()) / (1024.0 * 1024.0));
  out << line;
}

}  // namespace kiln
