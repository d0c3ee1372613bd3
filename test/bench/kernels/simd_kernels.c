// SIMD-friendly kernels, compiled both to wasm (clang -msimd128) and natively (-march=native),
// so that bench_simd can time the same C both ways. Plain loops: each compiler vectorizes them
// for its target. Every kernel returns a checksum so that the two builds can be compared.
#include <stdint.h>

#if defined(__wasm__)
#define KERNEL(name) __attribute__((export_name(#name))) name
#else
#define KERNEL(name) kernel_##name
#endif

enum { kLength = 1 << 14 };

static int16_t a16[kLength], b16[kLength];
static float xs[kLength], ys[kLength];
static uint8_t bytes[kLength];

void KERNEL(init)(uint32_t seed) {
  uint32_t state = seed;
  for (int i = 0; i < kLength; ++i) {
    state = state * 1664525u + 1013904223u;
    a16[i] = (int16_t)(state >> 16);
    b16[i] = (int16_t)(state >> 7);
    xs[i] = (float)(state >> 8) * (1.0f / 16777216.0f);
    ys[i] = (float)(state & 0xFFFF) * (1.0f / 65536.0f);
    bytes[i] = (uint8_t)(state >> 24);
  }
}

// Integer multiply-accumulate (pmaddwd-shaped).
int32_t KERNEL(dot_i16)(int32_t reps) {
  int32_t total = 0;
  for (int32_t r = 0; r < reps; ++r) {
    int32_t sum = 0;
    for (int i = 0; i < kLength; ++i) sum += a16[i] * b16[i];
    total ^= sum + r;
    a16[r & (kLength - 1)] += 1;  // keeps the inner loop from being hoisted out of the repetitions
  }
  return total;
}

// Element-wise float update (no reduction, so both builds compute bit-identical results).
uint32_t KERNEL(scale_add_f32)(int32_t reps) {
  for (int32_t r = 0; r < reps; ++r)
    for (int i = 0; i < kLength; ++i) ys[i] = ys[i] * 0.999f + xs[i] * 0.5f;
  uint32_t checksum = 0;
  for (int i = 0; i < kLength; ++i) {
    union {
      float f;
      uint32_t u;
    } bits = {ys[i]};
    checksum = checksum * 31u + bits.u;
  }
  return checksum;
}

// Byte clamping and averaging (saturating u8 arithmetic).
uint32_t KERNEL(blend_u8)(int32_t reps) {
  uint32_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    for (int i = 0; i < kLength; ++i) {
      unsigned sum = (unsigned)bytes[i] + (unsigned)(uint8_t)(i + r);
      bytes[i] = (uint8_t)(sum > 255 ? 255 : sum) >> 1;
    }
    checksum += bytes[r & (kLength - 1)];
  }
  return checksum;
}
