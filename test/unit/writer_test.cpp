// write_module: decoding what it writes gives back the same module, field by field, and element
// segments take their most compact exact form.
#include "kiln/writer.h"

#include <gtest/gtest.h>

#include <vector>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "module_equality.h"

namespace kiln {
namespace {

using Bytes = std::vector<uint8_t>;

ConstInstr instr(ConstInstr::Op op, uint64_t bits = 0, uint32_t index = 0) {
  ConstInstr result;
  result.op = op;
  result.bits = bits;
  result.index = index;
  return result;
}

ConstExpr expr(std::vector<ConstInstr> instrs) {
  ConstExpr result;
  result.instrs = std::move(instrs);
  return result;
}

ConstExpr i32_const(int32_t value) {
  return expr({instr(ConstInstr::Op::I32Const, static_cast<uint64_t>(int64_t{value}))});
}
ConstExpr ref_func(uint32_t index) { return expr({instr(ConstInstr::Op::RefFunc, 0, index)}); }
ConstExpr ref_null(ValType type) {
  ConstInstr null = instr(ConstInstr::Op::RefNull);
  null.ref_type = type;
  return expr({null});
}

void add_import(Module& module, std::string name, ExternKind kind, uint32_t index) {
  module.imports.push_back({"env", std::move(name), kind, index});
}

// A module that uses every part of the model.
Module rich_module() {
  Module m;
  m.types = {{{}, {}}, {{ValType::I32, ValType::I64}, {ValType::F32}}, {{ValType::V128, ValType::ExternRef}, {}}};
  m.functions = {1, 0, 0, 2};
  m.num_imported_functions = 1;
  add_import(m, "f", ExternKind::Func, 0);
  m.tables = {{ValType::FuncRef, {1, 10}}, {ValType::FuncRef, {2, std::nullopt}}, {ValType::ExternRef, {0, 5}}};
  m.num_imported_tables = 1;
  add_import(m, "t", ExternKind::Table, 0);
  m.memories = {{{1, 65536}}};
  m.num_imported_memories = 1;
  add_import(m, "m", ExternKind::Memory, 0);
  m.globals = {{ValType::I32, false},       {ValType::I32, true},      {ValType::I64, false},
               {ValType::F32, false},       {ValType::F64, true},      {ValType::V128, false},
               {ValType::ExternRef, false}, {ValType::FuncRef, false}, {ValType::I32, false}};
  m.num_imported_globals = 1;
  add_import(m, "g", ExternKind::Global, 0);
  ConstInstr v128 = instr(ConstInstr::Op::V128Const);
  for (uint8_t i = 0; i < 16; ++i) v128.v128.bytes[i] = static_cast<uint8_t>(i * 17);
  m.global_inits = {
      expr({instr(ConstInstr::Op::GlobalGet, 0, 0)}),
      expr({instr(ConstInstr::Op::I64Const, static_cast<uint64_t>(int64_t{-1234567890123}))}),
      expr({instr(ConstInstr::Op::F32Const, 0x7FC00001)}),
      expr({instr(ConstInstr::Op::F64Const, 0x8000000000000000ull)}),
      expr({v128}),
      ref_null(ValType::ExternRef),
      ref_func(2),
      i32_const(INT32_MIN),
  };
  m.exports = {{"run", ExternKind::Func, 1},
               {"mem", ExternKind::Memory, 0},
               {"tab", ExternKind::Table, 2},
               {"g", ExternKind::Global, 1}};
  m.start = 2;
  ElemSegment plain{SegmentMode::Active, 0, i32_const(0), ValType::FuncRef, {ref_func(0), ref_func(3)}};
  ElemSegment other_table{SegmentMode::Active, 1, i32_const(4), ValType::FuncRef, {ref_func(1)}};
  ElemSegment mixed{SegmentMode::Active, 0, i32_const(8), ValType::FuncRef, {ref_func(1), ref_null(ValType::FuncRef)}};
  ElemSegment externs{SegmentMode::Active, 2, i32_const(0), ValType::ExternRef, {ref_null(ValType::ExternRef)}};
  ElemSegment passive{SegmentMode::Passive, 0, {}, ValType::FuncRef, {ref_null(ValType::FuncRef), ref_func(2)}};
  ElemSegment declared{SegmentMode::Declarative, 0, {}, ValType::FuncRef, {ref_func(3)}};
  ElemSegment empty{SegmentMode::Passive, 0, {}, ValType::ExternRef, {}};
  m.elements = {plain, other_table, mixed, externs, passive, declared, empty};
  m.data = {{SegmentMode::Active, 0, i32_const(16), {'h', 'e', 'l', 'l', 'o'}},
            {SegmentMode::Passive, 0, {}, {}},
            {SegmentMode::Passive, 0, {}, {0x00, 0xFF}}};
  m.data_count = 3;
  FunctionBody run;
  run.locals = {{2, ValType::I32}, {0, ValType::F64}, {1, ValType::V128}};
  run.num_locals = 3;
  run.code = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00,  // memory.init 0
              0x20, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B,              // if/else
              0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B};
  FunctionBody empty_body;
  empty_body.code = {0x0B};
  m.bodies = {run, empty_body, empty_body};
  m.names.module = "rich";
  m.names.functions = {{0, "imported"}, {1, "run"}, {3, "last"}};
  m.names.locals = {{1, {{0, "a"}, {4, "v"}}}, {2, {}}};
  return m;
}

TEST(Writer, RoundTripsEveryField) {
  Module original = rich_module();
  Bytes bytes = write_module(original);
  Module decoded = decode_module(bytes);
  expect_same_module(original, decoded);
  // Writing is deterministic: the decoded module writes the same bytes.
  EXPECT_EQ(write_module(decoded), bytes);
}

TEST(Writer, EmptyModuleIsJustTheHeader) {
  EXPECT_EQ(write_module(Module{}), (Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}));
}

TEST(Writer, DataCountSectionOnlyWhenTheModelHasOne) {
  Module module;
  module.memories = {{{1, std::nullopt}}};
  module.data = {{SegmentMode::Passive, 0, {}, {1, 2}}};
  auto has_data_count = [](const Module& m) {
    for (const SectionInfo& section : decode_module(write_module(m)).sections)
      if (section.id == 12) return true;
    return false;
  };
  EXPECT_FALSE(has_data_count(module));
  module.data_count = 1;
  EXPECT_TRUE(has_data_count(module));
  EXPECT_EQ(decode_module(write_module(module)).data_count, 1u);
}

// The form number (0..7) the writer chose for a module's only element segment.
uint32_t element_form(const ElemSegment& segment) {
  Module module;
  module.elements = {segment};
  Bytes bytes = write_module(module);
  for (const SectionInfo& section : decode_module(bytes).sections)
    if (section.id == 9) return bytes[section.offset + 1];  // after the segment count
  ADD_FAILURE() << "no element section";
  return 0xFF;
}

TEST(Writer, ElementSegmentsTakeTheMostCompactForm) {
  EXPECT_EQ(element_form({SegmentMode::Active, 0, i32_const(0), ValType::FuncRef, {ref_func(1)}}), 0u);
  EXPECT_EQ(element_form({SegmentMode::Passive, 0, {}, ValType::FuncRef, {ref_func(1)}}), 1u);
  EXPECT_EQ(element_form({SegmentMode::Active, 3, i32_const(0), ValType::FuncRef, {ref_func(1)}}), 2u);
  EXPECT_EQ(element_form({SegmentMode::Declarative, 0, {}, ValType::FuncRef, {ref_func(1)}}), 3u);
  EXPECT_EQ(element_form({SegmentMode::Active, 0, i32_const(0), ValType::FuncRef, {ref_null(ValType::FuncRef)}}), 4u);
  EXPECT_EQ(element_form({SegmentMode::Passive, 0, {}, ValType::ExternRef, {ref_null(ValType::ExternRef)}}), 5u);
  EXPECT_EQ(element_form({SegmentMode::Active, 0, i32_const(0), ValType::ExternRef, {}}), 6u);
  EXPECT_EQ(
      element_form({SegmentMode::Declarative, 0, {}, ValType::FuncRef, {ref_func(1), ref_null(ValType::FuncRef)}}), 7u);
}

TEST(Writer, InstructionsOutsideConstantExpressionsRoundTripWithoutImmediates) {
  Module module;
  module.globals = {{ValType::I32, false}};
  module.global_inits = {expr({instr(ConstInstr::Op::I32Const, 1), instr(ConstInstr::Op::I32Const, 2),
                               instr(ConstInstr::Op::Other, 0x6A)})};  // i32.add
  expect_same_module(module, decode_module(write_module(module)));

  // One with immediates cannot be written back: the model keeps only its opcode. Nor can a
  // stray `end`, which would end the expression early.
  for (uint64_t opcode : {0x20, 0x0B}) {  // local.get, end
    module.global_inits = {expr({instr(ConstInstr::Op::Other, opcode)})};
    try {
      write_module(module);
      ADD_FAILURE() << "expected an error for opcode " << opcode;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Invalid);
      EXPECT_EQ(error.message(), "constant expression required");
    }
  }
}

}  // namespace
}  // namespace kiln
