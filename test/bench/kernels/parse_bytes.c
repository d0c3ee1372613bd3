// A byte-oriented parser: tokenizes a generated CSV-like text (integers, decimals, quoted strings
// with escapes, identifiers) one byte at a time and folds every token's value into a checksum.
#include "bench_common.h"

enum { kTextBytes = 4 << 20 };

static char text[kTextBytes + 1];

static uint32_t generate(void) {
  uint32_t length = 0;
  while (length + 64 < kTextBytes) {
    uint32_t random = bench_rand32();
    switch (random & 3) {
      case 0: length += (uint32_t)sprintf(text + length, "%d", (int)(random >> 8) - (1 << 22)); break;
      case 1:
        length += (uint32_t)sprintf(text + length, "%u.%03u", (random >> 12) & 0xFFFF, (random >> 2) % 1000);
        break;
      case 2: {
        text[length++] = '"';
        for (uint32_t n = (random >> 4) & 15; n > 0; --n) {
          uint32_t c = bench_rand32();
          if ((c & 15) == 0) text[length++] = '\\';
          text[length++] = (char)('a' + (c >> 8) % 26);
        }
        text[length++] = '"';
        break;
      }
      default:
        for (uint32_t n = 1 + ((random >> 4) & 7); n > 0; --n)
          text[length++] = (char)('A' + (bench_rand32() >> 8) % 26);
        break;
    }
    text[length++] = (random >> 28) == 0 ? '\n' : ',';
  }
  text[length] = '\0';
  return length;
}

static uint64_t parse(const char* p, const char* end) {
  uint64_t hash = 0, lines = 0, fields = 0;
  while (p < end) {
    char c = *p;
    if (c == ',' || c == '\n') {
      lines += c == '\n';
      ++fields;
      ++p;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      int negative = c == '-';
      p += negative;
      int64_t whole = 0, fraction = 0;
      while (p < end && *p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
      if (p < end && *p == '.') {
        ++p;
        while (p < end && *p >= '0' && *p <= '9') fraction = fraction * 10 + (*p++ - '0');
      }
      hash = bench_mix(hash, (uint64_t)(negative ? -whole : whole) * 1000u + (uint64_t)fraction);
    } else if (c == '"') {
      uint32_t string_hash = 2166136261u;
      for (++p; p < end && *p != '"'; ++p) {
        if (*p == '\\') ++p;
        string_hash = (string_hash ^ (uint8_t)*p) * 16777619u;
      }
      ++p;
      hash = bench_mix(hash, string_hash);
    } else if (c >= 'A' && c <= 'Z') {
      uint32_t identifier = 0;
      while (p < end && *p >= 'A' && *p <= 'Z') identifier = identifier * 31 + (uint32_t)(*p++ - 'A');
      hash = bench_mix(hash, identifier);
    } else {
      fprintf(stderr, "parse_bytes: unexpected byte %d\n", c);
      exit(1);
    }
  }
  return bench_mix(hash, lines * 65536 + fields);
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 30);
  bench_seed(12);
  uint32_t length = generate();
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    checksum = bench_mix(checksum, parse(text + (r & 7), text + length));
    uint32_t at = (uint32_t)r * 7919u % length;  // turn the next separator into the other kind
    while (text[at] != ',' && text[at] != '\n') at = (at + 1) % length;
    text[at] = text[at] == ',' ? '\n' : ',';
  }
  bench_report(checksum, start);
  return 0;
}
