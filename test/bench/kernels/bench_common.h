// What every benchmark kernel shares: a seeded PRNG, the optional size argument, a monotonic
// clock, and the two output lines the harness parses ("checksum: …" and "compute_ms: …").
// Kernels are built both to wasm32-wasi and natively, so nothing here may depend on pointer or
// `long` width, and float checksums hash bit patterns rather than printing rounded decimals.
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// splitmix64: one multiply-xorshift chain, identical on every target.
static uint64_t bench_rng_state = 0x9E3779B97F4A7C15ull;

static inline void bench_seed(uint64_t seed) { bench_rng_state = seed; }

static inline uint64_t bench_rand64(void) {
  uint64_t z = (bench_rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline uint32_t bench_rand32(void) { return (uint32_t)(bench_rand64() >> 32); }

// A double in [0, 1) with 53 random bits.
static inline double bench_rand_unit(void) { return (double)(bench_rand64() >> 11) * (1.0 / 9007199254740992.0); }

// The work size: argv[1] if given (a positive integer), else the kernel's default, chosen so
// that the native build runs for about a second.
static inline int32_t bench_size(int argc, char** argv, int32_t default_size) {
  if (argc < 2) return default_size;
  char* end = NULL;
  long value = strtol(argv[1], &end, 10);
  if (*end != '\0' || value < 1 || value > 1000000000L) {
    fprintf(stderr, "%s: the size argument must be a positive integer, not '%s'\n", argv[0], argv[1]);
    exit(2);
  }
  return (int32_t)value;
}

static inline double bench_now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

// Folds values into a 64-bit checksum (FNV-1a over the value's 8 bytes, as one multiply each).
static inline uint64_t bench_mix(uint64_t hash, uint64_t value) {
  return (hash ^ value) * 0x100000001B3ull + (hash >> 29);
}

static inline uint64_t bench_bits_f64(double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}

static inline uint32_t bench_bits_f32(float value) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}

static inline void bench_report(uint64_t checksum, double start_ms) {
  double elapsed = bench_now_ms() - start_ms;
  printf("checksum: %08x%08x\ncompute_ms: %.3f\n", (unsigned)(checksum >> 32), (unsigned)checksum, elapsed);
}
