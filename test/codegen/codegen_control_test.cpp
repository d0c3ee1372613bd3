// Control flow in compiled code: blocks and loops with params and results, if/else, br_if,
// br_table (with a label named twice), return, multi-value results and unreachable code.
#include <gtest/gtest.h>

#include "jit_instance.h"

namespace kiln::test {
namespace {

constexpr std::string_view kControl = R"((module
  (type $ii_i (func (param i32 i32) (result i32)))
  (func (export "fact") (param i64) (result i64) (local i64)
    (local.set 1 (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get 0)))
        (local.set 1 (i64.mul (local.get 1) (local.get 0)))
        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
        (br $next)))
    (local.get 1))
  (func (export "sum_params") (param i32) (result i32)
    (i32.const 10) (local.get 0)
    (block (type $ii_i) (i32.add))
    (i32.const 1)
    (loop (param i32 i32) (result i32) (i32.sub)))
  (func (export "choose") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "if_params") (param i32) (result i32)
    (i32.const 5)
    (if (param i32) (result i32) (local.get 0) (then (i32.const 2) (i32.mul)))
    )
  (func (export "table") (param i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        (block $c (result i32)
          (i32.const 100)
          (br_table $a $b $b $c (local.get 0)))
        (return (i32.const 3)))
      (i32.const 20)
      (i32.add))
    (i32.const 1)
    (i32.add))
  (func (export "early") (param i32) (result i32)
    (if (local.get 0) (then (return (i32.const 1))))
    (unreachable)
    (i32.const 5) (drop) (block (result i32) (br 0 (i32.const 1))))
  (func $pair (param i32) (result i64 i32) (i64.extend_i32_u (local.get 0)) (local.get 0))
  (func (export "pair_sum") (param i32) (result i64)
    (call $pair (local.get 0))
    (i64.extend_i32_u)
    (i64.add))
  (func (export "multi") (result i32 i64 f64) (i32.const 1) (i64.const 2) (f64.const 3))
  (func (export "dead_code") (param i32) (result i32)
    (block $out (result i32)
      (br $out (local.get 0))
      (block (loop (if (i32.const 1) (then (br 2)) (else (nop)))))
      (i32.add)))
  (func (export "select") (param i32) (result i64) (select (i64.const 4) (i64.const 6) (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (i32.const 1) (call $recurse (local.get 0))))
))";

class CodegenControlTest : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override { instance_ = std::make_unique<JitInstance>(kControl, GetParam()); }
  std::unique_ptr<JitInstance> instance_;
};

TEST_P(CodegenControlTest, LoopsAndBlocks) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("fact", {10}), 3628800u);
  EXPECT_EQ(m.result("fact", {0}), 1u);
  EXPECT_EQ(m.result("sum_params", {5}), 14u);
}

TEST_P(CodegenControlTest, IfElse) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("choose", {1}), 7u);
  EXPECT_EQ(m.result("choose", {0}), 9u);
  EXPECT_EQ(m.result("if_params", {1}), 10u);
  EXPECT_EQ(m.result("if_params", {0}), 5u);
  EXPECT_EQ(m.result("select", {1}), 4u);
  EXPECT_EQ(m.result("select", {0}), 6u);
}

TEST_P(CodegenControlTest, BranchTable) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("table", {0}), 101u);
  EXPECT_EQ(m.result("table", {1}), 121u);
  EXPECT_EQ(m.result("table", {2}), 121u);
  EXPECT_EQ(m.result("table", {3}), 3u);
  EXPECT_EQ(m.result("table", {99}), 3u);
}

TEST_P(CodegenControlTest, ReturnUnreachableAndDeadCode) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("early", {1}), 1u);
  EXPECT_EQ(m.trap("early", {0}), TrapKind::Unreachable);
  EXPECT_EQ(m.result("dead_code", {42}), 42u);
}

TEST_P(CodegenControlTest, MultipleResults) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("pair_sum", {21}), 42u);
  CallOutcome outcome = m.call("multi");
  ASSERT_FALSE(outcome.trap);
  ASSERT_EQ(outcome.results.size(), 3u);
  EXPECT_EQ(outcome.results[0], 1u);
  EXPECT_EQ(outcome.results[1], 2u);
  EXPECT_EQ(outcome.results[2], 0x4008000000000000u);
}

TEST_P(CodegenControlTest, DeepRecursionExhaustsTheStack) {
  EXPECT_EQ(instance_->trap("recurse", {0}), TrapKind::CallStackExhausted);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodegenControlTest, ::testing::Values(0u, 2u));

}  // namespace
}  // namespace kiln::test
