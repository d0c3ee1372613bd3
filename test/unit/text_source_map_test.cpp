// Validation errors in text modules: the parser's source map turns the offsets the validator
// reports into the line and column of the offending instruction or field.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "kiln/loader.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

struct Failure {
  std::string message;
  TextLocation location;
};

// What load_module reports for a text module that parses but does not validate.
Failure validation_failure(std::string_view source) {
  try {
    load_module(std::vector<uint8_t>(source.begin(), source.end()));
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Invalid) << error.what();
    return {error.message(), error.location()};
  }
  ADD_FAILURE() << "valid: " << source;
  return {};
}

void expect_failure(std::string_view source, const std::string& message, uint32_t line, uint32_t column) {
  SCOPED_TRACE(source);
  Failure failure = validation_failure(source);
  EXPECT_EQ(failure.message, message);
  EXPECT_EQ(failure.location.line, line);
  EXPECT_EQ(failure.location.column, column);
}

TEST(TextSourceMapTest, FlatInstruction) {
  expect_failure(R"((module
  (func (result i32)
    i32.const 1
    i64.const 2
    i32.add))
)",
                 "type mismatch", 5, 5);
}

TEST(TextSourceMapTest, FoldedInstructionIsItsMnemonic) {
  expect_failure("(module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))", "type mismatch", 1, 29);
}

TEST(TextSourceMapTest, InstructionInALaterFunction) {
  expect_failure(R"((module
  (func (param i32) (local.get 0) drop)
  (func
    (local.get 1)))
)",
                 "unknown local 1", 4, 6);
}

TEST(TextSourceMapTest, FunctionResultsAreCheckedAtItsClosingParen) {
  expect_failure("(module (func (result i32) (i64.const 1)))", "type mismatch", 1, 41);
}

TEST(TextSourceMapTest, FoldedBlocksEndAtTheirClosingParen) {
  expect_failure("(func (block (result i32)))", "type mismatch", 1, 26);
  expect_failure("(func (if (result i32) (i32.const 1) (then (i32.const 2))) drop)", "type mismatch", 1, 58);
  expect_failure("(func (if (result i32) (i32.const 1) (then (i32.const 2)) (else)) drop)", "type mismatch", 1, 65);
}

TEST(TextSourceMapTest, PlainBlockDelimiters) {
  expect_failure(R"((func (result i32)
  i32.const 1
  if (result i32)
    i32.const 2
  else
  end))",
                 "type mismatch", 6, 3);
}

TEST(TextSourceMapTest, ConstantExpression) {
  expect_failure("(global i32 (i64.const 0))", "type mismatch", 1, 13);
  expect_failure("(memory 1) (data (offset (i64.const 0)) \"\")", "type mismatch", 1, 18);
  expect_failure("(table 1 funcref) (elem (i32.const 0) funcref (item (ref.null extern)))", "type mismatch", 1, 47);
}

TEST(TextSourceMapTest, BareFunctionIndexInAnElementList) {
  expect_failure("(func) (table 2 funcref) (elem (i32.const 0) 0 7)", "unknown function 7", 1, 48);
}

TEST(TextSourceMapTest, ModuleFields) {
  expect_failure("(func (export \"f\")) (func (export \"g\")) (func (export \"f\"))", "duplicate export name", 1, 47);
  expect_failure("(func $f) (export \"f\" (func $f)) (export \"f\" (func $f))", "duplicate export name", 1, 34);
  expect_failure("(func $s (param i32)) (start $s)", "start function", 1, 23);
  expect_failure("(memory 2 1)", "size minimum must not be greater than maximum", 1, 9);
  expect_failure("(import \"m\" \"t\" (table 3 2 funcref))", "size minimum must not be greater than maximum", 1, 24);
  expect_failure("(memory 1) (memory (data \"\"))", "multiple memories", 1, 12);
  expect_failure("(func) (func (type 7))", "unknown type 7", 1, 14);
}

TEST(TextSourceMapTest, OffsetsAreSyntheticOnlyWithAMap) {
  constexpr std::string_view kSource = "(func nop) (func nop) (global i32 (i32.const 0))";
  Module plain = parse_wat(kSource);
  EXPECT_EQ(plain.bodies[1].code_offset, 0u);
  EXPECT_EQ(plain.global_inits[0].offset, 0u);

  TextSourceMap map;
  Module mapped = parse_wat(kSource, &map);
  EXPECT_EQ(mapped.bodies, plain.bodies);
  EXPECT_LT(mapped.bodies[0].code_offset, mapped.bodies[1].code_offset);
  EXPECT_EQ(map.locate(mapped.bodies[1].code_offset).column, 18u);
  EXPECT_EQ(map.locate(mapped.global_inits[0].offset).column, 35u);
  EXPECT_EQ(map.entities.functions.size(), 2u);
  EXPECT_FALSE(map.locate(0).known());
  EXPECT_FALSE(map.locate(Error::kNoOffset).known());
}

}  // namespace
}  // namespace kiln
