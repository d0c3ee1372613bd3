// Lazy compilation (CompileOptions::lazy): nothing but the trampolines is compiled up front, a
// function's group is compiled on its first call (directly, through a table, as an export or as
// the start function), traps in lazily compiled code have their backtraces, and threads that
// call the same function first at once compile it once.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "compile_wat.h"
#include "kiln/lazy_compile.h"
#include "kiln/linker.h"
#include "partition_padding.h"
#include "pipeline/function_partitioner.h"

namespace kiln {
namespace {

// $main (0) calls $helper (1, small: in $main's group) directly and $div (2) through the table;
// $unused (3) is never called; $start (4) runs at instantiation and sets $started.
std::string lazy_module() {
  std::string pad = padding();
  return R"((module
    (type $binary (func (param i32 i32) (result i32)))
    (table 1 funcref)
    (elem (i32.const 0) $div)
    (global $started (export "started") (mut i32) (i32.const 0))
    (func $main (export "main") (param i32) (result i32))" +
         pad + R"(
      (call_indirect (type $binary) (i32.const 100) (call $helper (local.get 0)) (i32.const 0)))
    (func $helper (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
    (func $div (param i32 i32) (result i32))" +
         pad + R"( (i32.div_s (local.get 0) (local.get 1)))
    (func $unused (export "unused") (result i32))" +
         pad + R"( (i32.const 7))
    (func $start)" +
         pad + R"( (global.set $started (i32.const 1)))
    (start $start))
  )";
}

LazyCompileStats stats_of(const CompiledModule& compiled) {
  std::optional<LazyCompileStats> stats = lazy_compile_stats(compiled.code());
  EXPECT_TRUE(stats.has_value());
  return stats.value_or(LazyCompileStats{});
}

TEST(LazyCompile, OnlyCalledFunctionsAreCompiled) {
  for (unsigned opt_level : {0u, 2u}) {
    CompiledModule compiled = test::compile_wat(lazy_module(), {.opt_level = opt_level, .lazy = true});
    LazyCompileStats before = stats_of(compiled);
    EXPECT_EQ(before.functions_total, 5u);
    EXPECT_EQ(before.functions_compiled, 0u);
    Engine engine;
    Store store(engine);
    Linker linker(store);
    Instance& instance = linker.instantiate(compiled);
    EXPECT_EQ(instance.global("started")->get().as<int32_t>(), 1);
    EXPECT_EQ(stats_of(compiled).functions_compiled, 1u);          // $start
    EXPECT_EQ(*instance.typed<int32_t(int32_t)>("main")(11), 10);  // 100 / (11 - 1)
    LazyCompileStats after = stats_of(compiled);
    EXPECT_EQ(after.functions_compiled, 4u);  // $start, $main with $helper, $div; never $unused
    EXPECT_EQ(after.groups_compiled, 3u);
    EXPECT_EQ(after.failures, 0u);
    // Compiled once: later calls go straight to the code.
    EXPECT_EQ(*instance.typed<int32_t(int32_t)>("main")(51), 2);
    EXPECT_EQ(stats_of(compiled).groups_compiled, 3u);
    EXPECT_EQ(*instance.typed<int32_t()>("unused")(), 7);
    EXPECT_EQ(stats_of(compiled).functions_compiled, 5u);
  }
}

TEST(LazyCompile, EagerCodeHasNoLazyStats) {
  CompiledModule compiled = test::compile_wat(lazy_module());
  EXPECT_FALSE(lazy_compile_stats(compiled.code()).has_value());
}

TEST(LazyCompile, TrapsInLazyCodeHaveTheirBacktrace) {
  CompiledModule compiled = test::compile_wat(lazy_module(), {.lazy = true});
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Instance& instance = linker.instantiate(compiled);
  Result<int32_t> trapped = instance.typed<int32_t(int32_t)>("main")(1);  // divides by 1 - 1
  ASSERT_FALSE(trapped.ok());
  EXPECT_EQ(trapped.trap().kind, TrapKind::IntegerDivideByZero);
  const std::vector<TrapFrame>& backtrace = trapped.trap().backtrace;
  ASSERT_EQ(backtrace.size(), 2u) << format_backtrace(backtrace);
  EXPECT_EQ(backtrace[0].func_index, 2u);
  EXPECT_TRUE(backtrace[0].offset.has_value());
  EXPECT_EQ(backtrace[1].func_index, 0u);
}

TEST(LazyCompile, ThreadsCallingTheSameNewFunctionCompileItOnce) {
  CompiledModule compiled = test::compile_wat(lazy_module(), {.lazy = true});
  constexpr int kThreads = 8;
  std::atomic<int> correct{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      Engine engine;
      Store store(engine);
      Linker linker(store);
      Instance& instance = linker.instantiate(compiled);
      while (!go.load()) std::this_thread::yield();
      Result<int32_t> result = instance.typed<int32_t(int32_t)>("main")(thread + 2);
      if (result.ok() && *result == 100 / (thread + 1)) ++correct;
    });
  }
  go.store(true);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(correct.load(), kThreads);
  EXPECT_EQ(stats_of(compiled).groups_compiled, 3u);
}

TEST(LazyCompile, ManyModulesComeAndGo) {
  for (int round = 0; round < 20; ++round) {
    CompiledModule compiled = test::compile_wat(lazy_module(), {.opt_level = 0, .lazy = true});
    Engine engine;
    Store store(engine);
    Linker linker(store);
    Instance& instance = linker.instantiate(compiled);
    ASSERT_EQ(*instance.typed<int32_t(int32_t)>("main")(3), 50);
  }
}

}  // namespace
}  // namespace kiln
