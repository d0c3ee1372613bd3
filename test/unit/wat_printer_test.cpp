// print_function: the exact flat text of small functions with their offsets, the text reads
// back to the same code, and every function of a sample of spec modules prints one line per
// instruction.
#include "text/wat_printer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "binary/instr_reader.h"
#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/text.h"
#include "kiln/writer.h"
#include "read_text.h"
#include "text/wast.h"

namespace kiln::text {
namespace {

// A text module as its binary encoding decodes it, so that offsets are real module offsets.
Module binary_module(std::string_view wat) { return decode_module(write_module(parse_wat(wat))); }

std::string joined(const std::vector<WatLine>& lines) {
  std::string text;
  for (const WatLine& line : lines) text += line.text + "\n";
  return text;
}

TEST(WatPrinter, SmallFunctionExactly) {
  Module module = binary_module(R"((module
    (func $fib (param $n i32) (result i32)
      (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
        (then (local.get $n))
        (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                       (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ))");
  std::vector<WatLine> lines = print_function(module, 0);
  EXPECT_EQ(joined(lines),
            "(func $fib (type 0) (param i32) (result i32)\n"
            "  local.get 0\n"
            "  i32.const 2\n"
            "  i32.lt_u\n"
            "  if (result i32)\n"
            "    local.get 0\n"
            "  else\n"
            "    local.get 0\n"
            "    i32.const 1\n"
            "    i32.sub\n"
            "    call $fib\n"
            "    local.get 0\n"
            "    i32.const 2\n"
            "    i32.sub\n"
            "    call $fib\n"
            "    i32.add\n"
            "  end\n"
            ")\n");
  // The header has no offset; each instruction line has its opcode's, as the decoder reads them.
  const FunctionBody& body = module.bodies[0];
  InstrReader reader(body.code, body.code_offset);
  EXPECT_EQ(lines[0].offset, 0u);
  for (size_t i = 1; i < lines.size(); ++i) {
    ASSERT_FALSE(reader.at_end());
    EXPECT_EQ(lines[i].offset, reader.next().offset) << lines[i].text;
  }
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(lines[1].offset, body.code_offset);
}

TEST(WatPrinter, ImmediatesExactly) {
  Module module = binary_module(R"((module
    (type $t (func (param i32) (result i64)))
    (memory 1) (table 2 funcref) (table 1 externref) (elem func 0) (data "x")
    (func (local i32 i64) (local f32)
      (drop (i32.load offset=4 align=2 (i32.const 0)))
      (drop (i64.load8_u align=1 (i32.const 0)))
      (drop (f32.const -0.5)) (drop (f64.const nan:0x4)) (drop (f64.const -inf))
      (drop (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
      (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))
      (drop (v128.load16_lane offset=8 3 (i32.const 0) (v128.const i64x2 0 0)))
      (drop (call_indirect (type $t) (i32.const 1) (i32.const 0)))
      (drop (call_indirect 1 (type $t) (i32.const 1) (i32.const 0)))
      (table.init 1 0 (i32.const 0) (i32.const 0) (i32.const 0))
      (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))
      (drop (select (result i64) (i64.const -7) (i64.const 3) (i32.const 1)))
      (drop (ref.null extern))
      (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))
      (block $b (br_table 0 0 0 (i32.const 2)))
      (drop (memory.grow (i32.const 1)))))
  )");
  std::string text = joined(print_function(module, 0));
  for (const char* expected :
       {"  (local i32 i64 f32)\n", "  i32.load offset=4 align=2\n", "  i64.load8_u\n", "  f32.const -0.5\n",
        "  f64.const nan:0x4\n", "  f64.const -inf\n", "  v128.const i32x4 0x4030201 0x8070605 0xc0b0a09 0x100f0e0d\n",
        "  i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31\n", "  v128.load16_lane offset=8 3\n",
        "  call_indirect (type 0)\n", "  call_indirect 1 (type 0)\n", "  table.init 1 0\n", "  table.copy 0 1\n",
        "  select (result i64)\n", "  i64.const -7\n", "  ref.null extern\n", "  memory.init 0\n",
        "  block\n    i32.const 2\n    br_table 0 0 0\n  end\n", "  memory.grow\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "in:\n" << text;
  }
}

TEST(WatPrinter, FloatsReadBackExactly) {
  EXPECT_EQ(format_f32(0x3f800000), "1");
  EXPECT_EQ(format_f32(0x80000000), "-0");
  EXPECT_EQ(format_f32(0x7fc00000), "nan");
  EXPECT_EQ(format_f32(0xffc00001), "-nan:0x400001");
  EXPECT_EQ(format_f32(0x00000001), "1e-45");
  EXPECT_EQ(format_f64(0x3fb999999999999a), "0.1");
  EXPECT_EQ(format_f64(0x7ff0000000000000), "inf");
}

// The printed functions, put back into a module with the same other fields, encode to the same bytes.
// (Every type is written out: the printer names types by index, as a whole module would declare them.)
TEST(WatPrinter, PrintedTextReadsBackToTheSameCode) {
  const std::string fields = R"(
    (type (func (param i32 i32) (result i32)))
    (type (func (param f64) (result f64 f64)))
    (type (func (param f64 f64) (result f64 f64)))
    (type (func (result i32)))
    (memory 1) (table 4 funcref) (global $g (mut i64) (i64.const 0)) (data "abc") (elem func $add)
  )";
  const std::string functions = R"(
    (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func $loops (type 1) (local v128)
      (local.get 0) (local.get 0)
      (loop $l (param f64 f64) (result f64 f64)
        (f64.mul) (f64.const 0x1.8p-3) (br_if $l (f64.lt (f64.const 1e300) (local.get 0))) (f64.const 2.5)))
    (func $simd (result i32)
      (local.set 0 (v128.const f32x4 1.5 -0 nan inf))
      (i32x4.extract_lane 2 (i32x4.add (local.get 0) (v128.load32_splat offset=12 (i32.const 4))))
      (global.set $g (i64.extend_i32_u (memory.size)))
      (data.drop 0) (elem.drop 0)
      (call_indirect (type 0) (i32.const 1) (i32.const 2) (i32.const 0)))
  )";
  Module original = binary_module("(module " + fields + functions + ")");
  std::string printed;
  for (uint32_t index = 0; index < original.functions.size(); ++index)
    printed += joined(print_function(original, index));
  SCOPED_TRACE(printed);
  Module reread = binary_module("(module " + fields + printed + ")");
  ASSERT_EQ(reread.bodies.size(), original.bodies.size());
  for (size_t i = 0; i < original.bodies.size(); ++i) {
    EXPECT_EQ(reread.bodies[i].code, original.bodies[i].code) << "function " << i;
    EXPECT_EQ(reread.bodies[i].locals, original.bodies[i].locals) << "function " << i;
  }
}

using test::read_text;

// Each instruction on its own line, in order, starting with its mnemonic, at its own offset.
TEST(WatPrinter, EveryFunctionOfSpecModulesPrints) {
  std::filesystem::path suite = std::filesystem::path(KILN_TESTSUITE_DIR) / "core-2.0";
  if (!std::filesystem::exists(suite)) GTEST_SKIP() << "spec tests not found at " << suite;
  size_t functions = 0;
  for (const char* script : {"block", "br_table", "bulk", "call_indirect", "float_exprs", "float_literals", "i64",
                             "loop", "memory_copy", "names", "select", "table_copy", "simd/simd_lane",
                             "simd/simd_const", "simd/simd_load8_lane", "simd/simd_store"}) {
    std::string source = read_text(suite / (std::string(script) + ".wast"));
    for (const WastCommand& command : parse_wast(source)) {
      if (!command.module || command.kind != WastCommand::Kind::Module) continue;
      Module module;
      try {
        module = decode_module(write_module(read_wast_module(*command.module)));
      } catch (const Error&) {
        continue;  // a module the model cannot hold is the round-trip test's business
      }
      for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
        SCOPED_TRACE(std::string(script) + ":" + std::to_string(command.location.line) + " function " +
                     std::to_string(index));
        std::vector<WatLine> lines = print_function(module, index);
        const FunctionBody& body = module.bodies[index - module.num_imported_functions];
        size_t first = body.locals.empty() ? 1 : 2;
        ASSERT_GT(lines.size(), first);
        InstrReader reader(body.code, body.code_offset);
        for (size_t i = first; i < lines.size(); ++i) {
          ASSERT_FALSE(reader.at_end());
          Instr instr = reader.next();
          EXPECT_EQ(lines[i].offset, instr.offset);
          std::string_view text = lines[i].text;
          text.remove_prefix(text.find_first_not_of(' '));
          if (i + 1 == lines.size()) {
            EXPECT_EQ(text, ")");
          } else {
            EXPECT_TRUE(text.starts_with(op_name(instr.op))) << lines[i].text;
          }
        }
        EXPECT_TRUE(reader.at_end());
        ++functions;
      }
    }
  }
  EXPECT_GT(functions, 1000u);
}

}  // namespace
}  // namespace kiln::text
