// Where traps happen: the function (by name-section name), the wasm byte offset and the backtrace
// of wasm frames, for traps raised by signals, by runtime calls and by host functions; and the
// CodeMap the JIT records for them.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <algorithm>
#include <regex>

#include "kiln/decoder.h"
#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "kiln/writer.h"

namespace kiln {
namespace {

std::shared_ptr<Module> parse(std::string_view wat) { return test::parse_module(wat); }

// The module-relative offset of the first occurrence of `bytes` in function `func_index`'s body.
uint32_t offset_of(const Module& module, uint32_t func_index, std::vector<uint8_t> bytes) {
  const FunctionBody& body = module.bodies[func_index - module.num_imported_functions];
  auto found = std::search(body.code.begin(), body.code.end(), bytes.begin(), bytes.end());
  EXPECT_NE(found, body.code.end()) << "pattern not in function " << func_index;
  return body.code_offset + static_cast<uint32_t>(found - body.code.begin());
}

struct Expected {
  std::string name;
  uint32_t offset;
};

void expect_backtrace(const Trap& trap, const std::vector<Expected>& expected) {
  ASSERT_EQ(trap.backtrace.size(), expected.size()) << format_backtrace(trap.backtrace);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(trap.backtrace[i].func_name, expected[i].name) << "frame " << i;
    EXPECT_EQ(trap.backtrace[i].offset, expected[i].offset) << "frame " << i << "\n"
                                                            << format_backtrace(trap.backtrace);
  }
}

constexpr uint8_t kUnreachable = 0x00, kCall = 0x10, kI32DivS = 0x6d, kI32Load = 0x28, kMemoryFill = 0xfc;

class TrapLocations : public ::testing::TestWithParam<unsigned> {
 protected:
  Instance& instantiate(const std::shared_ptr<Module>& module, CompileOptions options = {}) {
    options.opt_level = GetParam();
    return linker_.instantiate(CompiledModule(module, jit_compile(*module, options)));
  }
  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

TEST_P(TrapLocations, BacktraceOfAThreeDeepCallChain) {
  // Each function does something after its call, so that no call is a tail call. At O2 LLVM
  // inlines $c and $b into $a; the code map's inlined-call records bring their frames back.
  auto module = parse(R"(
    (module
      (func $a (export "a") (param i32) (result i32) (i32.add (call $b (local.get 0)) (i32.const 1)))
      (func $b (param i32) (result i32) (i32.mul (call $c (local.get 0)) (i32.const 3)))
      (func $c (param i32) (result i32)
        (if (i32.eqz (local.get 0)) (then unreachable))
        (local.get 0)))
  )");
  Instance& instance = instantiate(module);
  Result<int32_t> result = instance.typed<int32_t(int32_t)>("a")(0);
  ASSERT_FALSE(result.ok());
  const Trap& trap = result.trap();
  EXPECT_EQ(trap.kind, TrapKind::Unreachable);
  ASSERT_NE(trap.origin(), nullptr);
  EXPECT_EQ(trap.origin()->func_index, 2u);
  expect_backtrace(trap, {{"c", offset_of(*module, 2, {kUnreachable, 0x0b})},
                          {"b", offset_of(*module, 1, {kCall, 2})},
                          {"a", offset_of(*module, 0, {kCall, 1})}});
}

TEST_P(TrapLocations, SignalTrapsAndRuntimeCallTrapsNameTheirInstruction) {
  auto module = parse(R"(
    (module
      (memory 1)
      (func $div (export "div") (param i32 i32) (result i32)
        (i32.add (local.get 0) (local.get 1))
        (i32.div_s (local.get 0) (local.get 1))
        (i32.add))
      (func $load (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
      (func $fill (export "fill") (param i32)
        (memory.fill (local.get 0) (i32.const 0) (i32.const 16))))
  )");
  Instance& instance = instantiate(module);
  // Division by zero: an explicit check that calls kiln_rt_trap.
  Trap div = instance.typed<int32_t(int32_t, int32_t)>("div")(1, 0).trap();
  EXPECT_EQ(div.kind, TrapKind::IntegerDivideByZero);
  expect_backtrace(div, {{"div", offset_of(*module, 0, {kI32DivS})}});
  // An out-of-bounds load: a fault in the guard region, caught by the signal handler.
  Trap load = instance.typed<int32_t(int32_t)>("load")(65536).trap();
  EXPECT_EQ(load.kind, TrapKind::MemoryOutOfBounds);
  expect_backtrace(load, {{"load", offset_of(*module, 1, {kI32Load})}});
  // memory.fill out of bounds: raised inside the runtime function kiln_rt_memory_fill.
  Trap fill = instance.typed<void(int32_t)>("fill")(65530).trap();
  EXPECT_EQ(fill.kind, TrapKind::MemoryOutOfBounds);
  expect_backtrace(fill, {{"fill", offset_of(*module, 2, {kMemoryFill})}});
}

TEST_P(TrapLocations, UnnamedFunctionsGetTheirIndex) {
  auto module = parse(R"((module (func (export "f") unreachable)))");
  Instance& instance = instantiate(module);
  Trap trap = instance.typed<void()>("f")().trap();
  ASSERT_NE(trap.origin(), nullptr);
  EXPECT_EQ(trap.origin()->func_name, "func[0]");
  std::string text = format_backtrace(trap.backtrace);
  EXPECT_TRUE(std::regex_match(text, std::regex("    0: +0x[0-9a-f]+ - func\\[0\\]\n"))) << text;
}

TEST_P(TrapLocations, HostWasmHostWasmBacktraceCrossesTheHost) {
  Instance* instance = nullptr;
  linker_.func("env", "host", [&](Caller& caller, int32_t value) -> Result<int32_t> {
    return caller.instance()->typed<int32_t(int32_t)>("inner")(value);
  });
  auto module = parse(R"(
    (module
      (import "env" "host" (func $host (param i32) (result i32)))
      (func $outer (export "outer") (param i32) (result i32)
        (i32.add (call $host (local.get 0)) (i32.const 1)))
      (func $inner (export "inner") (param i32) (result i32)
        (i32.div_u (i32.const 1) (local.get 0))))
  )");
  instance = &instantiate(module);
  Trap trap = instance->typed<int32_t(int32_t)>("outer")(0).trap();
  EXPECT_EQ(trap.kind, TrapKind::IntegerDivideByZero);
  expect_backtrace(trap, {{"inner", offset_of(*module, 2, {0x6e})}, {"outer", offset_of(*module, 1, {kCall, 0})}});
}

TEST_P(TrapLocations, AHostTrapPointsAtTheImportCall) {
  linker_.func("env", "fail", []() -> Result<void> { return host_trap("refused"); });
  auto module = parse(R"(
    (module
      (import "env" "fail" (func $fail))
      (func $run (export "run") (nop) (call $fail)))
  )");
  Instance& instance = instantiate(module);
  Trap trap = instance.typed<void()>("run")().trap();
  EXPECT_EQ(trap.message, "refused");
  expect_backtrace(trap, {{"run", offset_of(*module, 1, {kCall, 0})}});
}

TEST_P(TrapLocations, ATrapInTheStartFunctionIsATrapError) {
  auto module = parse(R"(
    (module
      (func $boom unreachable)
      (start $boom))
  )");
  try {
    instantiate(module);
    FAIL() << "instantiation should have trapped";
  } catch (const TrapError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Uninstantiable);
    EXPECT_EQ(error.trap().kind, TrapKind::Unreachable);
    expect_backtrace(error.trap(), {{"boom", offset_of(*module, 0, {kUnreachable})}});
  }
}

TEST_P(TrapLocations, StackExhaustionStillHasTheRecursingFunctionOnTop) {
  auto module = parse(R"(
    (module
      (func $down (export "down") (param i32) (result i32)
        (i32.add (call $down (local.get 0)) (i32.const 1))))
  )");
  Instance& instance = instantiate(module);
  Trap trap = instance.typed<int32_t(int32_t)>("down")(0).trap();
  EXPECT_EQ(trap.kind, TrapKind::CallStackExhausted);
  ASSERT_FALSE(trap.backtrace.empty());
  EXPECT_EQ(trap.origin()->func_name, "down");
  // The walk stops at a fixed depth instead of following thousands of frames.
  EXPECT_LE(trap.backtrace.size(), 64u);
}

TEST_P(TrapLocations, TheJitRecordsACodeMapThatSurvivesSerialization) {
  auto module = parse(R"(
    (module
      (func (export "f") (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0)))
      (func (export "g") (result i32) (i32.const 1)))
  )");
  std::shared_ptr<const CompiledCode> code = jit_compile(*module, {.opt_level = GetParam()});
  const CodeMap& map = code->code_map;
  ASSERT_EQ(map.functions.size(), 2u);
  for (const CodeMap::Function& function : map.functions) EXPECT_GT(function.code_size, 0u);
  EXPECT_FALSE(map.functions[0].locations.empty());
  std::optional<CodeMap> copy = CodeMap::deserialize(map.serialize());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(*copy, map);
}

TEST_P(TrapLocations, WithoutWasmOffsetsTrapsStillNameTheirFunction) {
  auto module = parse(R"((module (func $f (export "f") unreachable)))");
  Instance& instance = instantiate(module, {.wasm_offsets = false});
  Trap trap = instance.typed<void()>("f")().trap();
  ASSERT_EQ(trap.backtrace.size(), 1u);
  EXPECT_EQ(trap.origin()->func_name, "f");
  EXPECT_EQ(trap.origin()->offset, std::nullopt);
  EXPECT_EQ(format_backtrace(trap.backtrace), "    0:        ? - f\n");
}

INSTANTIATE_TEST_SUITE_P(OptLevels, TrapLocations, ::testing::Values(0u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return "O" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace kiln
