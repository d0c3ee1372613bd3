// A SIMD kernel written with clang's portable vector types (built with -msimd128 for wasm and
// -march=native natively): f32x4 arithmetic with compare-and-select, i32x4 multiply/xor
// hashing and u8x16 byte arithmetic, over arrays that stay in the L2 cache.
#include "bench_common.h"

typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));

enum { kVectors = 4096 };

static f32x4 xs[kVectors], ys[kVectors];
static u32x4 words[kVectors];
static u8x16 bytes[kVectors];

static f32x4 select_f32(i32x4 mask, f32x4 if_true, f32x4 if_false) {
  return (f32x4)((mask & (i32x4)if_true) | (~mask & (i32x4)if_false));
}

static void step(float scale) {
  f32x4 k = {scale, scale, scale, scale}, limit = {4.0f, 4.0f, 4.0f, 4.0f}, half = {0.5f, 0.5f, 0.5f, 0.5f};
  u32x4 multiplier = {0x9E3779B1u, 0x85EBCA77u, 0xC2B2AE3Du, 0x27D4EB2Fu};
  u8x16 increment = {1, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
  for (int i = 0; i < kVectors; ++i) {
    f32x4 y = ys[i] * k + xs[i] * half;
    ys[i] = select_f32(y > limit, y - limit, y);
    u32x4 w = words[i] * multiplier;
    words[i] = w ^ (w >> 15) ^ (u32x4)(ys[i] > half);
    u8x16 b = bytes[i] + increment;
    bytes[i] = (b >> 1) + (b & (u8x16)(u8x16){0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F,
                                              0x0F, 0x0F, 0x0F, 0x0F});
  }
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 40000);
  bench_seed(13);
  for (int i = 0; i < kVectors; ++i)
    for (int lane = 0; lane < 4; ++lane) {
      xs[i][lane] = (float)bench_rand_unit();
      ys[i][lane] = (float)bench_rand_unit();
      words[i][lane] = bench_rand32();
      for (int b = 0; b < 4; ++b) bytes[i][lane * 4 + b] = (uint8_t)bench_rand32();
    }
  double start = bench_now_ms();
  for (int32_t r = 0; r < reps; ++r) step(0.75f + (float)(r & 3) * 0.125f);
  uint64_t checksum = 0;
  for (int i = 0; i < kVectors; i += 7)
    for (int lane = 0; lane < 4; ++lane) {
      checksum = bench_mix(checksum, bench_bits_f32(ys[i][lane]));
      checksum = bench_mix(checksum, words[i][lane]);
      checksum = bench_mix(checksum, bytes[i][lane * 4]);
    }
  bench_report(checksum, start);
  return 0;
}
