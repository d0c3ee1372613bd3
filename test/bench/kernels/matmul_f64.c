// Dense f64 matrix multiply C = A·B (i-k-j loop order, so the inner loop streams rows), repeated
// with A perturbed each time so no repetition can be skipped.
#include "bench_common.h"

enum { kN = 256 };

static double a[kN][kN], b[kN][kN], c[kN][kN];

static void multiply(void) {
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kN; ++j) c[i][j] = 0.0;
    for (int k = 0; k < kN; ++k) {
      double aik = a[i][k];
      for (int j = 0; j < kN; ++j) c[i][j] += aik * b[k][j];
    }
  }
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 120);
  bench_seed(1);
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) {
      a[i][j] = bench_rand_unit() - 0.5;
      b[i][j] = bench_rand_unit() - 0.5;
    }
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    multiply();
    checksum = bench_mix(checksum, bench_bits_f64(c[r % kN][(r * 7) % kN]));
    a[r % kN][(r * 13) % kN] += 1.0 / 1024.0;
  }
  for (int i = 0; i < kN; ++i) checksum = bench_mix(checksum, bench_bits_f64(c[i][(i * 31) % kN]));
  bench_report(checksum, start);
  return 0;
}
