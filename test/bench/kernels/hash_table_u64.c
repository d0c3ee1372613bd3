// Integer hashing: an open-addressing hash table of 64-bit keys (multiply-xorshift hash, linear
// probing), filled and then probed with a mix of present and absent keys.
#include "bench_common.h"

enum { kLog2Slots = 20, kSlots = 1 << kLog2Slots, kKeys = kSlots / 2 };

static uint64_t keys[kSlots];
static uint32_t values[kSlots];

static inline uint64_t hash64(uint64_t key) {
  key ^= key >> 33;
  key *= 0xFF51AFD7ED558CCDull;
  key ^= key >> 33;
  key *= 0xC4CEB9FE1A85EC53ull;
  return key ^ (key >> 33);
}

static void insert(uint64_t key, uint32_t value) {
  uint32_t slot = (uint32_t)hash64(key) & (kSlots - 1);
  while (keys[slot] != 0 && keys[slot] != key) slot = (slot + 1) & (kSlots - 1);
  keys[slot] = key;
  values[slot] += value;
}

static uint32_t lookup(uint64_t key) {
  uint32_t slot = (uint32_t)hash64(key) & (kSlots - 1);
  while (keys[slot] != 0) {
    if (keys[slot] == key) return values[slot];
    slot = (slot + 1) & (kSlots - 1);
  }
  return 0;
}

int main(int argc, char** argv) {
  int32_t rounds = bench_size(argc, argv, 6);
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < rounds; ++r) {
    memset(keys, 0, sizeof keys);
    memset(values, 0, sizeof values);
    bench_seed(5 + (uint64_t)r);
    for (uint32_t i = 0; i < kKeys; ++i) insert((bench_rand64() & 0xFFFFFFull) | 1, i);
    uint64_t sum = 0;
    for (uint32_t i = 0; i < 2 * kKeys; ++i) sum += lookup((hash64(i) & 0xFFFFFFull) | 1);
    checksum = bench_mix(checksum, sum);
  }
  bench_report(checksum, start);
  return 0;
}
