// Calls between C++ and (stand-in) compiled code: typed and dynamic calls, typed host functions
// derived from C++ signatures, traps from wasm and from host functions, nested
// host → wasm → host → wasm calls, and the stack limit every entry sets.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "fake_code.h"
#include "kiln/linker.h"

namespace kiln {
namespace {

using enum ValType;
using test::fake_compiled;

void add(abi::VMContext*, abi::ValueSlot* slots) {
  store_slot(slots[0], load_slot<int32_t>(slots[0]) + load_slot<int32_t>(slots[1]));
}

// Calls import 0 with its own argument and returns what the import returns, as a call
// instruction would.
void call_import(abi::VMContext* vmctx, abi::ValueSlot* slots) {
  const abi::ImportedFunction& callee = vmctx->imported_functions[0];
  reinterpret_cast<test::FakeFunction>(const_cast<void*>(callee.code))(callee.vmctx, slots);
}

void unreachable(abi::VMContext* vmctx, abi::ValueSlot*) {
  kiln_rt_trap(vmctx, static_cast<uint32_t>(TrapKind::Unreachable));
}

// Recurses until the stack limit, as compiled prologues check it.
void recurse(abi::VMContext* vmctx, abi::ValueSlot* slots) {
  volatile char frame[256];
  frame[0] = 0;
  if (reinterpret_cast<uintptr_t>(&frame) < vmctx->stack_limit)
    kiln_rt_trap(vmctx, static_cast<uint32_t>(TrapKind::CallStackExhausted));
  recurse(vmctx, slots);
  frame[1] = frame[0];  // not a tail call
}

class Calls : public ::testing::Test {
 protected:
  Calls() {
    Module module;
    module.types = {{{I32, I32}, {I32}}, {{}, {}}, {{I32}, {I32}}};
    module.functions = {2, 0, 2, 1, 1};
    test::add_import(module, "env", "callback", ExternKind::Func);
    module.exports = {{"add", ExternKind::Func, 1},
                      {"call_import", ExternKind::Func, 2},
                      {"unreachable", ExternKind::Func, 3},
                      {"recurse", ExternKind::Func, 4},
                      {"callback", ExternKind::Func, 0}};
    linker_.func("env", "callback", [this](Caller& caller, int32_t x) -> Result<int32_t> {
      EXPECT_EQ(&caller.store(), &store_);
      return callback_(x);
    });
    instance_ = &linker_.instantiate(fake_compiled(module, {add, call_import, unreachable, recurse}));
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  Instance* instance_ = nullptr;
  std::function<Result<int32_t>(int32_t)> callback_ = [](int32_t x) { return x * 2; };
};

TEST_F(Calls, TypedCall) {
  auto add_function = instance_->typed<int32_t(int32_t, int32_t)>("add");
  Result<int32_t> sum = add_function(40, 2);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(*sum, 42);
  EXPECT_EQ(*add_function(-1, 1), 0);
}

TEST_F(Calls, TypedHandleChecksTheSignatureOnce) {
  EXPECT_THROW(instance_->typed<int64_t(int32_t, int32_t)>("add"), std::invalid_argument);
  EXPECT_THROW(instance_->typed<int32_t(int32_t)>("add"), std::invalid_argument);
  EXPECT_THROW(instance_->typed<void()>("missing"), std::invalid_argument);
  EXPECT_NO_THROW(instance_->typed<void()>("unreachable"));
}

TEST_F(Calls, DynamicCall) {
  Func add_function = *instance_->func("add");
  EXPECT_EQ(add_function.type(), (FuncType{{I32, I32}, {I32}}));
  Result<std::vector<Value>> results = add_function.call({Value(int32_t{5}), Value(int32_t{6})});
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].type(), I32);
  EXPECT_EQ((*results)[0].as<int32_t>(), 11);
  EXPECT_THROW((void)add_function.call({Value(int32_t{5})}), std::invalid_argument);
  EXPECT_THROW((void)add_function.call({Value(int32_t{5}), Value(1.0)}), std::invalid_argument);
}

TEST_F(Calls, TrapIsReportedAsAValue) {
  Result<void> result = instance_->typed<void()>("unreachable")();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Unreachable);
  EXPECT_EQ(result.trap().message, "unreachable");
  EXPECT_EQ(*instance_->typed<int32_t(int32_t, int32_t)>("add")(1, 2), 3) << "usable after a trap";
}

TEST_F(Calls, WasmCallsATypedHostFunction) { EXPECT_EQ(*instance_->typed<int32_t(int32_t)>("call_import")(21), 42); }

TEST_F(Calls, ReexportedHostFunctionIsCallable) {
  Func callback = *instance_->func("callback");
  EXPECT_NE(callback.host(), nullptr);
  EXPECT_EQ(callback.call({Value(int32_t{4})})->at(0).as<int32_t>(), 8);
  EXPECT_EQ(*instance_->typed<int32_t(int32_t)>("callback")(5), 10);
}

TEST_F(Calls, HostTrapEndsTheWasmCall) {
  callback_ = [](int32_t) -> Result<int32_t> { return host_trap("refused"); };
  Result<int32_t> result = instance_->typed<int32_t(int32_t)>("call_import")(1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Host);
  EXPECT_EQ(result.trap().message, "refused");
}

TEST_F(Calls, HostExceptionBecomesATrap) {
  callback_ = [](int32_t) -> Result<int32_t> { throw std::runtime_error("boom"); };
  Result<int32_t> result = instance_->typed<int32_t(int32_t)>("call_import")(1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Host);
  EXPECT_EQ(result.trap().message, "boom");
}

TEST_F(Calls, NestedHostWasmHostWasmCalls) {
  auto call_import_function = instance_->typed<int32_t(int32_t)>("call_import");
  auto add_function = instance_->typed<int32_t(int32_t, int32_t)>("add");
  int depth = 0;
  callback_ = [&](int32_t x) -> Result<int32_t> {
    if (++depth < 3) {
      Result<int32_t> inner = call_import_function(x + 1);  // wasm → host again
      if (!inner) return inner.trap();
      return add_function(*inner, 100);
    }
    return x;
  };
  EXPECT_EQ(*call_import_function(0), 202);
  EXPECT_EQ(depth, 3);
}

TEST_F(Calls, TrapInANestedCallReachesOnlyTheInnermostEntry) {
  auto unreachable_function = instance_->typed<void()>("unreachable");
  std::optional<Trap> inner_trap;
  callback_ = [&](int32_t x) -> Result<int32_t> {
    Result<void> inner = unreachable_function();
    if (!inner) inner_trap = inner.trap();
    return x + 1;
  };
  EXPECT_EQ(*instance_->typed<int32_t(int32_t)>("call_import")(1), 2);
  ASSERT_TRUE(inner_trap);
  EXPECT_EQ(inner_trap->kind, TrapKind::Unreachable);
}

TEST_F(Calls, TrapPassedUpByTheHostKeepsItsKind) {
  auto unreachable_function = instance_->typed<void()>("unreachable");
  callback_ = [&](int32_t) -> Result<int32_t> { return unreachable_function().trap(); };
  Result<int32_t> result = instance_->typed<int32_t(int32_t)>("call_import")(1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Unreachable);
}

TEST_F(Calls, StackLimitStopsRecursion) {
  Result<void> result = instance_->typed<void()>("recurse")();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::CallStackExhausted);
  EXPECT_EQ(result.trap().message, "call stack exhausted");
}

TEST_F(Calls, StackLimitStopsRecursionInNestedCalls) {
  auto recurse_function = instance_->typed<void()>("recurse");
  callback_ = [&](int32_t x) -> Result<int32_t> {
    Result<void> inner = recurse_function();
    return inner.ok() ? x : -1;
  };
  EXPECT_EQ(*instance_->typed<int32_t(int32_t)>("call_import")(1), -1);
}

TEST(HostFunctions, TypesFollowTheCppSignature) {
  EXPECT_EQ(host_func_type<void (*)()>(), (FuncType{{}, {}}));
  auto typed = [](Caller&, int32_t, uint32_t, int64_t, uint64_t, float, double) -> double { return 0; };
  EXPECT_EQ(host_func_type<decltype(typed)>(), (FuncType{{I32, I32, I64, I64, F32, F64}, {F64}}));
  auto references = [](void*, const abi::FuncRef*) -> Result<void*> { return nullptr; };
  EXPECT_EQ(host_func_type<decltype(references)>(), (FuncType{{ExternRef, FuncRef}, {ExternRef}}));
  auto trapping = [](int64_t) -> Result<void> { return {}; };
  EXPECT_EQ(host_func_type<decltype(trapping)>(), (FuncType{{I64}, {}}));
}

TEST(HostFunctions, CalledDirectlyFromTheHost) {
  Engine engine;
  Store store(engine);
  int calls = 0;
  Func mul = store.create_func([&](float a, double b) {
    ++calls;
    return static_cast<double>(a) * b;
  });
  Result<std::vector<Value>> result = mul.call({Value(1.5f), Value(4.0)});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->at(0).as<double>(), 6.0);
  EXPECT_EQ(calls, 1);
  Func fails = store.create_func([](int32_t) -> int32_t { throw Trap{TrapKind::IntegerOverflow, "overflow"}; });
  Result<std::vector<Value>> failed = fails.call({Value(int32_t{1})});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.trap().kind, TrapKind::IntegerOverflow);
}

TEST(HostFunctions, DynamicHostFunctionUsesSlots) {
  Engine engine;
  Store store(engine);
  Func swap = store.create_func(FuncType{{I32, I64}, {I64, I32}},
                                [](Caller&, std::span<abi::ValueSlot> slots) -> std::optional<Trap> {
                                  EXPECT_EQ(slots.size(), 2u);
                                  std::swap(slots[0], slots[1]);
                                  return std::nullopt;
                                });
  Result<std::vector<Value>> result = swap.call({Value(int32_t{1}), Value(int64_t{2})});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->at(0).as<int64_t>(), 2);
  EXPECT_EQ(result->at(1).as<int32_t>(), 1);
}

}  // namespace
}  // namespace kiln
