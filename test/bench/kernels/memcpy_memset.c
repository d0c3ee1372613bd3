// memcpy/memset traffic: copies and clears blocks of random sizes (16 B to 64 KiB) at random
// offsets within an 8 MiB buffer, through the C library's memcpy, memmove and memset.
#include "bench_common.h"

enum { kBufferBytes = 8 << 20, kMaxBlock = 64 << 10, kOperations = 1 << 16 };

static uint8_t buffer[kBufferBytes];

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 9);
  bench_seed(9);
  for (uint32_t i = 0; i < kBufferBytes; i += 8) {
    uint64_t word = bench_rand64();
    memcpy(buffer + i, &word, 8);
  }
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    for (uint32_t op = 0; op < kOperations; ++op) {
      uint32_t random = bench_rand32();
      uint32_t size = 16u << (random & 12);  // 16 B, 256 B, 4 KiB or 64 KiB…
      size += (random >> 4) & (size - 1);    // …plus a random tail, so the sizes are not powers of two
      if (size > kMaxBlock) size = kMaxBlock;
      uint32_t from = bench_rand32() % (kBufferBytes - kMaxBlock);
      uint32_t to = bench_rand32() % (kBufferBytes - kMaxBlock);
      switch ((random >> 20) & 3) {
        case 0:
        case 1: memmove(buffer + to, buffer + from, size); break;
        case 2: memset(buffer + to, (int)(random >> 24), size / 4); break;
        default:
          if (to + size <= from || from + size <= to) memcpy(buffer + to, buffer + from, size);
          break;
      }
      checksum = bench_mix(checksum, buffer[to + size / 2]);
    }
  }
  for (uint32_t i = 0; i < kBufferBytes; i += 4093) checksum = bench_mix(checksum, buffer[i]);
  bench_report(checksum, start);
  return 0;
}
