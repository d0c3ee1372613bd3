// JIT-compiled modules run through the runtime: typed and dynamic calls, traps, stack exhaustion,
// host functions calling back into wasm, memories grown by wasm, and tables shared by instances.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <cstring>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

using enum ValType;

CompiledModule compile(std::string_view wat, unsigned opt_level = 2) {
  return test::compile_wat(wat, {.opt_level = opt_level});
}

class JitCalls : public ::testing::Test {
 protected:
  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

TEST_F(JitCalls, TypedAndDynamicCalls) {
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "mix") (param i64 f32 f64) (result f64 i64)
        (f64.add (f64.promote_f32 (local.get 1)) (local.get 2))
        (i64.mul (local.get 0) (i64.const 3))))
  )"));
  auto add = instance.typed<int32_t(int32_t, int32_t)>("add");
  EXPECT_EQ(*add(40, 2), 42);
  EXPECT_EQ(*add(INT32_MAX, 1), INT32_MIN);
  Result<std::vector<Value>> mixed = instance.func("mix")->call({int64_t{7}, 1.5f, 2.25});
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed->size(), 2u);
  EXPECT_EQ(mixed->at(0).as<double>(), 3.75);
  EXPECT_EQ(mixed->at(1).as<int64_t>(), 21);
}

TEST_F(JitCalls, TrapsAreValues) {
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (memory 1)
      (func (export "unreachable") unreachable)
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
  )"));
  Result<void> trapped = instance.typed<void()>("unreachable")();
  ASSERT_FALSE(trapped.ok());
  EXPECT_EQ(trapped.trap().message, "unreachable");
  auto div = instance.typed<int32_t(int32_t, int32_t)>("div");
  EXPECT_EQ(div(1, 0).trap().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(div(INT32_MIN, -1).trap().kind, TrapKind::IntegerOverflow);
  EXPECT_EQ(*div(7, 2), 3);
  auto load = instance.typed<int32_t(int32_t)>("load");
  EXPECT_EQ(load(65536).trap().kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(*load(65532), 0);
}

TEST_F(JitCalls, DeepRecursionExhaustsTheStack) {
  // Not a tail call, and unoptimized, so that every call takes a frame.
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (func $down (export "down") (param i32) (result i32)
        (i32.add (call $down (local.get 0)) (i32.const 1))))
  )",
                                                   0));
  auto down = instance.typed<int32_t(int32_t)>("down");
  Result<int32_t> result = down(0);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::CallStackExhausted);
  EXPECT_EQ(down(0).trap().kind, TrapKind::CallStackExhausted) << "and again";
}

TEST_F(JitCalls, HostWasmHostWasmNesting) {
  Instance* instance = nullptr;
  int host_calls = 0;
  linker_.func("env", "host", [&](Caller& caller, int32_t depth) -> Result<int32_t> {
    ++host_calls;
    EXPECT_EQ(caller.instance(), instance);
    if (depth == 0) return 1000;
    return caller.instance()->typed<int32_t(int32_t)>("wasm")(depth - 1);  // back into wasm
  });
  instance = &linker_.instantiate(compile(R"(
    (module
      (import "env" "host" (func $host (param i32) (result i32)))
      (func (export "wasm") (param i32) (result i32)
        (i32.add (call $host (local.get 0)) (i32.const 1))))
  )"));
  EXPECT_EQ(*instance->typed<int32_t(int32_t)>("wasm")(3), 1004);
  EXPECT_EQ(host_calls, 4);
}

TEST_F(JitCalls, HostTrapsAndExceptionsEndTheWasmCall) {
  linker_.func("env", "check", [](int32_t value) -> Result<void> {
    if (value < 0) return host_trap("negative");
    if (value == 0) throw std::runtime_error("zero");
    return {};
  });
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (import "env" "check" (func $check (param i32)))
      (global $after (export "after") (mut i32) (i32.const 0))
      (func (export "run") (param i32)
        (call $check (local.get 0))
        (global.set $after (i32.const 1))))
  )"));
  auto run = instance.typed<void(int32_t)>("run");
  Result<void> negative = run(-1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.trap().kind, TrapKind::Host);
  EXPECT_EQ(negative.trap().message, "negative");
  EXPECT_EQ(run(0).trap().message, "zero");
  EXPECT_EQ(instance.global("after")->get().as<int32_t>(), 0);
  EXPECT_TRUE(run(1).ok());
  EXPECT_EQ(instance.global("after")->get().as<int32_t>(), 1);
}

TEST_F(JitCalls, MemoryGrownByWasmIsSeenByTheHost) {
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (memory (export "memory") 1 4)
      (data (i32.const 16) "kiln")
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
  )"));
  Memory& memory = *instance.memory("memory");
  EXPECT_EQ(std::memcmp(memory.data() + 16, "kiln", 4), 0);
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("grow")(2), 1);
  EXPECT_EQ(memory.pages(), 3u);
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("grow")(2), -1);
  ASSERT_TRUE(instance.typed<void(int32_t, int32_t)>("store")(3 * 65536 - 4, 0x01020304).ok());
  EXPECT_EQ(memory.data()[3 * 65536 - 4], 0x04);
}

TEST_F(JitCalls, TablesCarryFunctionsBetweenInstances) {
  Instance& owner = linker_.instantiate(compile(R"(
    (module
      (type $get (func (result i32)))
      (table (export "table") 2 funcref)
      (func (export "call") (param i32) (result i32) (call_indirect (type $get) (local.get 0))))
  )"));
  linker_.instance("owner", owner);
  linker_.instantiate(compile(R"(
    (module
      (import "owner" "table" (table 2 funcref))
      (global $seven i32 (i32.const 7))
      (func $seven (result i32) (global.get $seven))
      (elem (i32.const 1) $seven))
  )"));
  auto call = owner.typed<int32_t(int32_t)>("call");
  EXPECT_EQ(*call(1), 7) << "runs in the instance that defined it";
  EXPECT_EQ(call(0).trap().message, "uninitialized element");
  EXPECT_EQ(call(2).trap().message, "undefined element");
}

}  // namespace
}  // namespace kiln
