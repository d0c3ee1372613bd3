// SIMD-friendly kernels, compiled both to wasm (clang -msimd128) and natively (-march=native),
// so that bench_simd can time the same C both ways. Plain loops, which each compiler vectorizes
// for its target (natively up to the host's widest vectors), and one kernel of explicit 128-bit
// vectors (clang's vector types), the same operations on both sides. Every kernel returns a
// checksum so that the two builds can be compared.
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

// The explicit 128-bit kernel's data: 4 arrays of 16 KiB, which stay in the L2 cache.
typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
enum { kVectors = 1024 };
static f32x4 vx[kVectors], vy[kVectors];
static u32x4 vwords[kVectors];
static u8x16 vbytes[kVectors];

void KERNEL(init)(uint32_t seed) {
  uint32_t state = seed;
  for (int i = 0; i < kLength; ++i) {
    state = state * 1664525u + 1013904223u;
    a16[i] = (int16_t)(state >> 16);
    b16[i] = (int16_t)(state >> 7);
    xs[i] = (float)(state >> 8) * (1.0f / 16777216.0f);
    ys[i] = (float)(state & 0xFFFF) * (1.0f / 65536.0f);
    bytes[i] = (uint8_t)(state >> 24);
    ((uint8_t*)vbytes)[i] = (uint8_t)(state >> 11);
    if (i < kVectors * 4) {
      ((float*)vx)[i] = xs[i];
      ((float*)vy)[i] = ys[i];
      ((uint32_t*)vwords)[i] = state;
    }
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

// Explicit 128-bit vectors: f32x4 multiply-add with compare-and-select, i32x4 multiply/shift/xor
// hashing and u8x16 byte arithmetic; the same instructions natively (SSE/AVX on xmm registers).
uint32_t KERNEL(mix_v128)(int32_t reps) {
  const f32x4 limit = {4.0f, 4.0f, 4.0f, 4.0f}, half = {0.5f, 0.5f, 0.5f, 0.5f};
  const u32x4 multiplier = {0x9E3779B1u, 0x85EBCA77u, 0xC2B2AE3Du, 0x27D4EB2Fu};
  const u8x16 increment = {1, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
  const u8x16 low_nibble = {15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15};
  for (int32_t r = 0; r < reps; ++r) {
    float scale = 0.75f + (float)(r & 3) * 0.125f;
    f32x4 k = {scale, scale, scale, scale};
    for (int i = 0; i < kVectors; ++i) {
      f32x4 y = vy[i] * k + vx[i] * half;
      i32x4 over = y > limit;
      vy[i] = (f32x4)((over & (i32x4)(y - limit)) | (~over & (i32x4)y));
      u32x4 w = vwords[i] * multiplier;
      vwords[i] = w ^ (w >> 15) ^ (u32x4)(vy[i] > half);
      u8x16 b = vbytes[i] + increment;
      vbytes[i] = (b >> 1) + (b & low_nibble);
    }
  }
  uint32_t checksum = 0;
  for (int i = 0; i < kVectors; ++i)
    for (int lane = 0; lane < 4; ++lane) {
      union {
        float f;
        uint32_t u;
      } bits = {vy[i][lane]};
      checksum = (checksum * 31u + bits.u) ^ vwords[i][lane] ^ vbytes[i][lane * 4];
    }
  return checksum;
}

#if !defined(__wasm__)
// The widest vectors the native build's vectorizers may use (the wasm build has 128-bit v128).
const char* kernel_native_vectors(void) {
#if defined(__AVX512F__)
  return "AVX-512 (vectors up to 512-bit)";
#elif defined(__AVX2__)
  return "AVX2 (vectors up to 256-bit)";
#elif defined(__AVX__)
  return "AVX (256-bit float vectors, 128-bit integer vectors)";
#else
  return "SSE (128-bit vectors)";
#endif
}
#endif
