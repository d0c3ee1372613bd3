// Recursion: the naive doubly recursive Fibonacci and Ackermann functions — call and return
// overhead with almost no work per frame.
#include "bench_common.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static uint32_t ackermann(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 48);
  bench_seed(6);
  uint32_t base = 24 + (bench_rand32() & 1);  // 24 or 25, unknown to the compiler
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    checksum = bench_mix(checksum, fib(base + 7 + (uint32_t)(r & 1)));
    checksum = bench_mix(checksum, ackermann(2, base * 40 + (uint32_t)r));
  }
  bench_report(checksum, start);
  return 0;
}
