// LU factorization (Doolittle, no pivoting) of a diagonally dominant f32 matrix, then a forward
// and back substitution: the f32 linear-algebra kernel (rank-1 updates of a shrinking submatrix).
#include "bench_common.h"

enum { kN = 384 };

static float original[kN][kN], lu[kN][kN], rhs[kN], x[kN];

static void factor(void) {
  memcpy(lu, original, sizeof lu);
  for (int k = 0; k < kN; ++k) {
    float inverse_pivot = 1.0f / lu[k][k];
    for (int i = k + 1; i < kN; ++i) {
      float factor = lu[i][k] * inverse_pivot;
      lu[i][k] = factor;
      for (int j = k + 1; j < kN; ++j) lu[i][j] -= factor * lu[k][j];
    }
  }
}

static void solve(void) {
  for (int i = 0; i < kN; ++i) {
    float sum = rhs[i];
    for (int j = 0; j < i; ++j) sum -= lu[i][j] * x[j];
    x[i] = sum;
  }
  for (int i = kN - 1; i >= 0; --i) {
    float sum = x[i];
    for (int j = i + 1; j < kN; ++j) sum -= lu[i][j] * x[j];
    x[i] = sum / lu[i][i];
  }
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 120);
  bench_seed(2);
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kN; ++j) original[i][j] = (float)(bench_rand_unit() - 0.5);
    original[i][i] += (float)kN;
    rhs[i] = (float)bench_rand_unit();
  }
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    factor();
    solve();
    for (int i = 0; i < kN; i += 17) checksum = bench_mix(checksum, bench_bits_f32(x[i]));
    original[r % kN][(r * 5) % kN] += 0.25f;
  }
  bench_report(checksum, start);
  return 0;
}
