// Indirect calls through function pointers: a tiny bytecode interpreter whose handlers sit in a
// table and are called through pointers picked by a random program.
#include "bench_common.h"

typedef uint32_t (*Handler)(uint32_t accumulator, uint32_t operand);

__attribute__((noinline)) static uint32_t op_add(uint32_t acc, uint32_t x) { return acc + x; }
__attribute__((noinline)) static uint32_t op_sub(uint32_t acc, uint32_t x) { return acc - x * 3; }
__attribute__((noinline)) static uint32_t op_xor(uint32_t acc, uint32_t x) { return acc ^ (x << 7); }
__attribute__((noinline)) static uint32_t op_mul(uint32_t acc, uint32_t x) { return acc * (x | 1); }
__attribute__((noinline)) static uint32_t op_rotate(uint32_t acc, uint32_t x) {
  uint32_t s = x & 31;
  return (acc << s) | (acc >> ((32 - s) & 31));
}
__attribute__((noinline)) static uint32_t op_mix(uint32_t acc, uint32_t x) { return (acc ^ (acc >> 15)) + x; }
__attribute__((noinline)) static uint32_t op_min(uint32_t acc, uint32_t x) { return acc < x ? acc + 1 : acc - x; }
__attribute__((noinline)) static uint32_t op_not(uint32_t acc, uint32_t x) { return ~acc + (x & 0xFF); }

static Handler handlers[8] = {op_add, op_sub, op_xor, op_mul, op_rotate, op_mix, op_min, op_not};

enum { kProgramLength = 4096 };

static uint8_t opcodes[kProgramLength];
static uint32_t operands[kProgramLength];

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 12000);
  bench_seed(7);
  for (int i = 0; i < kProgramLength; ++i) {
    opcodes[i] = (uint8_t)(bench_rand32() & 7);
    operands[i] = bench_rand32();
  }
  double start = bench_now_ms();
  uint32_t accumulator = 1;
  for (int32_t r = 0; r < reps; ++r)
    for (int i = 0; i < kProgramLength; ++i) accumulator = handlers[opcodes[i]](accumulator, operands[i]);
  bench_report(accumulator, start);
  return 0;
}
