// Stores on different threads running JIT-compiled wasm at once, each getting its own results, traps
// and stack exhaustion; and traps raised deep inside host → wasm → host → wasm calls.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <barrier>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

// "nest" recurses through the host import "enter" until its depth reaches 0, where it divides by
// zero. Unoptimized, so that "down" takes a frame per call rather than becoming a loop.
constexpr std::string_view kModule = R"(
  (module
    (import "env" "enter" (func $enter (param i32) (result i32)))
    (import "env" "fail" (func $fail (param i32)))
    (memory (export "memory") 1)
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "fail") (param i32) (call $fail (local.get 0)) (unreachable))
    (func $down (export "down") (param i32) (result i32)
      (i32.add (call $down (local.get 0)) (i32.const 1)))
    (func (export "nest") (param $depth i32) (result i32)
      (if (result i32) (i32.eqz (local.get $depth))
        (then (i32.div_u (i32.const 1) (local.get $depth)))
        (else (i32.add (call $enter (i32.sub (local.get $depth) (i32.const 1))) (i32.const 1))))))
)";

CompiledModule compile_module() { return test::compile_wat(kModule, {.opt_level = 0}); }

// One store with the module instantiated. Host calls into "enter" call "nest" again; with
// `recover`, a trap of the inner call is answered with 100 instead of being passed on.
struct Sandbox {
  Store store;
  Instance* instance = nullptr;
  bool recover = false;
  int traps_seen_by_host = 0;

  Sandbox(Engine& engine, const CompiledModule& module) : store(engine) {
    Linker linker(store);
    linker.func("env", "enter", [this](Caller& caller, int32_t depth) -> Result<int32_t> {
      Result<int32_t> inner = caller.instance()->typed<int32_t(int32_t)>("nest")(depth);
      if (inner.ok()) return inner;
      ++traps_seen_by_host;
      return recover ? Result<int32_t>(100) : inner;
    });
    linker.func("env", "fail",
                [](int32_t code) -> Result<void> { return host_trap("host failure " + std::to_string(code)); });
    instance = &linker.instantiate(module);
  }
};

class JitThreads : public ::testing::Test {
 protected:
  Engine engine_;
  CompiledModule module_ = compile_module();
};

// Every check a thread makes on its own store, `rounds` times over; `id` makes its values its own.
void exercise(Sandbox& sandbox, int32_t id, int rounds) {
  Instance& instance = *sandbox.instance;
  auto fib = instance.typed<int32_t(int32_t)>("fib");
  auto div = instance.typed<int32_t(int32_t, int32_t)>("div");
  auto store = instance.typed<void(int32_t, int32_t)>("store");
  auto load = instance.typed<int32_t(int32_t)>("load");
  auto fail = instance.typed<void(int32_t)>("fail");
  auto down = instance.typed<int32_t(int32_t)>("down");
  auto nest = instance.typed<int32_t(int32_t)>("nest");
  for (int round = 0; round < rounds; ++round) {
    int32_t value = id * 1000 + round;
    ASSERT_TRUE(store(64, value).ok());
    EXPECT_EQ(*fib(12), 144);
    EXPECT_EQ(*div(value, 1), value);
    EXPECT_EQ(div(value, 0).trap().kind, TrapKind::IntegerDivideByZero);
    EXPECT_EQ(div(INT32_MIN, -1).trap().kind, TrapKind::IntegerOverflow);
    EXPECT_EQ(load(65535).trap().kind, TrapKind::MemoryOutOfBounds);
    Result<void> failed = fail(value);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.trap().kind, TrapKind::Host);
    EXPECT_EQ(failed.trap().message, "host failure " + std::to_string(value)) << "another thread's host trap";
    EXPECT_EQ(nest(2).trap().kind, TrapKind::IntegerDivideByZero);
    if (round % 20 == 0) EXPECT_EQ(down(0).trap().kind, TrapKind::CallStackExhausted);
    EXPECT_EQ(*load(64), value) << "another thread's memory";
  }
}

TEST_F(JitThreads, StoresOnDifferentThreadsRunAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::barrier start(kThreads);
  std::vector<int> traps_seen_by_host(kThreads);
  std::vector<std::thread> threads;
  for (int32_t id = 0; id < kThreads; ++id) {
    threads.emplace_back([&, id] {
      Sandbox sandbox(engine_, module_);
      start.arrive_and_wait();
      exercise(sandbox, id, kRounds);
      traps_seen_by_host[id] = sandbox.traps_seen_by_host;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : traps_seen_by_host) EXPECT_EQ(count, 2 * kRounds) << "two host frames per nest(2)";
}

TEST_F(JitThreads, EveryThreadRecoversFromItsOwnStackExhaustion) {
  constexpr int kThreads = 3;
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int32_t id = 0; id < kThreads; ++id) {
    threads.emplace_back([&, id] {
      Sandbox sandbox(engine_, module_);
      auto down = sandbox.instance->typed<int32_t(int32_t)>("down");
      start.arrive_and_wait();
      for (int round = 0; round < 5; ++round) {
        EXPECT_EQ(down(id).trap().kind, TrapKind::CallStackExhausted);
        EXPECT_EQ(*sandbox.instance->typed<int32_t(int32_t)>("fib")(10), 55);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST_F(JitThreads, ThreadsCompileTheirOwnModulesAtOnce) {
  constexpr int kThreads = 3;
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int32_t id = 0; id < kThreads; ++id) {
    threads.emplace_back([&, id] {
      start.arrive_and_wait();
      CompiledModule module = compile_module();
      Sandbox sandbox(engine_, module);
      EXPECT_EQ(*sandbox.instance->typed<int32_t(int32_t, int32_t)>("div")(id, 1), id);
      EXPECT_EQ(sandbox.instance->typed<int32_t(int32_t)>("nest")(2).trap().kind, TrapKind::IntegerDivideByZero);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST_F(JitThreads, TrapInTheInnermostWasmReachesTheOutermostCall) {
  Sandbox sandbox(engine_, module_);
  auto nest = sandbox.instance->typed<int32_t(int32_t)>("nest");
  Result<int32_t> result = nest(3);  // wasm → host → wasm → host → wasm → host → wasm, which traps
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(result.trap().message, "integer divide by zero");
  EXPECT_EQ(sandbox.traps_seen_by_host, 3) << "each host frame saw the trap as a value on its way out";
  EXPECT_EQ(nest(3).trap().kind, TrapKind::IntegerDivideByZero) << "and again";
  EXPECT_EQ(sandbox.traps_seen_by_host, 6);
}

TEST_F(JitThreads, HostFrameThatRecoversFromAnInnerTrapLetsTheOuterCallsFinish) {
  Sandbox sandbox(engine_, module_);
  sandbox.recover = true;
  auto nest = sandbox.instance->typed<int32_t(int32_t)>("nest");
  EXPECT_EQ(*nest(3), 103) << "the innermost host frame answers 100 and each of the three wasm frames above adds 1";
  EXPECT_EQ(sandbox.traps_seen_by_host, 1);
  EXPECT_EQ(nest(0).trap().kind, TrapKind::IntegerDivideByZero) << "no host frame between the trap and the entry";
}

}  // namespace
}  // namespace kiln
