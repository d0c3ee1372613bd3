// decode_module on hand-assembled binaries: every section, every element and data segment form,
// and the malformed cases with the spec's messages and their byte offsets.
#include "kiln/decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kiln/error.h"

namespace kiln {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes section(uint8_t id, const Bytes& content) {
  Bytes bytes{id};
  size_t size = content.size();
  do {  // LEB128 size
    uint8_t byte = size & 0x7F;
    size >>= 7;
    bytes.push_back(size ? byte | 0x80 : byte);
  } while (size);
  bytes.insert(bytes.end(), content.begin(), content.end());
  return bytes;
}

Bytes module_of(const std::vector<Bytes>& sections) {
  Bytes bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) bytes.insert(bytes.end(), s.begin(), s.end());
  return bytes;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes bytes;
  for (const Bytes& part : parts) bytes.insert(bytes.end(), part.begin(), part.end());
  return bytes;
}

// Common sections: one type [] -> [], one function of it, and its code section of `bodies`.
const Bytes kTypeVoid = section(1, {0x01, 0x60, 0x00, 0x00});
const Bytes kOneFunction = section(3, {0x01, 0x00});
Bytes code_of(const Bytes& body) {  // one body with no locals
  Bytes entry = cat({{static_cast<uint8_t>(body.size() + 1), 0x00}, body});
  return section(10, cat({{0x01}, entry}));
}

struct Failure {
  std::string message;
  uint64_t offset = Error::kNoOffset;
};

Failure malformed(const Bytes& bytes) {
  try {
    decode_module(bytes);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed) << error.what();
    return {error.message(), error.offset()};
  }
  ADD_FAILURE() << "decoded without error";
  return {};
}

TEST(Decoder, Header) {
  EXPECT_EQ(malformed({}).message, "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73}).message, "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00}).message, "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00}).message, "magic header not detected");
  Failure version = malformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00});
  EXPECT_EQ(version.message, "unknown binary version");
  EXPECT_EQ(version.offset, 4u);
  Module empty = decode_module(module_of({}));
  EXPECT_TRUE(empty.types.empty());
  EXPECT_TRUE(empty.sections.empty());
}

TEST(Decoder, TypeSection) {
  Module module =
      decode_module(module_of({section(1, {0x02, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7B, 0x60, 0x00, 0x02, 0x70, 0x6F})}));
  ASSERT_EQ(module.types.size(), 2u);
  EXPECT_EQ(module.types[0], (FuncType{{ValType::I32, ValType::I64}, {ValType::V128}}));
  EXPECT_EQ(module.types[1], (FuncType{{}, {ValType::FuncRef, ValType::ExternRef}}));
  EXPECT_EQ(malformed(module_of({section(1, {0x01, 0x61, 0x00, 0x00})})).message, "malformed function type");
  EXPECT_EQ(malformed(module_of({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})})).message,
            "integer representation too long");
  Failure bad_type = malformed(module_of({section(1, {0x01, 0x60, 0x01, 0x40, 0x00})}));
  EXPECT_EQ(bad_type.message, "malformed value type");
  EXPECT_EQ(bad_type.offset, 13u);
}

TEST(Decoder, ImportsFillTheIndexSpaces) {
  Bytes imports = {0x04, 0x01, 'm',  0x01, 'f',  0x00, 0x00,              // func of type 0
                   0x01, 'm',  0x01, 't',  0x01, 0x6F, 0x01, 0x01, 0x02,  // table externref 1..2
                   0x01, 'm',  0x01, 'm',  0x02, 0x00, 0x03,              // memory 3
                   0x01, 'm',  0x01, 'g',  0x03, 0x7C, 0x01};             // mutable f64 global
  Module module = decode_module(module_of({kTypeVoid, section(2, imports), kOneFunction, code_of({0x0B})}));
  ASSERT_EQ(module.imports.size(), 4u);
  EXPECT_EQ(module.imports[0], (Import{"m", "f", ExternKind::Func, 0}));
  EXPECT_EQ(module.imports[3], (Import{"m", "g", ExternKind::Global, 0}));
  EXPECT_EQ(module.functions, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(module.num_imported_functions, 1u);
  EXPECT_EQ(module.num_defined_functions(), 1u);
  ASSERT_EQ(module.tables.size(), 1u);
  EXPECT_EQ(module.tables[0], (TableType{ValType::ExternRef, {1, 2}}));
  EXPECT_EQ(module.num_imported_tables, 1u);
  ASSERT_EQ(module.memories.size(), 1u);
  EXPECT_EQ(module.memories[0].limits, (Limits{3, std::nullopt}));
  EXPECT_EQ(module.num_imported_memories, 1u);
  ASSERT_EQ(module.globals.size(), 1u);
  EXPECT_EQ(module.globals[0], (GlobalType{ValType::F64, true}));
  EXPECT_EQ(module.num_imported_globals, 1u);
  EXPECT_TRUE(module.global_inits.empty());

  EXPECT_EQ(malformed(module_of({section(2, {0x01, 0x00, 0x00, 0x04, 0x00})})).message, "malformed import kind");
  EXPECT_EQ(malformed(module_of({section(2, {0x01, 0x01, 0xFF, 0x00, 0x00, 0x00})})).message,
            "malformed UTF-8 encoding");
}

TEST(Decoder, TablesMemoriesAndLimits) {
  Module module = decode_module(
      module_of({section(4, {0x01, 0x70, 0x00, 0x05}), section(5, {0x02, 0x01, 0x01, 0x80, 0x80, 0x04, 0x00, 0x00})}));
  EXPECT_EQ(module.tables, (std::vector<TableType>{{ValType::FuncRef, {5, std::nullopt}}}));
  ASSERT_EQ(module.memories.size(), 2u);
  EXPECT_EQ(module.memories[0].limits, (Limits{1, 65536}));
  EXPECT_EQ(module.memories[1].limits, (Limits{0, std::nullopt}));
  // The limits flag is a one-bit LEB128 number.
  EXPECT_EQ(malformed(module_of({section(5, {0x01, 0x02, 0x00})})).message, "integer too large");
  EXPECT_EQ(malformed(module_of({section(5, {0x01, 0x81, 0x00, 0x00})})).message, "integer representation too long");
  EXPECT_EQ(malformed(module_of({section(4, {0x01, 0x7F, 0x00, 0x00})})).message, "malformed reference type");
  EXPECT_EQ(malformed(module_of({section(5, {0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10})})).message,
            "integer too large");
}

TEST(Decoder, GlobalsAndConstantExpressions) {
  Bytes globals = {0x06, 0x7F, 0x00, 0x41, 0x7F, 0x0B,               // i32.const -1
                   0x7E, 0x01, 0x42, 0x80, 0x01, 0x0B,               // mut i64.const 128
                   0x7D, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B,   // f32.const 1
                   0x70, 0x00, 0xD0, 0x70, 0x0B,                     // ref.null func
                   0x70, 0x00, 0xD2, 0x00, 0x0B,                     // ref.func 0
                   0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B};  // i32.add: kept
  Module module = decode_module(module_of({kTypeVoid, kOneFunction, section(6, globals), code_of({0x0B})}));
  ASSERT_EQ(module.global_inits.size(), 6u);
  EXPECT_EQ(module.globals[1], (GlobalType{ValType::I64, true}));
  const auto& i32 = module.global_inits[0];
  ASSERT_EQ(i32.instrs.size(), 1u);
  EXPECT_EQ(i32.instrs[0].op, ConstInstr::Op::I32Const);
  EXPECT_EQ(static_cast<int32_t>(i32.instrs[0].bits), -1);
  EXPECT_EQ(i32.offset, 0x17u);
  EXPECT_EQ(module.global_inits[1].instrs[0].bits, 128u);
  EXPECT_EQ(module.global_inits[2].instrs[0].op, ConstInstr::Op::F32Const);
  EXPECT_EQ(module.global_inits[2].instrs[0].bits, 0x3F800000u);
  EXPECT_EQ(module.global_inits[3].instrs[0].op, ConstInstr::Op::RefNull);
  EXPECT_EQ(module.global_inits[3].instrs[0].ref_type, ValType::FuncRef);
  EXPECT_EQ(module.global_inits[4].instrs[0].op, ConstInstr::Op::RefFunc);
  // An instruction a constant expression may not hold is well-formed: the validator rejects it.
  const auto& sum = module.global_inits[5].instrs;
  ASSERT_EQ(sum.size(), 3u);
  EXPECT_EQ(sum[2].op, ConstInstr::Op::Other);
  EXPECT_EQ(sum[2].bits, 0x6Au);

  EXPECT_EQ(malformed(module_of({section(6, {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})})).message, "malformed mutability");
  // A missing `end` runs into the next section's bytes, as in the spec's own decoder.
  EXPECT_EQ(malformed(module_of({section(6, {0x01, 0x7F, 0x00, 0x41, 0x00}), section(10, {0x00})})).message,
            "illegal opcode 0x0a");
}

TEST(Decoder, OtherConstantInstructionsKeepPrefixedOpcodes) {
  Bytes globals = {0x01, 0x7F, 0x00, 0xFC, 0x10, 0x00, 0x0B};  // table.size 0
  Module module = decode_module(module_of({section(6, globals)}));
  ASSERT_EQ(module.global_inits[0].instrs.size(), 1u);
  EXPECT_EQ(module.global_inits[0].instrs[0].op, ConstInstr::Op::Other);
  EXPECT_EQ(module.global_inits[0].instrs[0].bits, uint64_t{0xFC} << 32 | 0x10);
}

TEST(Decoder, ExportsAndStart) {
  Bytes exports = {0x02, 0x01, 'f', 0x00, 0x00, 0x03, 'm', 'e', 'm', 0x02, 0x00};
  Module module = decode_module(module_of({kTypeVoid, kOneFunction, section(5, {0x01, 0x00, 0x01}), section(7, exports),
                                           section(8, {0x00}), code_of({0x0B})}));
  EXPECT_EQ(module.exports, (std::vector<Export>{{"f", ExternKind::Func, 0}, {"mem", ExternKind::Memory, 0}}));
  EXPECT_EQ(module.start, 0u);
  EXPECT_EQ(malformed(module_of({section(7, {0x01, 0x00, 0x04, 0x00})})).message, "malformed export kind");
}

ConstExpr ref_func(uint32_t index) {
  ConstExpr expr;
  ConstInstr& instr = expr.instrs.emplace_back();
  instr.op = ConstInstr::Op::RefFunc;
  instr.index = index;
  return expr;
}

ConstExpr ref_null(ValType type) {
  ConstExpr expr;
  ConstInstr& instr = expr.instrs.emplace_back();
  instr.op = ConstInstr::Op::RefNull;
  instr.ref_type = type;
  return expr;
}

TEST(Decoder, AllEightElementSegmentForms) {
  Bytes elements = {0x08, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,                    // 0: active, func indices
                    0x01, 0x00, 0x02, 0x00, 0x00,                                // 1: passive, elemkind
                    0x02, 0x01, 0x41, 0x01, 0x0B, 0x00, 0x01, 0x00,              // 2: active table 1
                    0x03, 0x00, 0x01, 0x00,                                      // 3: declarative
                    0x04, 0x41, 0x02, 0x0B, 0x01, 0xD2, 0x00, 0x0B,              // 4: active, expressions
                    0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,                          // 5: passive externref
                    0x06, 0x01, 0x41, 0x03, 0x0B, 0x70, 0x01, 0xD0, 0x70, 0x0B,  // 6: active table 1
                    0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B};                         // 7: declarative
  Module module =
      decode_module(module_of({kTypeVoid, kOneFunction, section(4, {0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x01}),
                               section(9, elements), code_of({0x0B})}));
  ASSERT_EQ(module.elements.size(), 8u);
  const auto& e = module.elements;
  EXPECT_EQ(e[0].mode, SegmentMode::Active);
  EXPECT_EQ(e[0].table, 0u);
  EXPECT_EQ(e[0].type, ValType::FuncRef);
  EXPECT_EQ(e[0].offset.instrs[0].op, ConstInstr::Op::I32Const);
  EXPECT_EQ(e[0].items, std::vector<ConstExpr>{ref_func(0)});
  EXPECT_EQ(e[1].mode, SegmentMode::Passive);
  EXPECT_EQ(e[1].items, (std::vector<ConstExpr>{ref_func(0), ref_func(0)}));
  EXPECT_EQ(e[2].mode, SegmentMode::Active);
  EXPECT_EQ(e[2].table, 1u);
  EXPECT_EQ(e[2].offset.instrs[0].bits, 1u);
  EXPECT_EQ(e[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[4].mode, SegmentMode::Active);
  EXPECT_EQ(e[4].type, ValType::FuncRef);
  EXPECT_EQ(e[4].items, std::vector<ConstExpr>{ref_func(0)});
  EXPECT_EQ(e[5].mode, SegmentMode::Passive);
  EXPECT_EQ(e[5].type, ValType::ExternRef);
  EXPECT_EQ(e[5].items, std::vector<ConstExpr>{ref_null(ValType::ExternRef)});
  EXPECT_EQ(e[6].table, 1u);
  EXPECT_EQ(e[6].offset.instrs[0].bits, 3u);
  EXPECT_EQ(e[6].items, std::vector<ConstExpr>{ref_null(ValType::FuncRef)});
  EXPECT_EQ(e[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[7].items, std::vector<ConstExpr>{ref_func(0)});
}

TEST(Decoder, MalformedElementSegments) {
  EXPECT_EQ(malformed(module_of({section(9, {0x01, 0x08})})).message, "malformed elements segment kind");
  EXPECT_EQ(malformed(module_of({section(9, {0x01, 0x01, 0x01, 0x00})})).message, "malformed element kind");
  EXPECT_EQ(malformed(module_of({section(9, {0x01, 0x05, 0x7F, 0x00})})).message, "malformed reference type");
  EXPECT_EQ(malformed(module_of({section(9, {0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B})})).message,
            "illegal opcode 0xf3");
}

TEST(Decoder, DataSegmentsAndDataCount) {
  Bytes data = {0x03, 0x00, 0x41, 0x08, 0x0B, 0x02, 'h', 'i',  // active memory 0
                0x01, 0x01, 'x',                               // passive
                0x02, 0x00, 0x41, 0x00, 0x0B, 0x00};           // active, explicit memory 0
  Module module = decode_module(module_of({section(5, {0x01, 0x00, 0x01}), section(12, {0x03}), section(11, data)}));
  ASSERT_EQ(module.data.size(), 3u);
  EXPECT_EQ(module.data_count, 3u);
  EXPECT_EQ(module.data[0].mode, SegmentMode::Active);
  EXPECT_EQ(module.data[0].offset.instrs[0].bits, 8u);
  EXPECT_EQ(module.data[0].bytes, (Bytes{'h', 'i'}));
  EXPECT_EQ(module.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(module.data[1].bytes, Bytes{'x'});
  EXPECT_EQ(module.data[2].mode, SegmentMode::Active);
  EXPECT_TRUE(module.data[2].bytes.empty());

  EXPECT_EQ(malformed(module_of({section(11, {0x01, 0x03})})).message, "malformed data segment kind");
  EXPECT_EQ(malformed(module_of({section(12, {0x02}), section(11, {0x01, 0x01, 0x00})})).message,
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(malformed(module_of({section(12, {0x01})})).message,
            "data count and data section have inconsistent lengths");
  EXPECT_TRUE(decode_module(module_of({section(12, {0x00})})).data.empty());
}

TEST(Decoder, BulkMemoryNeedsADataCountSection) {
  Bytes body = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B};  // memory.init 0
  Bytes memory = section(5, {0x01, 0x00, 0x01});
  Bytes data = section(11, {0x01, 0x01, 0x00});
  Failure missing = malformed(module_of({kTypeVoid, kOneFunction, memory, code_of(body), data}));
  EXPECT_EQ(missing.message, "data count section required");
  EXPECT_EQ(missing.offset, 0x22u);  // the memory.init
  EXPECT_EQ(malformed(module_of({kTypeVoid, kOneFunction, memory, code_of({0xFC, 0x09, 0x00, 0x0B}), data})).message,
            "data count section required");
  Module module = decode_module(module_of({kTypeVoid, kOneFunction, memory, section(12, {0x01}), code_of(body), data}));
  EXPECT_EQ(module.bodies.size(), 1u);
}

TEST(Decoder, FunctionBodies) {
  Bytes code = section(10, {0x02, 0x07, 0x02, 0x02, 0x7F, 0x01, 0x7C, 0x01, 0x0B,  // locals 2 i32, 1 f64; nop; end
                            0x02, 0x00, 0x0B});
  Module module = decode_module(module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), code}));
  ASSERT_EQ(module.bodies.size(), 2u);
  const FunctionBody& body = module.bodies[0];
  EXPECT_EQ(body.locals, (std::vector<LocalDecl>{{2, ValType::I32}, {1, ValType::F64}}));
  EXPECT_EQ(body.num_locals, 3u);
  EXPECT_EQ(body.code, (Bytes{0x01, 0x0B}));
  EXPECT_EQ(body.code_offset, 0x1Cu);
  EXPECT_EQ(module.bodies[1].code, Bytes{0x0B});
  EXPECT_EQ(module.bodies[1].num_locals, 0u);
}

TEST(Decoder, TooManyLocalsIsRejectedWithoutAllocating) {
  Bytes code = section(10, {0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B});
  Failure failure = malformed(module_of({kTypeVoid, kOneFunction, code}));
  EXPECT_EQ(failure.message, "too many locals");
  EXPECT_EQ(failure.offset, 0x16u);
}

TEST(Decoder, MalformedInstructions) {
  auto error_in_body = [](const Bytes& body) { return malformed(module_of({kTypeVoid, kOneFunction, code_of(body)})); };
  EXPECT_EQ(error_in_body({0x06, 0x0B}).message, "illegal opcode 0x06");
  EXPECT_EQ(error_in_body({0x3F, 0x01, 0x1A, 0x0B}).message, "zero byte expected");
  EXPECT_EQ(error_in_body({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}).message, "integer representation too long");
  EXPECT_EQ(error_in_body({0x05, 0x0B}).message, "END opcode expected");                    // else outside if
  EXPECT_EQ(error_in_body({0x02, 0x40, 0x05, 0x0B, 0x0B}).message, "END opcode expected");  // else in block
  EXPECT_EQ(error_in_body({0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B}).message, "END opcode expected");
  // A body whose last `end` comes early leaves bytes behind.
  EXPECT_EQ(error_in_body({0x0B, 0x01}).message, "section size mismatch");
  // Running out of the module inside a body.
  Failure eof = malformed(module_of({kTypeVoid, kOneFunction, section(10, {0x01, 0x04, 0x00, 0x41, 0x01, 0x1A})}));
  EXPECT_EQ(eof.message, "unexpected end of section or function");
  // A missing `end` with more bytes after the body: the spec reads on, so `else` ends the body.
  Bytes two_bodies = section(10, {0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B});
  EXPECT_EQ(malformed(module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), two_bodies})).message,
            "END opcode expected");
  // If/else nesting and br_table decode.
  Module module = decode_module(
      module_of({kTypeVoid, kOneFunction,
                 code_of({0x41, 0x00, 0x04, 0x40, 0x02, 0x40, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x05, 0x01, 0x0B, 0x0B})}));
  EXPECT_EQ(module.bodies[0].code.size(), 15u);
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  EXPECT_EQ(malformed(module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), code_of({0x0B})})).message,
            "function and code section have inconsistent lengths");
  EXPECT_EQ(malformed(module_of({kTypeVoid, kOneFunction})).message,
            "function and code section have inconsistent lengths");
  EXPECT_EQ(malformed(module_of({code_of({0x0B})})).message, "function and code section have inconsistent lengths");
  EXPECT_NO_THROW(decode_module(module_of({section(3, {0x00}), section(10, {0x00})})));
}

TEST(Decoder, SectionOrderAndUniqueness) {
  Failure twice = malformed(module_of({section(1, {0x00}), section(1, {0x00})}));
  EXPECT_EQ(twice.message, "unexpected content after last section");
  EXPECT_EQ(twice.offset, 11u);
  EXPECT_EQ(malformed(module_of({section(3, {0x00}), section(2, {0x00})})).message,
            "unexpected content after last section");
  EXPECT_EQ(malformed(module_of({section(10, {0x00}), section(12, {0x00})})).message,
            "unexpected content after last section");
  EXPECT_EQ(malformed(module_of({section(12, {0x00}), section(9, {0x00})})).message,
            "unexpected content after last section");
  // The data count section sits between the element and code sections; custom sections go anywhere.
  Module module = decode_module(
      module_of({section(0, {0x01, 'a'}), section(9, {0x00}), section(0, {0x01, 'b'}), section(12, {0x00}),
                 section(10, {0x00}), section(11, {0x00}), section(0, {0x01, 'c'})}));
  ASSERT_EQ(module.sections.size(), 7u);
  EXPECT_EQ(module.sections[0].id, 0u);
  EXPECT_EQ(module.sections[0].name, "a");
  EXPECT_EQ(module.sections[0].offset, 10u);
  EXPECT_EQ(module.sections[0].size, 2u);
  EXPECT_EQ(module.sections[3].id, 12u);
  EXPECT_EQ(module.sections[6].name, "c");
}

TEST(Decoder, SectionFraming) {
  Failure id = malformed(module_of({section(13, {})}));
  EXPECT_EQ(id.message, "malformed section id");
  EXPECT_EQ(id.offset, 8u);
  EXPECT_EQ(malformed(module_of({{0x80, 0x00}})).message, "malformed section id");
  // A size past the end of the module.
  Failure size = malformed(module_of({{0x01, 0x05, 0x00}}));
  EXPECT_EQ(size.message, "length out of bounds");
  EXPECT_EQ(size.offset, 9u);
  // Contents shorter or longer than the size.
  EXPECT_EQ(malformed(module_of({section(1, {0x00, 0x00})})).message, "section size mismatch");
  EXPECT_EQ(malformed(module_of({{0x01, 0x01, 0x01, 0x60, 0x00, 0x00}})).message, "section size mismatch");
  EXPECT_EQ(malformed(module_of({{0x01}})).message, "unexpected end of section or function");
  // A vector length past the end of the module.
  EXPECT_EQ(malformed(module_of({section(3, {0x05, 0x00})})).message, "length out of bounds");
}

TEST(Decoder, CustomSections) {
  EXPECT_EQ(malformed(module_of({section(0, {0x02, 0xC0, 0x80})})).message, "malformed UTF-8 encoding");
  EXPECT_EQ(malformed(module_of({section(0, {})})).message, "unexpected end of section or function");
  // The name's length runs past the section.
  EXPECT_EQ(malformed(module_of({section(0, {0x05}), section(1, {0x00, 0x00, 0x00})})).message,
            "unexpected end of section or function");
  Module module = decode_module(module_of({section(0, {0x03, 'a', 'b', 'c', 0xFF, 0xFF})}));
  EXPECT_EQ(module.sections[0].name, "abc");
  EXPECT_EQ(module.sections[0].size, 6u);
}

Bytes name_section(const Bytes& subsections) { return section(0, cat({{0x04, 'n', 'a', 'm', 'e'}, subsections})); }

TEST(Decoder, NameSection) {
  Bytes names = name_section({0x00, 0x04, 0x03, 'm',  'o',  'd',                                  // module "mod"
                              0x01, 0x07, 0x02, 0x00, 0x01, 'f',  0x01, 0x01, 'g',                // functions
                              0x02, 0x09, 0x01, 0x01, 0x02, 0x00, 0x01, 'x',  0x01, 0x01, 'y'});  // locals of 1
  Bytes code = section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B});
  Module module = decode_module(module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), code, names}));
  EXPECT_EQ(module.names.module, "mod");
  EXPECT_EQ(module.names.functions, (std::map<uint32_t, std::string>{{0, "f"}, {1, "g"}}));
  EXPECT_EQ(module.names.locals.at(1), (std::map<uint32_t, std::string>{{0, "x"}, {1, "y"}}));
  EXPECT_EQ(module.function_name(1), "g");
}

TEST(Decoder, MalformedNameSectionsAreIgnored) {
  const std::vector<Bytes> bad = {
      {0x01, 0x05, 0x02, 0x00, 0x01, 'f', 0x00},         // truncated map
      {0x01, 0x03, 0x01, 0x00, 0x01},                    // name past the subsection
      {0x01, 0x06, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00},  // indices out of order
      {0x00, 0x02, 0x01, 0xFF},                          // bad UTF-8
      {0x01, 0x01, 0x00, 0x00, 0x01, 0x00},              // subsections out of order
      {0x00, 0x03, 0x01, 'a', 0x00},                     // subsection longer than its contents
      {0x00, 0x09},                                      // size past the section
  };
  for (const Bytes& subsections : bad) {
    Module module = decode_module(module_of({name_section(subsections)}));
    EXPECT_EQ(module.names, Names{});
    EXPECT_EQ(module.sections.size(), 1u);
  }
  // Unknown subsections are skipped.
  Module module = decode_module(module_of({name_section({0x00, 0x02, 0x01, 'm', 0x07, 0x01, 0x00})}));
  EXPECT_EQ(module.names.module, "m");
}

}  // namespace
}  // namespace kiln
