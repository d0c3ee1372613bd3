// The WAST script parser: every command form, constants and expected results, and errors with line:column.
#include <gtest/gtest.h>

#include <cstring>

#include "text/wast.h"

namespace kiln::text {
namespace {

using Kind = WastCommand::Kind;

WastValue number(ValType type, uint64_t bits) {
  WastValue value;
  value.type = type;
  value.bits = bits;
  return value;
}

TEST(WastParser, ModuleForms) {
  auto commands = parse_wast(
      "(module $m (func))\n"
      "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module $q quote \"(func\" \" (nop))\")\n"
      "(module definition $d (memory 1))\n"
      "(module instance $i $d)\n"
      "(module $b binary)");
  ASSERT_EQ(commands.size(), 6u);

  const WastModule& text = *commands[0].module;
  EXPECT_EQ(commands[0].kind, Kind::Module);
  EXPECT_EQ(text.form, WastModule::Form::Text);
  EXPECT_EQ(text.name, "m");
  EXPECT_FALSE(text.is_definition);
  ASSERT_TRUE(text.text.is_form("module"));
  EXPECT_EQ(text.text.items.size(), 3u);

  const WastModule& binary = *commands[1].module;
  EXPECT_EQ(binary.form, WastModule::Form::Binary);
  EXPECT_EQ(binary.source, std::string("\0asm\1\0\0\0", 8));
  EXPECT_EQ(binary.location.line, 2u);

  const WastModule& quote = *commands[2].module;
  EXPECT_EQ(quote.form, WastModule::Form::Quote);
  EXPECT_EQ(quote.name, "q");
  EXPECT_EQ(quote.source, "(func (nop))");

  const WastModule& definition = *commands[3].module;
  EXPECT_TRUE(definition.is_definition);
  EXPECT_EQ(definition.name, "d");
  // The WAT parser gets `(module $d (memory 1))`, without the script's `definition` keyword.
  ASSERT_EQ(definition.text.items.size(), 3u);
  EXPECT_TRUE(definition.text.items[1].is_atom(Token::Kind::Id));

  EXPECT_EQ(commands[4].kind, Kind::ModuleInstance);
  EXPECT_EQ(commands[4].name, "i");
  EXPECT_EQ(commands[4].module_name, "d");
  EXPECT_FALSE(commands[4].module.has_value());

  EXPECT_EQ(commands[5].module->source, "");
  EXPECT_EQ(commands[5].module->name, "b");
}

TEST(WastParser, ScriptOfBareFieldsIsOneModule) {
  auto commands = parse_wast("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, Kind::Module);
  const SExpr& wrapped = commands[0].module->text;
  ASSERT_TRUE(wrapped.is_form("module"));
  EXPECT_EQ(wrapped.items.size(), 4u);
}

TEST(WastParser, RegisterAndActions) {
  auto commands = parse_wast(
      "(register \"M\" $m)\n"
      "(register \"N\")\n"
      "(invoke $m \"f\" (i32.const -1) (i64.const 0x10) (f32.const 1.5) (f64.const -0)\n"
      "  (v128.const i16x8 1 2 3 4 5 6 7 -1) (ref.null func) (ref.null extern) (ref.extern 7))\n"
      "(get \"g\")");
  ASSERT_EQ(commands.size(), 4u);
  EXPECT_EQ(commands[0].kind, Kind::Register);
  EXPECT_EQ(commands[0].name, "M");
  EXPECT_EQ(commands[0].module_name, "m");
  EXPECT_EQ(commands[1].module_name, "");

  ASSERT_EQ(commands[2].kind, Kind::Action);
  const WastAction& invoke = *commands[2].action;
  EXPECT_EQ(invoke.kind, WastAction::Kind::Invoke);
  EXPECT_EQ(invoke.module, "m");
  EXPECT_EQ(invoke.field, "f");
  ASSERT_EQ(invoke.args.size(), 8u);
  EXPECT_EQ(invoke.args[0], number(ValType::I32, 0xFFFFFFFF));
  EXPECT_EQ(invoke.args[1], number(ValType::I64, 0x10));
  EXPECT_EQ(invoke.args[2], number(ValType::F32, 0x3FC00000));
  EXPECT_EQ(invoke.args[3], number(ValType::F64, 0x8000000000000000));
  EXPECT_EQ(invoke.args[4].type, ValType::V128);
  const uint8_t lanes[16] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0xFF, 0xFF};
  EXPECT_EQ(0, std::memcmp(invoke.args[4].v128.bytes, lanes, 16));
  EXPECT_EQ(invoke.args[5].type, ValType::FuncRef);
  EXPECT_TRUE(invoke.args[5].is_null);
  EXPECT_EQ(invoke.args[6].type, ValType::ExternRef);
  EXPECT_TRUE(invoke.args[6].is_null);
  EXPECT_EQ(invoke.args[7], number(ValType::ExternRef, 7));

  const WastAction& get = *commands[3].action;
  EXPECT_EQ(get.kind, WastAction::Kind::Get);
  EXPECT_EQ(get.module, "");
  EXPECT_EQ(get.field, "g");
  EXPECT_EQ(get.location.line, 5u);
}

TEST(WastParser, ExpectedResults) {
  auto commands = parse_wast(
      "(assert_return (invoke \"f\")\n"
      "  (i32.const 3) (f32.const nan:canonical) (f64.const nan:arithmetic) (f64.const -nan)\n"
      "  (v128.const f32x4 1 nan:canonical -0 nan:arithmetic)\n"
      "  (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)\n"
      "  (ref.null extern) (ref.extern 3) (ref.func) (ref.extern))");
  ASSERT_EQ(commands.size(), 1u);
  ASSERT_EQ(commands[0].kind, Kind::AssertReturn);
  const auto& results = commands[0].results;
  ASSERT_EQ(results.size(), 10u);

  EXPECT_EQ(results[0].kind, WastResult::Kind::Exact);
  EXPECT_EQ(results[0].value, number(ValType::I32, 3));
  EXPECT_EQ(results[1].kind, WastResult::Kind::Nan);
  EXPECT_EQ(results[1].value.type, ValType::F32);
  EXPECT_EQ(results[1].nan, NanPattern::Canonical);
  EXPECT_EQ(results[2].nan, NanPattern::Arithmetic);
  EXPECT_EQ(results[2].value.type, ValType::F64);
  EXPECT_EQ(results[3].kind, WastResult::Kind::Exact);
  EXPECT_EQ(results[3].value.bits, 0xFFF8000000000000u);

  const WastResult& floats = results[4];
  EXPECT_EQ(floats.kind, WastResult::Kind::Lanes);
  EXPECT_EQ(floats.shape, LaneShape::F32x4);
  ASSERT_EQ(floats.lanes.size(), 4u);
  EXPECT_EQ(floats.lanes[0].nan, NanPattern::None);
  EXPECT_EQ(floats.lanes[0].bits, 0x3F800000u);
  EXPECT_EQ(floats.lanes[1].nan, NanPattern::Canonical);
  EXPECT_EQ(floats.lanes[2].bits, 0x80000000u);
  EXPECT_EQ(floats.lanes[3].nan, NanPattern::Arithmetic);
  EXPECT_EQ(results[5].shape, LaneShape::I8x16);
  ASSERT_EQ(results[5].lanes.size(), 16u);
  EXPECT_EQ(results[5].lanes[15].bits, 15u);

  EXPECT_TRUE(results[6].value.is_null);
  EXPECT_EQ(results[6].value.type, ValType::ExternRef);
  EXPECT_EQ(results[7].value, number(ValType::ExternRef, 3));
  EXPECT_EQ(results[8].kind, WastResult::Kind::AnyRef);
  EXPECT_EQ(results[8].value.type, ValType::FuncRef);
  EXPECT_EQ(results[9].kind, WastResult::Kind::AnyRef);
  EXPECT_EQ(results[9].value.type, ValType::ExternRef);
}

TEST(WastParser, Assertions) {
  auto commands = parse_wast(
      "(assert_trap (invoke \"div\" (i32.const 0)) \"integer divide by zero\")\n"
      "(assert_trap (module (func unreachable) (start 0)) \"unreachable\")\n"
      "(assert_exhaustion (invoke $m \"loop\") \"call stack exhausted\")\n"
      "(assert_malformed (module quote \"(func i32.const)\") \"unexpected token\")\n"
      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
      "(assert_unlinkable (module (import \"spectest\" \"none\" (func))) \"unknown import\")\n"
      "(assert_uninstantiable (module binary \"\\00asm\\01\\00\\00\\00\") \"out of bounds\")");
  ASSERT_EQ(commands.size(), 7u);
  EXPECT_EQ(commands[0].kind, Kind::AssertTrap);
  EXPECT_TRUE(commands[0].action.has_value());
  EXPECT_FALSE(commands[0].module.has_value());
  EXPECT_EQ(commands[0].failure, "integer divide by zero");
  EXPECT_EQ(commands[1].kind, Kind::AssertTrap);
  EXPECT_TRUE(commands[1].module.has_value());
  EXPECT_FALSE(commands[1].action.has_value());
  EXPECT_EQ(commands[2].kind, Kind::AssertExhaustion);
  EXPECT_EQ(commands[2].action->module, "m");
  EXPECT_EQ(commands[3].kind, Kind::AssertMalformed);
  EXPECT_EQ(commands[3].module->form, WastModule::Form::Quote);
  EXPECT_EQ(commands[3].failure, "unexpected token");
  EXPECT_EQ(commands[4].kind, Kind::AssertInvalid);
  EXPECT_EQ(commands[4].module->form, WastModule::Form::Text);
  EXPECT_EQ(commands[4].failure, "type mismatch");
  EXPECT_EQ(commands[5].kind, Kind::AssertUnlinkable);
  EXPECT_EQ(commands[6].kind, Kind::AssertUninstantiable);
  EXPECT_EQ(commands[6].module->form, WastModule::Form::Binary);
  for (size_t i = 0; i < commands.size(); ++i) {
    EXPECT_EQ(commands[i].location.line, i + 1);
    EXPECT_EQ(commands[i].location.column, 1u);
  }
  EXPECT_STREQ(to_string(Kind::AssertUnlinkable), "assert_unlinkable");
}

// Parses `source`, which must fail, and returns where.
TextLocation error_location(std::string_view source) {
  try {
    parse_wast(source);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed) << source;
    return error.location();
  }
  ADD_FAILURE() << "no error for: " << source;
  return {};
}

void expect_error_at(std::string_view source, uint32_t line, uint32_t column) {
  TextLocation location = error_location(source);
  EXPECT_EQ(location.line, line) << source;
  EXPECT_EQ(location.column, column) << source;
}

TEST(WastParser, SyntaxErrorsCarryLineAndColumn) {
  expect_error_at("(module)\n  (assert_bogus (module))", 2, 4);
  expect_error_at("(assert_invalid (module (func)))", 1, 32);  // the missing message: at the closing `)`
  expect_error_at("(assert_invalid (module) \"a\" \"b\")", 1, 30);
  expect_error_at("(assert_invalid (invoke \"f\") \"a\")", 1, 17);
  expect_error_at("(invoke \"f\"\n (i32.const))", 2, 12);
  expect_error_at("(invoke \"f\" (v128.const i32x4 1 2 3))", 1, 36);
  expect_error_at("(invoke \"f\" (v128.const i32x4 1 2 3 4 5))", 1, 39);
  expect_error_at("(invoke \"f\" (v128.const i32x3 1 2 3))", 1, 25);
  expect_error_at("(invoke \"f\" (ref.null any))", 1, 23);
  expect_error_at("(invoke \"f\" (ref.func))", 1, 14);
  expect_error_at("(invoke \"f\" (f32.const nan:canonical))", 1, 24);
  expect_error_at("(assert_return (invoke \"f\") (i32.const nan:canonical))", 1, 40);
  expect_error_at("(register $m)", 1, 11);
  expect_error_at("(get \"g\" (i32.const 0))", 1, 10);
  expect_error_at("(module binary \"\\00asm\" $x)", 1, 25);
  expect_error_at("x", 1, 1);
  expect_error_at("(assert_return (invoke \"f\")\n  (i32.const 1", 2, 3);  // from the lexer
}

TEST(WastParser, ReadWastModuleDecodesBinary) {
  auto commands = parse_wast("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")");
  Module module = read_wast_module(*commands[0].module);
  EXPECT_TRUE(module.functions.empty());
}

}  // namespace
}  // namespace kiln::text
