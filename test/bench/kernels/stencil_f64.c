// 2-D Jacobi relaxation: a 5-point f64 stencil swept over a grid, ping-ponging two buffers.
#include "bench_common.h"

enum { kN = 512 };

static double grids[2][kN][kN];

int main(int argc, char** argv) {
  int32_t sweeps = bench_size(argc, argv, 3600);
  bench_seed(3);
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) grids[0][i][j] = grids[1][i][j] = bench_rand_unit();
  double start = bench_now_ms();
  for (int32_t s = 0; s < sweeps; ++s) {
    double(*from)[kN] = grids[s & 1];
    double(*to)[kN] = grids[(s + 1) & 1];
    for (int i = 1; i < kN - 1; ++i)
      for (int j = 1; j < kN - 1; ++j)
        to[i][j] = 0.2 * (from[i][j] + from[i - 1][j] + from[i + 1][j] + from[i][j - 1] + from[i][j + 1]);
  }
  uint64_t checksum = 0;
  double(*last)[kN] = grids[sweeps & 1];
  for (int i = 0; i < kN; ++i) checksum = bench_mix(checksum, bench_bits_f64(last[i][(i * 7) % kN]));
  bench_report(checksum, start);
  return 0;
}
