// The WAT parser: every abbreviation against its expansion, folded against flat instructions,
// the instruction encodings it produces, symbolic names, and errors with their wording and place.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "kiln/text.h"

namespace kiln {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes& code(const Module& module, size_t body) { return module.bodies.at(body).code; }

// The error parse_wat throws for `source`.
Error error_of(std::string_view source) {
  try {
    parse_wat(source);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for: " << source;
  return Error(ErrorKind::Io, "(no error)");
}

// The message of the Error(Malformed) parse_wat throws for `source`.
std::string malformed(std::string_view source) {
  Error error = error_of(source);
  EXPECT_EQ(error.kind(), ErrorKind::Malformed) << error.what();
  return error.message();
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

TEST(WatParser, FoldedAndFlatInstructionsEncodeAlike) {
  Module module = parse_wat(R"((module
    (func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (param i32) (result i32)
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
    (func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end))
  )");
  EXPECT_EQ(code(module, 0), (Bytes{0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}));
  EXPECT_EQ(code(module, 1), code(module, 0));
  EXPECT_EQ(code(module, 2), (Bytes{0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B}));
  EXPECT_EQ(code(module, 3), code(module, 2));
}

TEST(WatParser, LabelsResolveToDepths) {
  Module module = parse_wat(R"((module
    (func (block $outer (loop $inner (br $outer) (br $inner) (br 1) (br_if $outer (i32.const 0)))))
    (func (block $a (block $b (br_table $a $b 0 (i32.const 0)))))
    (func block $l block $l br $l end br $l end $l))
  )");
  EXPECT_EQ(code(module, 0), (Bytes{0x02, 0x40, 0x03, 0x40, 0x0C, 0x01, 0x0C, 0x00, 0x0C, 0x01, 0x41, 0x00, 0x0D, 0x01,
                                    0x0B, 0x0B, 0x0B}));
  EXPECT_EQ(code(module, 1),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x01, 0x00, 0x00, 0x0B, 0x0B, 0x0B}));
  // An inner label shadows an outer one of the same name.
  EXPECT_EQ(code(module, 2), (Bytes{0x02, 0x40, 0x02, 0x40, 0x0C, 0x00, 0x0B, 0x0C, 0x00, 0x0B, 0x0B}));
}

TEST(WatParser, LabelErrors) {
  EXPECT_EQ(malformed("(func (br $nope))"), "unknown label $nope");
  EXPECT_EQ(malformed("(func block $a end $b)"), "mismatching label");
  EXPECT_EQ(malformed("(func block end $l)"), "mismatching label");
  EXPECT_EQ(malformed("(func i32.const 0 if $a else $b end)"), "mismatching label");
  EXPECT_EQ(malformed("(func end)"), "unexpected token");
  EXPECT_EQ(malformed("(func block)"), "unexpected token");
  EXPECT_EQ(malformed("(func (block else))"), "unexpected token");
  EXPECT_EQ(malformed("(func (if (i32.const 1) (then) (i32.const 2)))"), "unexpected token");
}

TEST(WatParser, BlockTypes) {
  Module module = parse_wat(R"((module
    (type $pair (func (param i32) (result i32 i32)))
    (func (block (result i64) (i64.const 0)) drop)
    (func (i32.const 0) (block (type $pair) (i32.const 1)) drop drop)
    (func (i32.const 0) (block (param i32) (result i32 i32) (i32.const 1)) drop drop)
    (func (i32.const 0) (block (param f32) drop)))
  )");
  EXPECT_EQ(code(module, 0), (Bytes{0x02, 0x7E, 0x42, 0x00, 0x0B, 0x1A, 0x0B}));
  EXPECT_EQ(code(module, 1)[2], 0x02);
  EXPECT_EQ(code(module, 1)[3], 0x00);  // by index
  EXPECT_EQ(code(module, 2), code(module, 1));
  EXPECT_EQ(module.types.size(), 3u);  // $pair, [] -> [], [f32] -> []
  EXPECT_EQ(malformed("(func (block (param $x i32) (drop)))"), "unexpected token");
  EXPECT_EQ(malformed("(func (block (result i32) (param i32)))"), "unexpected token");
}

TEST(WatParser, InlineFunctionTypes) {
  Module module = parse_wat(R"((module
    (func $f (result f64) (f64.const 0))
    (func $g (param i32))
    (type $t (func (param i32)))
    (func (type $t) (param $x i32) (local.get $x) drop)
    (func (call_indirect (param i32) (i32.const 0) (i32.const 0))))
  )");
  // Explicit types come first; inline ones are appended in order, reusing equal ones.
  ASSERT_EQ(module.types.size(), 3u);
  EXPECT_EQ(module.types[1], (FuncType{{}, {ValType::F64}}));
  EXPECT_EQ(module.functions, (std::vector<uint32_t>{1, 0, 0, 2}));
  EXPECT_EQ(code(module, 3), (Bytes{0x41, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(malformed("(type $t (func (param i32))) (func (type $t) (param i64))"), "inline function type");
  EXPECT_EQ(malformed("(func (type 5) (param i32))"), "unknown type");
  EXPECT_EQ(malformed("(func (type $nope))"), "unknown type $nope");
  EXPECT_EQ(malformed("(type (func (result i32) (param i32)))"), "unexpected token");
  // A bare (type x) that does not exist is for validation to report.
  EXPECT_EQ(parse_wat("(func (type 7))").functions, (std::vector<uint32_t>{7}));
}

TEST(WatParser, NamesAndLocals) {
  Module module = parse_wat(R"((module $m
    (func $f (param $a i32) (param f64) (local $b i64) (local i32 i32) (local $c f32)
      (local.set $c (f32.const 1)) (local.get $b) drop))
  )");
  EXPECT_EQ(module.names.module, "m");
  EXPECT_EQ(module.names.functions.at(0), "f");
  EXPECT_EQ(module.names.locals.at(0), (std::map<uint32_t, std::string>{{0, "a"}, {2, "b"}, {5, "c"}}));
  const FunctionBody& body = module.bodies[0];
  EXPECT_EQ(body.locals, (std::vector<LocalDecl>{{1, ValType::I64}, {2, ValType::I32}, {1, ValType::F32}}));
  EXPECT_EQ(body.num_locals, 4u);
  EXPECT_EQ(body.code[0], 0x43);  // f32.const
  EXPECT_EQ((Bytes{body.code.begin() + 5, body.code.end()}), (Bytes{0x21, 0x05, 0x20, 0x02, 0x1A, 0x0B}));
  EXPECT_EQ(malformed("(func (param $x i32) (local $x i32))"), "duplicate local $x");
  EXPECT_EQ(malformed("(func (local.get $y))"), "unknown local $y");
}

TEST(WatParser, ImportsAndExports) {
  Module module = parse_wat(R"((module
    (func $imp (import "m" "f") (param i32))
    (global $g (import "m" "g") (mut i32))
    (func (export "a") (export "b") (call $imp (global.get $g)))
    (table (export "t") 1 funcref)
    (memory (export "mem") 1 2)
    (export "g" (global $g)))
  )");
  EXPECT_EQ(module.imports, (std::vector<Import>{{"m", "f", ExternKind::Func, 0}, {"m", "g", ExternKind::Global, 0}}));
  EXPECT_EQ(module.num_imported_functions, 1u);
  EXPECT_EQ(module.num_imported_globals, 1u);
  EXPECT_EQ(module.functions.size(), 2u);
  EXPECT_EQ(module.globals[0], (GlobalType{ValType::I32, true}));
  EXPECT_EQ(module.exports, (std::vector<Export>{{"a", ExternKind::Func, 1},
                                                 {"b", ExternKind::Func, 1},
                                                 {"t", ExternKind::Table, 0},
                                                 {"mem", ExternKind::Memory, 0},
                                                 {"g", ExternKind::Global, 0}}));
  EXPECT_EQ(module.memories[0].limits, (Limits{1, 2}));
  EXPECT_EQ(code(module, 0), (Bytes{0x23, 0x00, 0x10, 0x00, 0x0B}));
  EXPECT_EQ(malformed("(func) (import \"\" \"\" (func))"), "import after function");
  EXPECT_EQ(malformed("(memory 0) (global (import \"\" \"\") i32)"), "import after memory");
  EXPECT_EQ(malformed("(export \"\\ff\" (func 0))"), "malformed UTF-8 encoding");
  EXPECT_EQ(malformed("(memory 0x1_0000_0000)"), "i32 constant out of range");
}

TEST(WatParser, TableWithInlineElementsAndMemoryWithInlineData) {
  Module module = parse_wat(R"((module
    (func $f)
    (table $t funcref (elem $f $f))
    (table externref (elem (ref.null extern)))
    (memory (data "ab" "c")))
  )");
  EXPECT_EQ(module.tables[0], (TableType{ValType::FuncRef, Limits{2, 2}}));
  EXPECT_EQ(module.tables[1], (TableType{ValType::ExternRef, Limits{1, 1}}));
  ASSERT_EQ(module.elements.size(), 2u);
  const ElemSegment& first = module.elements[0];
  EXPECT_EQ(first.mode, SegmentMode::Active);
  EXPECT_EQ(first.offset.instrs, (std::vector<ConstInstr>{ConstInstr{}}));  // i32.const 0
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[1].instrs[0].op, ConstInstr::Op::RefFunc);
  EXPECT_EQ(module.elements[1].table, 1u);
  EXPECT_EQ(module.memories[0].limits, (Limits{1, 1}));
  EXPECT_EQ(module.data[0].bytes, (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(parse_wat("(memory (data))").memories[0].limits, (Limits{0, 0}));
}

TEST(WatParser, ElementSegmentForms) {
  Module module = parse_wat(R"((module
    (table $t 10 funcref)
    (func $f)
    (elem $p funcref (ref.func $f) (item ref.null func))
    (elem declare func $f)
    (elem (table $t) (offset (i32.const 2)) func $f)
    (elem (i32.const 3) $f)
    (elem (global.get 0) externref (item (ref.null extern)))
    (func (table.init $t $p (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop $p)))
  )");
  const auto& elements = module.elements;
  ASSERT_EQ(elements.size(), 5u);
  EXPECT_EQ(elements[0].mode, SegmentMode::Passive);
  ASSERT_EQ(elements[0].items.size(), 2u);
  EXPECT_EQ(elements[0].items[1].instrs[0].op, ConstInstr::Op::RefNull);
  EXPECT_EQ(elements[1].mode, SegmentMode::Declarative);
  EXPECT_EQ(elements[2].offset.instrs[0].bits, 2u);
  EXPECT_EQ(elements[3].mode, SegmentMode::Active);
  EXPECT_EQ(elements[3].items[0].instrs[0].op, ConstInstr::Op::RefFunc);
  EXPECT_EQ(elements[4].type, ValType::ExternRef);
  EXPECT_EQ(elements[4].offset.instrs[0].op, ConstInstr::Op::GlobalGet);
  EXPECT_EQ(code(module, 1),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0xFC, 0x0C, 0x00, 0x00, 0xFC, 0x0D, 0x00, 0x0B}));
}

TEST(WatParser, DataSegmentForms) {
  Module module = parse_wat(R"((module
    (memory $m 1)
    (data (memory $m) (i32.const 8) "x")
    (data $d "y" "z")
    (data (offset (i32.const 1)))
    (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)))
  )");
  ASSERT_EQ(module.data.size(), 3u);
  EXPECT_EQ(module.data[0].mode, SegmentMode::Active);
  EXPECT_EQ(module.data[0].offset.instrs[0].bits, 8u);
  EXPECT_EQ(module.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(module.data[1].bytes, (Bytes{'y', 'z'}));
  EXPECT_EQ(module.data_count, 3u);  // memory.init needs the data count section
  EXPECT_EQ(code(module, 0),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0xFC, 0x08, 0x01, 0x00, 0xFC, 0x09, 0x01, 0x0B}));
  EXPECT_FALSE(parse_wat("(memory 1) (data (i32.const 0) \"a\")").data_count.has_value());
}

TEST(WatParser, MemoryArguments) {
  Module module = parse_wat(R"((module (memory 1)
    (func (drop (i64.load offset=8 align=4 (i32.const 0))) (i32.store8 (i32.const 0) (i32.const 1))
          (drop (memory.grow (i32.const 1))) (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))
  )");
  EXPECT_EQ(code(module, 0),
            (Bytes{0x41, 0x00, 0x29, 0x02, 0x08, 0x1A, 0x41, 0x00, 0x41, 0x01, 0x3A, 0x00, 0x00, 0x41,
                   0x01, 0x40, 0x00, 0x1A, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00, 0x0B}));
  EXPECT_TRUE(starts_with(malformed("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"), "alignment"));
  EXPECT_TRUE(
      starts_with(malformed("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))"), "i32 constant"));
  EXPECT_TRUE(
      starts_with(malformed("(memory 1) (func (drop (i32.load offset=-1 (i32.const 0))))"), "unknown operator"));
}

TEST(WatParser, VectorInstructions) {
  Module module = parse_wat(R"((module (memory 1)
    (func (result v128)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i32x4 1 2 3 4) (v128.const f32x4 0 0 0 -0)))
    (func (param i32 v128) (result v128) (v128.load8_lane offset=1 align=1 3 (local.get 0) (local.get 1)))
    (func (param v128) (result i32) (i8x16.extract_lane_s 15 (local.get 0))))
  )");
  const Bytes& shuffle = code(module, 0);
  ASSERT_EQ(shuffle.size(), 2u * 18 + 18 + 1);
  EXPECT_EQ((Bytes{shuffle.begin(), shuffle.begin() + 6}), (Bytes{0xFD, 0x0C, 1, 0, 0, 0}));
  EXPECT_EQ(shuffle[35], 0x80);  // the sign of f32 -0 in the last lane
  EXPECT_EQ((Bytes{shuffle.begin() + 36, shuffle.begin() + 38}), (Bytes{0xFD, 0x0D}));
  EXPECT_EQ(shuffle[53], 31);
  EXPECT_EQ(code(module, 1), (Bytes{0x20, 0x00, 0x20, 0x01, 0xFD, 0x54, 0x00, 0x01, 0x03, 0x0B}));
  EXPECT_EQ(code(module, 2), (Bytes{0x20, 0x00, 0xFD, 0x15, 0x0F, 0x0B}));
  EXPECT_EQ(malformed("(func (v128.const i32x4 1 2 3))"), "wrong number of lane literals");
  EXPECT_EQ(malformed("(func (i8x16.shuffle 0 1 2 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))"),
            "invalid lane length");
  EXPECT_EQ(malformed("(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))"), "malformed lane index");
}

TEST(WatParser, ParametricTableAndReferenceInstructions) {
  Module module = parse_wat(R"((module
    (type $v (func))
    (table $a 1 funcref) (table $b 1 funcref)
    (func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
    (func (table.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0)) (drop (table.size $b))
          (call_indirect $b (type $v) (i32.const 0)) (drop (ref.is_null (ref.null extern)))
          (drop (ref.func 0)) (table.copy (i32.const 0) (i32.const 0) (i32.const 0))))
  )");
  EXPECT_EQ(code(module, 0), (Bytes{0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1C, 0x01, 0x7F, 0x0B}));
  EXPECT_EQ(code(module, 1), (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x01, 0x00, 0xFC, 0x10, 0x01,
                                    0x1A, 0x41, 0x00, 0x11, 0x00, 0x01, 0xD0, 0x6F, 0xD1, 0x1A, 0xD2, 0x00, 0x1A,
                                    0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x00, 0x0B}));
}

TEST(WatParser, ConstantExpressions) {
  Module module = parse_wat("(global (mut i64) (i64.const -1)) (global f32 (f32.const -0x1p0))");
  ASSERT_EQ(module.global_inits.size(), 2u);
  EXPECT_EQ(module.global_inits[0].instrs[0].op, ConstInstr::Op::I64Const);
  EXPECT_EQ(module.global_inits[0].instrs[0].bits, UINT64_MAX);
  EXPECT_EQ(module.global_inits[1].instrs[0].bits, 0xbf800000u);
  Error error = error_of("(global i32 (i32.add (i32.const 1) (i32.const 2)))");
  EXPECT_EQ(error.kind(), ErrorKind::Invalid);
  EXPECT_EQ(error.message(), "constant expression required");
  // More than one instruction is well-formed; validation rejects it.
  EXPECT_EQ(parse_wat("(global i32 (i32.const 0) (i32.const 1))").global_inits[0].instrs.size(), 2u);
}

TEST(WatParser, IdsMayBeUsedBeforeTheirDefinition) {
  Module module = parse_wat("(func (call $g)) (func $g (type $t)) (type $t (func)) (start $g)");
  EXPECT_EQ(code(module, 0), (Bytes{0x10, 0x01, 0x0B}));
  EXPECT_EQ(module.functions[1], 0u);
  EXPECT_EQ(module.start, 1u);
  EXPECT_EQ(malformed("(func $a) (start $a) (start $a)"), "multiple start sections");
  EXPECT_EQ(malformed("(func (call $nope))"), "unknown function $nope");
}

TEST(WatParser, ErrorsCarryLineAndColumn) {
  Error error = error_of("(module\n  (func $f)\n  (func $f))");
  EXPECT_EQ(error.message(), "duplicate func $f");
  EXPECT_EQ(error.location().line, 3u);
  EXPECT_EQ(error.location().column, 9u);
  EXPECT_EQ(malformed("(func (i32.foo))"), "unknown operator i32.foo");
  EXPECT_EQ(malformed("(func (get_local 0))"), "unknown operator get_local");
  EXPECT_EQ(malformed("(func (nop) (local i32))"), "unexpected token");
  EXPECT_EQ(malformed("(func (i32.const))"), "unexpected token");
  EXPECT_EQ(malformed("(func (i32.const 0x100000000))"), "constant out of range");
  EXPECT_EQ(malformed("(module (modul))"), "unknown operator modul");
}

TEST(WatParser, DeepNestingNeverExhaustsTheStack) {
  std::string flat = "(func";
  for (int i = 0; i < 100000; ++i) flat += " block";
  for (int i = 0; i < 100000; ++i) flat += " end";
  EXPECT_EQ(parse_wat(flat + ")").bodies[0].code.size(), 300001u);
  std::string folded = "(func";
  for (int i = 0; i < 1000000; ++i) folded += " (block";
  EXPECT_EQ(malformed(folded + std::string(1000001, ')')), "nesting too deep");
}

TEST(WatParser, BareFieldsOrOneModule) {
  EXPECT_EQ(parse_wat("(func (export \"f\")) (memory 1)").exports.size(), 1u);
  EXPECT_EQ(parse_wat("(module (func (export \"f\")))").exports.size(), 1u);
  EXPECT_TRUE(parse_wat("").functions.empty());
}

}  // namespace
}  // namespace kiln
