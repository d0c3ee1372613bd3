// Explicit bounds checks in compiled code: every access width at the last byte in bounds and one
// past it, static offsets near 2^32, and a size that memory.grow (directly or in a callee) changes
// while a function runs. Runs through the runtime, on memories that need explicit checks.
#include <gtest/gtest.h>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

constexpr int32_t kPage = 65536;

constexpr std::string_view kAccesses = R"((module
  (memory (export "memory") 1 3)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load32_offset_max") (param i32) (result i32) (i32.load offset=0xFFFFFFFF (local.get 0)))
  (func (export "load8_offset_last") (param i32) (result i32) (i32.load8_u offset=0xFFFF (local.get 0)))
  (func (export "store16") (param i32) (i32.store16 (local.get 0) (i32.const 0x1234)))
  (func (export "store64_offset") (param i32) (i64.store offset=0xFFFFFFF8 (local.get 0) (i64.const 1)))
  (func (export "drop_load64") (param i32) (drop (i64.load (local.get 0))))
  (func (export "v128_load") (param i32) (result i32) (i8x16.extract_lane_u 15 (v128.load (local.get 0))))
  (func (export "v128_store") (param i32) (v128.store (local.get 0) (v128.const i64x2 -1 -1)))
  (func (export "load32_zero") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load32_zero (local.get 0))))
  (func (export "load8_lane") (param i32) (result i32)
    (i8x16.extract_lane_u 3 (v128.load8_lane 3 (local.get 0) (v128.const i64x2 0 0))))
  (func (export "store64_lane") (param i32) (v128.store64_lane 1 (local.get 0) (v128.const i64x2 1 2)))
  (func (export "load16_splat") (param i32) (result i32)
    (i16x8.extract_lane_u 7 (v128.load16_splat (local.get 0))))
  (func $grow (drop (memory.grow (i32.const 1))))
  (func (export "load_grow_load") (param i32) (result i32)
    (drop (i32.load8_u (i32.const 0)))
    (drop (memory.grow (i32.const 1)))
    (i32.load8_u (local.get 0)))
  (func (export "load_call_load") (param i32) (result i32)
    (drop (i32.load8_u (i32.const 0)))
    (call $grow)
    (i32.load8_u (local.get 0)))
))";

class CodegenBoundsChecksTest : public ::testing::TestWithParam<unsigned> {
 protected:
  CodegenBoundsChecksTest() : engine_(explicit_engine()) {
    auto module = std::make_shared<Module>(parse_wat(kAccesses));
    validate_module(*module);
    CompileOptions options{.opt_level = GetParam(), .bounds_checks = BoundsChecks::Explicit};
    instance_ = &linker_.instantiate(CompiledModule(module, jit_compile(*module, options)));
  }

  static EngineConfig explicit_engine() {
    EngineConfig config;
    config.memory.explicit_bounds_checks = true;
    return config;
  }

  // The trap of an export taking an address, or nullopt when it runs to the end.
  std::optional<TrapKind> trap(const char* name, int32_t address) {
    Result<std::vector<Value>> result = instance_->func(name)->call({Value(address)});
    if (result) return std::nullopt;
    return result.trap().kind;
  }
  bool traps(const char* name, int32_t address) { return trap(name, address) == TrapKind::MemoryOutOfBounds; }
  bool runs(const char* name, int32_t address) { return !trap(name, address).has_value(); }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  Instance* instance_ = nullptr;
};

TEST_P(CodegenBoundsChecksTest, TheMemoryNeedsExplicitChecks) {
  EXPECT_TRUE(instance_->memory("memory")->needs_explicit_bounds_checks());
}

TEST_P(CodegenBoundsChecksTest, ScalarAccessesAtTheEnd) {
  EXPECT_TRUE(runs("load8", kPage - 1));
  EXPECT_TRUE(traps("load8", kPage));
  EXPECT_TRUE(runs("load32", kPage - 4));
  EXPECT_TRUE(traps("load32", kPage - 3));
  EXPECT_TRUE(runs("load64", kPage - 8));
  EXPECT_TRUE(traps("load64", kPage - 7));
  EXPECT_TRUE(traps("load64", -1));
  EXPECT_TRUE(runs("store16", kPage - 2));
  EXPECT_TRUE(traps("store16", kPage - 1));
  EXPECT_TRUE(traps("drop_load64", kPage - 1)) << "a dropped load still traps";
}

TEST_P(CodegenBoundsChecksTest, OutOfBoundsStoresWriteNothing) {
  uint8_t* bytes = instance_->memory("memory")->data();
  EXPECT_TRUE(traps("store16", kPage - 1));
  EXPECT_EQ(bytes[kPage - 1], 0);
}

TEST_P(CodegenBoundsChecksTest, StaticOffsetsNearTwoToThe32) {
  EXPECT_TRUE(traps("load32_offset_max", 0));
  EXPECT_TRUE(traps("load32_offset_max", -1)) << "address + offset is computed in 64 bits";
  EXPECT_TRUE(runs("load8_offset_last", 0));
  EXPECT_TRUE(traps("load8_offset_last", 1));
  EXPECT_TRUE(traps("store64_offset", 0));
  EXPECT_TRUE(traps("store64_offset", 8));
}

TEST_P(CodegenBoundsChecksTest, SimdAccessesAtTheEnd) {
  EXPECT_TRUE(runs("v128_load", kPage - 16));
  EXPECT_TRUE(traps("v128_load", kPage - 15));
  EXPECT_TRUE(runs("v128_store", kPage - 16));
  EXPECT_TRUE(traps("v128_store", kPage - 15));
  EXPECT_TRUE(runs("load32_zero", kPage - 4));
  EXPECT_TRUE(traps("load32_zero", kPage - 3));
  EXPECT_TRUE(runs("load8_lane", kPage - 1));
  EXPECT_TRUE(traps("load8_lane", kPage));
  EXPECT_TRUE(runs("store64_lane", kPage - 8));
  EXPECT_TRUE(traps("store64_lane", kPage - 7));
  EXPECT_TRUE(runs("load16_splat", kPage - 2));
  EXPECT_TRUE(traps("load16_splat", kPage - 1));
}

TEST_P(CodegenBoundsChecksTest, TheSizeIsReadAgainAfterMemoryGrow) {
  EXPECT_TRUE(traps("load8", kPage));
  EXPECT_TRUE(runs("load_grow_load", kPage)) << "memory.grow in the same function";
  EXPECT_TRUE(runs("load8", 2 * kPage - 1));
  EXPECT_TRUE(traps("load8", 2 * kPage));
  EXPECT_TRUE(runs("load_call_load", 2 * kPage)) << "memory.grow in a callee";
  EXPECT_TRUE(traps("load8", 3 * kPage));
}

// The check compares with the size compiled code reads from the memory's extent, not with what
// the hardware would catch: with a smaller size there, bytes that are committed still trap.
TEST_P(CodegenBoundsChecksTest, TheCheckUsesTheCurrentSize) {
  abi::MemoryExtent* extent = instance_->memory("memory")->extent();
  extent->size = 100;
  EXPECT_TRUE(runs("load32", 96));
  EXPECT_TRUE(traps("load32", 97));
  EXPECT_TRUE(traps("v128_load", 85));
  extent->size = kPage;
  EXPECT_TRUE(runs("v128_load", 85));
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodegenBoundsChecksTest, ::testing::Values(0u, 2u));

}  // namespace
}  // namespace kiln
