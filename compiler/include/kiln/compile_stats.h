// Where compilation spends its time and memory: what `kiln compile --stats` prints.
#pragma once

#include <iosfwd>

namespace kiln {

// Seconds per phase. The partitioned phases (IR emission, optimization, code generation) run on
// several threads at once: theirs are the sums of the threads' times, and `parallel_wall` is how
// long the partitions took from the first start to the last end.
struct CompileStats {
  double decode = 0;
  double validate = 0;
  double ir_emission = 0;
  double optimization = 0;
  double codegen = 0;
  double parallel_wall = 0;
  double link = 0;
  unsigned partitions = 0;
  unsigned threads = 0;
};

// The process's peak resident set size so far, in bytes (getrusage).
long long peak_rss_bytes();

// Prints `stats` as a table, with `total_wall` (seconds) and the peak resident set size.
void print_compile_stats(std::ostream& out, const CompileStats& stats, double total_wall);

}  // namespace kiln
