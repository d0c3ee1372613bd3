// Memory, globals, calls and tables in compiled code: loads and stores of every width with
// offsets, guard-region traps (also for a dropped load), memory.size, globals, imports through
// host thunks, and call_indirect's checks.
#include <gtest/gtest.h>

#include <cstring>

#include "jit_instance.h"

namespace kiln::test {
namespace {

constexpr std::string_view kMemory = R"((module
  (memory 1 2)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\ff")
  (global $counter (mut i32) (i32.const 40))
  (global $scale i64 (i64.const 3))
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s offset=16 (local.get 0)))
  (func (export "load16_u") (param i32) (result i64) (i64.load16_u offset=16 (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load offset=16 (local.get 0)))
  (func (export "store_then_load") (param i32 i64) (result i64)
    (i64.store32 offset=4 (local.get 0) (local.get 1))
    (i64.load32_s offset=4 (local.get 0)))
  (func (export "f64_roundtrip") (param i32 f64) (result f64)
    (f64.store (local.get 0) (local.get 1)) (f64.load (local.get 0)))
  (func (export "drop_load") (param i32) (drop (i32.load (local.get 0))))
  (func (export "size") (result i32) (memory.size))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 2)))
    (global.get $counter))
  (func (export "scaled") (param i64) (result i64) (i64.mul (local.get 0) (global.get $scale)))
  (func (export "count_until_fault") (param $address i32)
    (loop $next
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (i32.store (local.get $address) (global.get $counter))
      (local.set $address (i32.add (local.get $address) (i32.const 4096)))
      (br $next)))
  (func (export "counter") (result i32) (global.get $counter))
))";

constexpr std::string_view kCalls = R"((module
  (import "host" "add" (func $host_add (param i32 i32) (result i32)))
  (type $unary (func (param i32) (result i32)))
  (type $unary_again (func (param i32) (result i32)))
  (type $nullary (func (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $double $host_increment $forty_two)
  (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
  (func $host_increment (type $unary) (call $host_add (local.get 0) (i32.const 1)))
  (func $forty_two (type $nullary) (i32.const 42))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unary_again) (local.get 1) (local.get 0)))
  (func (export "via_host") (param i32) (result i32) (call $host_increment (local.get 0)))
  (func (export "ref_test") (result i32) (ref.is_null (ref.func $double)))
  (func (export "table_get_null") (param i32) (result i32) (ref.is_null (table.get (local.get 0))))
  (func (export "table_size") (result i32) (table.size))
  (elem declare func $double)
))";

class CodegenMemoryTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(CodegenMemoryTest, LoadsAndStoresOfEveryWidth) {
  JitInstance m(kMemory, GetParam());
  EXPECT_EQ(m.result("load8_s", {8}), uint32_t(-1));
  EXPECT_EQ(m.result("load16_u", {1}), 0x0302u);
  EXPECT_EQ(m.result("load64", {0}), 0x0807060504030201u);
  EXPECT_EQ(m.result("store_then_load", {100, 0x1'8000'0000u}), uint64_t(int64_t(INT32_MIN)));
  EXPECT_EQ(m.result("f64_roundtrip", {65528, 0x400921FB54442D18u}), 0x400921FB54442D18u);
  uint32_t stored;
  std::memcpy(&stored, m.memory() + 104, 4);
  EXPECT_EQ(stored, 0x80000000u);
  EXPECT_EQ(m.result("size"), 1u);
}

TEST_P(CodegenMemoryTest, OutOfBoundsAccessesTrap) {
  JitInstance m(kMemory, GetParam());
  EXPECT_EQ(m.trap("load64", {65520}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.trap("load8_s", {0xFFFFFFFFu}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.trap("f64_roundtrip", {65529, 0}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.trap("drop_load", {65536}), TrapKind::MemoryOutOfBounds);
  EXPECT_FALSE(m.trap("drop_load", {65532}));
}

TEST_P(CodegenMemoryTest, Globals) {
  JitInstance m(kMemory, GetParam());
  EXPECT_EQ(m.result("bump"), 42u);
  EXPECT_EQ(m.result("bump"), 44u);
  EXPECT_EQ(m.result("scaled", {5}), 15u);
}

TEST_P(CodegenMemoryTest, StateWrittenBeforeATrapStaysWritten) {
  JitInstance m(kMemory, GetParam());
  // Stores at 0, 4096, …, 61440 succeed; the 17th, at 65536, faults after its global.set.
  EXPECT_EQ(m.trap("count_until_fault", {0}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.result("counter"), 40u + 17u);
  uint32_t last_stored;
  std::memcpy(&last_stored, m.memory() + 61440, 4);
  EXPECT_EQ(last_stored, 40u + 16u);
}

TEST_P(CodegenMemoryTest, CallsThroughImportsAndTables) {
  int host_calls = 0;
  JitInstance m(kCalls, GetParam(), {[&](abi::ValueSlot* slots) {
                  ++host_calls;
                  int32_t a, b;
                  std::memcpy(&a, slots[0].bytes, 4);
                  std::memcpy(&b, slots[1].bytes, 4);
                  int32_t sum = a + b;
                  std::memcpy(slots[0].bytes, &sum, 4);
                }});
  EXPECT_EQ(m.result("via_host", {9}), 10u);
  EXPECT_EQ(host_calls, 1);
  EXPECT_EQ(m.result("indirect", {0, 21}), 42u);
  EXPECT_EQ(m.result("indirect", {1, 41}), 42u);
  EXPECT_EQ(m.trap("indirect", {2, 0}), TrapKind::IndirectCallTypeMismatch);
  EXPECT_EQ(m.trap("indirect", {3, 0}), TrapKind::UninitializedElement);
  EXPECT_EQ(m.trap("indirect", {4, 0}), TrapKind::UndefinedElement);
  EXPECT_EQ(m.result("ref_test"), 0u);
  EXPECT_EQ(m.result("table_get_null", {3}), 1u);
  EXPECT_EQ(m.result("table_get_null", {0}), 0u);
  EXPECT_EQ(m.trap("table_get_null", {4}), TrapKind::TableOutOfBounds);
  EXPECT_EQ(m.result("table_size"), 4u);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodegenMemoryTest, ::testing::Values(0u, 2u, 3u));

}  // namespace
}  // namespace kiln::test
