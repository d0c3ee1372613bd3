// The validator: modules built directly from the module model, with function bodies assembled
// by hand, checked against each typing rule and the spec's message for breaking it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kiln/error.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

using Bytes = std::vector<uint8_t>;

// Value type and block type bytes.
constexpr uint8_t kI32 = 0x7F, kF32 = 0x7D, kFuncRef = 0x70, kExternRef = 0x6F;
constexpr uint8_t kVoid = 0x40;
// Opcodes.
constexpr uint8_t kUnreachable = 0x00, kNop = 0x01, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05, kEnd = 0x0B,
                  kBr = 0x0C, kBrIf = 0x0D, kBrTable = 0x0E, kReturn = 0x0F, kCall = 0x10, kCallIndirect = 0x11,
                  kDrop = 0x1A, kSelect = 0x1B, kSelectT = 0x1C, kLocalGet = 0x20, kLocalSet = 0x21, kGlobalGet = 0x23,
                  kGlobalSet = 0x24, kI32Load = 0x28, kMemorySize = 0x3F, kI32Const = 0x41, kI64Const = 0x42,
                  kI32Eqz = 0x45, kI32Add = 0x6A, kRefNull = 0xD0, kRefIsNull = 0xD1, kRefFunc = 0xD2, kPrefixFC = 0xFC,
                  kPrefixFD = 0xFD;

FunctionBody make_body(Bytes code, std::vector<LocalDecl> locals = {}) {
  FunctionBody body;
  for (const LocalDecl& decl : locals) body.num_locals += decl.count;
  body.locals = std::move(locals);
  body.code = std::move(code);
  return body;
}

// A module whose only function has `type` (type index 0) and the body `code`, ending in `end`.
Module one_function(FuncType type, Bytes code, std::vector<LocalDecl> locals = {}) {
  Module module;
  module.types.push_back(std::move(type));
  module.functions.push_back(0);
  module.bodies.push_back(make_body(std::move(code), std::move(locals)));
  return module;
}

Module void_function(Bytes code) { return one_function({}, std::move(code)); }

ConstExpr const_expr(ConstInstr::Op op, uint32_t index = 0) {
  ConstInstr instr;
  instr.op = op;
  instr.index = index;
  return ConstExpr{{instr}, 0};
}

void add_global(Module& module, ValType type, bool is_mutable, ConstExpr init) {
  module.globals.push_back({type, is_mutable});
  module.global_inits.push_back(std::move(init));
}

void import_global(Module& module, ValType type, bool is_mutable) {
  module.imports.push_back({"env", "g", ExternKind::Global, module.num_imported_globals});
  module.globals.insert(module.globals.begin() + module.num_imported_globals, {type, is_mutable});
  ++module.num_imported_globals;
}

// The message of the Invalid error `module` is rejected with, or "valid".
std::string verdict(const Module& module) {
  try {
    validate_module(module);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Invalid) << error.message();
    return error.message();
  }
  return "valid";
}

TEST(Validator, EmptyModuleAndFunctionAreValid) {
  EXPECT_EQ(verdict(Module{}), "valid");
  EXPECT_EQ(verdict(void_function({kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{ValType::I32, ValType::I32}, {ValType::I32}},
                                 {kLocalGet, 0, kLocalGet, 1, kI32Add, kEnd})),
            "valid");
}

TEST(Validator, StackUnderflowIsATypeMismatch) {
  EXPECT_EQ(verdict(void_function({kI32Const, 1, kI32Add, kDrop, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(void_function({kDrop, kEnd})), "type mismatch");
  // A block cannot pop operands pushed outside it.
  EXPECT_EQ(verdict(void_function({kI32Const, 1, kBlock, kVoid, kDrop, kEnd, kEnd})), "type mismatch");
}

TEST(Validator, OperandTypesMustMatch) {
  EXPECT_EQ(verdict(void_function({kI64Const, 1, kI32Eqz, kDrop, kEnd})), "type mismatch");
}

TEST(Validator, BlockEndChecksResults) {
  FuncType returns_i32{{}, {ValType::I32}};
  EXPECT_EQ(verdict(one_function(returns_i32, {kBlock, kI32, kI32Const, 0, kEnd, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function(returns_i32, {kBlock, kI32, kI64Const, 0, kEnd, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(one_function(returns_i32, {kBlock, kI32, kEnd, kEnd})), "type mismatch");
  // A value left over at the end of a block.
  EXPECT_EQ(verdict(void_function({kBlock, kVoid, kI32Const, 0, kEnd, kEnd})), "type mismatch");
  // ... and at the end of the function.
  EXPECT_EQ(verdict(void_function({kI32Const, 0, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(one_function(returns_i32, {kEnd})), "type mismatch");
}

TEST(Validator, MultiValueBlockTypes) {
  Module module = one_function({{}, {ValType::I32}}, {kI32Const, 1, kI32Const, 2, kBlock, 1, kI32Add, kEnd, kEnd});
  module.types.push_back({{ValType::I32, ValType::I32}, {ValType::I32}});
  EXPECT_EQ(verdict(module), "valid");
  // A loop's label takes the params, not the results.
  module.bodies[0].code = {kI32Const, 1, kI32Const, 2, kLoop, 1, kBr, 0, kEnd, kEnd};
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kI32Const, 1, kBlock, 1, kI32Add, kEnd, kEnd};
  EXPECT_EQ(verdict(module), "type mismatch");
  module.bodies[0].code = {kBlock, 7, kEnd, kEnd};
  EXPECT_EQ(verdict(module), "unknown type 7");
}

TEST(Validator, IfWithoutElseMustPassParamsThrough) {
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kI32Const, 1, kIf, kI32, kI32Const, 1, kEnd, kEnd})),
            "type mismatch");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}},
                                 {kI32Const, 1, kIf, kI32, kI32Const, 1, kElse, kI32Const, 2, kEnd, kEnd})),
            "valid");
  Module module = one_function({{}, {ValType::I32}}, {kI32Const, 5, kI32Const, 1, kIf, 1, kEnd, kEnd});
  module.types.push_back({{ValType::I32}, {ValType::I32}});
  EXPECT_EQ(verdict(module), "valid");
  // The else branch must produce the results too.
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kI32Const, 1, kIf, kI32, kI32Const, 1, kElse, kEnd, kEnd})),
            "type mismatch");
}

TEST(Validator, UnreachableCodeIsPolymorphic) {
  EXPECT_EQ(verdict(void_function({kUnreachable, kI32Add, kDrop, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kUnreachable, kI32Add, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I64}}, {kUnreachable, kEnd})), "valid");
  EXPECT_EQ(verdict(void_function({kBlock, kVoid, kBr, 0, kI32Eqz, kDrop, kEnd, kEnd})), "valid");
  EXPECT_EQ(verdict(void_function({kReturn, kSelect, kDrop, kEnd})), "valid");
  // Values pushed after the stack became polymorphic are still typed.
  EXPECT_EQ(verdict(void_function({kUnreachable, kI64Const, 0, kI32Eqz, kDrop, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(void_function({kUnreachable, kI32Const, 0, kEnd})), "type mismatch");
  // select infers i64 from its one known operand, then meets an i32.
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kUnreachable, kI64Const, 0, kI32Const, 0, kSelect, kI32Const, 0,
                                                        kI32Const, 0, kSelect, kEnd})),
            "type mismatch");
}

TEST(Validator, Branches) {
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kBlock, kI32, kI32Const, 1, kBr, 0, kEnd, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kBlock, kI32, kBr, 0, kEnd, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(void_function({kBr, 1, kEnd})), "unknown label 1");
  EXPECT_EQ(verdict(void_function({kBlock, kVoid, kBrIf, 0, kEnd, kEnd})), "type mismatch");
  EXPECT_EQ(
      verdict(one_function({{}, {ValType::I32}}, {kBlock, kI32, kI32Const, 1, kI32Const, 0, kBrIf, 0, kEnd, kEnd})),
      "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kI64Const, 1, kReturn, kEnd})), "type mismatch");
}

TEST(Validator, BrTableLabelsMustAgree) {
  // block (result i32) block br_table 0 1: the inner label takes no value, the outer one an i32.
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kBlock, kI32, kBlock, kVoid, kI32Const, 1, kI32Const, 0,
                                                        kBrTable, 1, 0, 1, kEnd, kI32Const, 2, kEnd, kEnd})),
            "type mismatch");
  // Both labels take an i32.
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kBlock, kI32, kBlock, kI32, kI32Const, 1, kI32Const, 0,
                                                        kBrTable, 1, 0, 1, kEnd, kEnd, kEnd})),
            "valid");
  // Labels of the same arity but different types (i32, f32) take the operand only when it is unknown.
  auto i32_and_f32_labels = [](Bytes operand) {
    Bytes code = {kBlock, kF32, kBlock, kI32};
    code.insert(code.end(), operand.begin(), operand.end());
    code.insert(code.end(), {kI32Const, 0, kBrTable, 1, 0, 1, kEnd, kUnreachable, kEnd, kDrop, kEnd});
    return void_function(code);
  };
  EXPECT_EQ(verdict(i32_and_f32_labels({kUnreachable})), "valid");
  EXPECT_EQ(verdict(i32_and_f32_labels({kI32Const, 5})), "type mismatch");
  EXPECT_EQ(verdict(void_function({kBlock, kVoid, kI32Const, 0, kBrTable, 1, 0, 2, kEnd, kEnd})), "unknown label 2");
}

TEST(Validator, UntypedSelectIsForNumbersAndVectors) {
  EXPECT_EQ(verdict(one_function({{}, {ValType::I64}}, {kI64Const, 1, kI64Const, 2, kI32Const, 0, kSelect, kEnd})),
            "valid");
  EXPECT_EQ(verdict(void_function({kI64Const, 1, kI32Const, 2, kI32Const, 0, kSelect, kDrop, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(void_function({kRefNull, kFuncRef, kRefNull, kFuncRef, kI32Const, 0, kSelect, kDrop, kEnd})),
            "type mismatch");
  EXPECT_EQ(verdict(void_function({kUnreachable, kRefNull, kFuncRef, kI32Const, 0, kSelect, kDrop, kEnd})),
            "type mismatch");
  EXPECT_EQ(verdict(void_function({kNop, kI32Const, 1, kSelect, kDrop, kEnd})), "type mismatch");
}

TEST(Validator, TypedSelect) {
  EXPECT_EQ(verdict(void_function(
                {kRefNull, kFuncRef, kRefNull, kFuncRef, kI32Const, 0, kSelectT, 1, kFuncRef, kDrop, kEnd})),
            "valid");
  EXPECT_EQ(verdict(void_function(
                {kRefNull, kExternRef, kRefNull, kFuncRef, kI32Const, 0, kSelectT, 1, kFuncRef, kDrop, kEnd})),
            "type mismatch");
  EXPECT_EQ(verdict(void_function({kNop, kNop, kI32Const, 1, kSelectT, 0, kEnd})), "invalid result arity");
  EXPECT_EQ(verdict(void_function({kI32Const, 0, kI32Const, 0, kI32Const, 0, kI32Const, 0, kI32Const, 1, kSelectT, 2,
                                   kI32, kI32, kDrop, kDrop, kEnd})),
            "invalid result arity");
}

TEST(Validator, RefFuncNeedsADeclaration) {
  Module module = void_function({kRefFunc, 0, kDrop, kEnd});
  EXPECT_EQ(verdict(module), "undeclared function reference");
  module.start = 0;  // the start section is no declaration
  EXPECT_EQ(verdict(module), "undeclared function reference");

  Module exported = module;
  exported.exports.push_back({"f", ExternKind::Func, 0});
  EXPECT_EQ(verdict(exported), "valid");

  Module in_element = module;
  ElemSegment segment;
  segment.mode = SegmentMode::Declarative;
  segment.items.push_back(const_expr(ConstInstr::Op::RefFunc, 0));
  in_element.elements.push_back(segment);
  EXPECT_EQ(verdict(in_element), "valid");

  Module in_global = module;
  add_global(in_global, ValType::FuncRef, false, const_expr(ConstInstr::Op::RefFunc, 0));
  EXPECT_EQ(verdict(in_global), "valid");

  module.bodies[0].code = {kRefFunc, 3, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "unknown function 3");
}

TEST(Validator, ReferenceInstructions) {
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kRefNull, kExternRef, kRefIsNull, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kI32Const, 0, kRefIsNull, kEnd})), "type mismatch");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I32}}, {kUnreachable, kRefIsNull, kEnd})), "valid");
  EXPECT_EQ(verdict(one_function({{}, {ValType::FuncRef}}, {kRefNull, kExternRef, kEnd})), "type mismatch");
}

TEST(Validator, ConstantExpressions) {
  Module module;
  add_global(module, ValType::I32, false, const_expr(ConstInstr::Op::I32Const));
  EXPECT_EQ(verdict(module), "valid");

  module.global_inits[0] = const_expr(ConstInstr::Op::Other);
  EXPECT_EQ(verdict(module), "constant expression required");
  module.global_inits[0] = const_expr(ConstInstr::Op::F32Const);
  EXPECT_EQ(verdict(module), "type mismatch");
  module.global_inits[0] = ConstExpr{};
  EXPECT_EQ(verdict(module), "type mismatch");
  module.global_inits[0] = const_expr(ConstInstr::Op::I32Const);
  module.global_inits[0].instrs.push_back(module.global_inits[0].instrs[0]);
  EXPECT_EQ(verdict(module), "type mismatch");
  module.global_inits[0].instrs[1].op = ConstInstr::Op::Other;
  EXPECT_EQ(verdict(module), "constant expression required");
  // A global defined in the module cannot be read, not even by a later global.
  module.global_inits[0] = const_expr(ConstInstr::Op::I32Const);
  add_global(module, ValType::I32, false, const_expr(ConstInstr::Op::GlobalGet, 0));
  EXPECT_EQ(verdict(module), "unknown global 0");

  Module imports;
  import_global(imports, ValType::I32, false);
  import_global(imports, ValType::I32, true);
  add_global(imports, ValType::I32, false, const_expr(ConstInstr::Op::GlobalGet, 0));
  EXPECT_EQ(verdict(imports), "valid");
  imports.global_inits[0].instrs[0].index = 1;
  EXPECT_EQ(verdict(imports), "constant expression required");
  imports.global_inits[0].instrs[0].index = 2;
  EXPECT_EQ(verdict(imports), "unknown global 2");
  imports.globals[2].type = ValType::I64;
  imports.global_inits[0].instrs[0].index = 0;
  EXPECT_EQ(verdict(imports), "type mismatch");

  Module ref_null;
  ConstExpr null_extern = const_expr(ConstInstr::Op::RefNull);
  null_extern.instrs[0].ref_type = ValType::ExternRef;
  add_global(ref_null, ValType::FuncRef, false, null_extern);
  EXPECT_EQ(verdict(ref_null), "type mismatch");
  ref_null.globals[0].type = ValType::ExternRef;
  EXPECT_EQ(verdict(ref_null), "valid");
}

TEST(Validator, GlobalsInBodies) {
  Module module = void_function({kI32Const, 1, kGlobalSet, 0, kEnd});
  add_global(module, ValType::I32, false, const_expr(ConstInstr::Op::I32Const));
  EXPECT_EQ(verdict(module), "global is immutable");
  module.globals[0].is_mutable = true;
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kGlobalGet, 1, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "unknown global 1");
  // Unlike constant expressions, bodies may read the module's own globals.
  module.bodies[0].code = {kGlobalGet, 0, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "valid");
}

TEST(Validator, Locals) {
  FuncType takes_i32{{ValType::I32}, {}};
  EXPECT_EQ(verdict(one_function(takes_i32, {kLocalGet, 2, kDrop, kEnd}, {{1, ValType::I64}})), "unknown local 2");
  EXPECT_EQ(verdict(one_function(takes_i32, {kLocalGet, 1, kLocalSet, 0, kEnd}, {{1, ValType::I64}})), "type mismatch");
  EXPECT_EQ(verdict(one_function(takes_i32, {kLocalGet, 1, kLocalSet, 0, kEnd}, {{1, ValType::I32}})), "valid");
  // Billions of declared locals are looked up without one entry per local.
  Module many = one_function(takes_i32, {kLocalGet, 0xC8, 0x01, kDrop, kEnd},  // local.get 200: an f32
                             {{100, ValType::I64}, {0xFFFFFF00u, ValType::F32}});
  EXPECT_EQ(verdict(many), "valid");
  many.bodies[0].code = {kLocalGet, 0xC8, 0x01, kLocalSet, 0, kEnd};
  EXPECT_EQ(verdict(many), "type mismatch");
}

TEST(Validator, Calls) {
  Module module = void_function({kI32Const, 1, kCall, 1, kEnd});
  module.types.push_back({{ValType::I32}, {}});
  module.functions.push_back(1);
  module.bodies.push_back(make_body({kEnd}));
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kCall, 1, kEnd};
  EXPECT_EQ(verdict(module), "type mismatch");
  module.bodies[0].code = {kCall, 7, kEnd};
  EXPECT_EQ(verdict(module), "unknown function 7");

  module.bodies[0].code = {kI32Const, 1, kI32Const, 0, kCallIndirect, 1, 0, kEnd};
  EXPECT_EQ(verdict(module), "unknown table 0");
  module.tables.push_back({ValType::FuncRef, {}});
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kI32Const, 0, kCallIndirect, 9, 0, kEnd};
  EXPECT_EQ(verdict(module), "unknown type 9");
  module.tables[0].element = ValType::ExternRef;
  module.bodies[0].code = {kI32Const, 1, kI32Const, 0, kCallIndirect, 1, 0, kEnd};
  EXPECT_EQ(verdict(module), "type mismatch");
}

TEST(Validator, MemoryInstructions) {
  Module module = one_function({{}, {ValType::I32}}, {kI32Const, 0, kI32Load, 2, 0, kEnd});
  EXPECT_EQ(verdict(module), "unknown memory 0");
  module.memories.push_back({{1, std::nullopt}});
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kI32Const, 0, kI32Load, 3, 0, kEnd};
  EXPECT_EQ(verdict(module), "alignment must not be larger than natural");
  module.bodies[0].code = {kMemorySize, 0, kEnd};
  EXPECT_EQ(verdict(module), "valid");
  // i32.load8_u: natural alignment 1.
  module.bodies[0].code = {kI32Const, 0, 0x2D, 1, 0, kEnd};
  EXPECT_EQ(verdict(module), "alignment must not be larger than natural");
}

TEST(Validator, DataSegmentsAndBulkMemory) {
  Module module = void_function({kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 8, 1, 0, kEnd});
  EXPECT_EQ(verdict(module), "unknown memory 0");
  module.memories.push_back({{1, 2}});
  DataSegment segment;
  segment.mode = SegmentMode::Passive;
  module.data.push_back(segment);
  EXPECT_EQ(verdict(module), "unknown data segment 1");
  module.bodies[0].code = {kPrefixFC, 9, 0, kPrefixFC, 9, 1, kEnd};
  EXPECT_EQ(verdict(module), "unknown data segment 1");
  module.bodies[0].code = {kPrefixFC, 9, 0, kEnd};
  EXPECT_EQ(verdict(module), "valid");

  module.data[0].mode = SegmentMode::Active;
  module.data[0].offset = const_expr(ConstInstr::Op::I64Const);
  EXPECT_EQ(verdict(module), "type mismatch");
  module.data[0].offset = const_expr(ConstInstr::Op::I32Const);
  module.data[0].memory = 1;
  EXPECT_EQ(verdict(module), "unknown memory 1");
}

TEST(Validator, DataCountMustMatchTheDataSection) {
  Module module;
  module.data_count = 1;
  try {
    validate_module(module);
    FAIL() << "accepted a data count without data";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed);
    EXPECT_EQ(error.message(), "data count and data section have inconsistent lengths");
  }
  module.data.emplace_back();
  module.data.back().mode = SegmentMode::Passive;
  EXPECT_EQ(verdict(module), "valid");
}

TEST(Validator, ElementSegmentsAndTableInstructions) {
  Module module = void_function({kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 12, 0, 0, kEnd});
  EXPECT_EQ(verdict(module), "unknown table 0");
  module.tables.push_back({ValType::ExternRef, {0, std::nullopt}});
  EXPECT_EQ(verdict(module), "unknown elem segment 0");
  ElemSegment segment;
  segment.table = 0;
  segment.offset = const_expr(ConstInstr::Op::I32Const);
  segment.items.push_back(const_expr(ConstInstr::Op::RefFunc, 0));
  module.elements.push_back(segment);
  EXPECT_EQ(verdict(module), "type mismatch");  // a funcref segment for an externref table
  module.tables[0].element = ValType::FuncRef;
  EXPECT_EQ(verdict(module), "valid");
  module.elements[0].items[0] = const_expr(ConstInstr::Op::RefNull);
  module.elements[0].items[0].instrs[0].ref_type = ValType::ExternRef;
  EXPECT_EQ(verdict(module), "type mismatch");
  module.elements[0].items[0].instrs[0].ref_type = ValType::FuncRef;
  module.elements[0].table = 1;
  EXPECT_EQ(verdict(module), "unknown table 1");
  module.elements[0].table = 0;

  module.bodies[0].code = {kPrefixFC, 13, 1, kEnd};
  EXPECT_EQ(verdict(module), "unknown elem segment 1");
  module.bodies[0].code = {kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 14, 0, 0, kEnd};
  EXPECT_EQ(verdict(module), "valid");
  module.tables.push_back({ValType::ExternRef, {0, std::nullopt}});
  module.bodies[0].code = {kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 14, 0, 1, kEnd};
  EXPECT_EQ(verdict(module), "type mismatch");
  // table.grow 1: [externref i32] -> [i32]
  module.bodies[0].code = {kRefNull, kExternRef, kI32Const, 1, kPrefixFC, 15, 1, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code = {kRefNull, kFuncRef, kI32Const, 1, kPrefixFC, 15, 1, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "type mismatch");
  module.bodies[0].code = {kI32Const, 0, 0x25, 2, kDrop, kEnd};
  EXPECT_EQ(verdict(module), "unknown table 2");
}

TEST(Validator, LaneIndices) {
  Bytes v128_zero = {kPrefixFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto with_zero_vector = [&](Bytes rest) {
    Bytes code = v128_zero;
    code.insert(code.end(), rest.begin(), rest.end());
    return code;
  };
  FuncType returns_i32{{}, {ValType::I32}};
  // i8x16.extract_lane_s has 16 lanes, i64x2.extract_lane 2.
  EXPECT_EQ(verdict(one_function(returns_i32, with_zero_vector({kPrefixFD, 0x15, 15, kEnd}))), "valid");
  EXPECT_EQ(verdict(one_function(returns_i32, with_zero_vector({kPrefixFD, 0x15, 16, kEnd}))), "invalid lane index");
  EXPECT_EQ(verdict(one_function({{}, {ValType::I64}}, with_zero_vector({kPrefixFD, 0x1D, 2, kEnd}))),
            "invalid lane index");

  // v128.load8_lane has 16 lanes, v128.load64_lane 2.
  Module module = one_function({{}, {ValType::V128}}, {kI32Const, 0});
  module.memories.push_back({{1, std::nullopt}});
  Bytes load8_lane = with_zero_vector({kPrefixFD, 0x54, 0, 0, 15, kEnd});
  module.bodies[0].code.insert(module.bodies[0].code.end(), load8_lane.begin(), load8_lane.end());
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code.end()[-2] = 16;
  EXPECT_EQ(verdict(module), "invalid lane index");
  module.bodies[0].code.end()[-5] = 0x57;  // v128.load64_lane
  module.bodies[0].code.end()[-2] = 1;
  EXPECT_EQ(verdict(module), "valid");
  module.bodies[0].code.end()[-2] = 2;
  EXPECT_EQ(verdict(module), "invalid lane index");
  module.bodies[0].code.end()[-2] = 0;
  module.bodies[0].code.end()[-4] = 4;  // the alignment
  EXPECT_EQ(verdict(module), "alignment must not be larger than natural");

  Bytes shuffle = with_zero_vector(v128_zero);
  shuffle.insert(shuffle.end(), {kPrefixFD, 0x0D});
  for (uint8_t lane = 16; lane < 32; ++lane) shuffle.push_back(lane);
  shuffle.insert(shuffle.end(), {kDrop, kEnd});
  Module shuffles = void_function(shuffle);
  EXPECT_EQ(verdict(shuffles), "valid");
  shuffles.bodies[0].code.end()[-3] = 32;
  EXPECT_EQ(verdict(shuffles), "invalid lane index");
}

TEST(Validator, Exports) {
  Module module = void_function({kEnd});
  module.exports.push_back({"a", ExternKind::Func, 0});
  module.exports.push_back({"b", ExternKind::Func, 0});
  EXPECT_EQ(verdict(module), "valid");
  module.exports.push_back({"a", ExternKind::Func, 0});
  EXPECT_EQ(verdict(module), "duplicate export name");
  module.exports.back() = {"c", ExternKind::Memory, 0};
  EXPECT_EQ(verdict(module), "unknown memory 0");
  module.exports.back() = {"c", ExternKind::Global, 0};
  EXPECT_EQ(verdict(module), "unknown global 0");
  module.exports.back() = {"c", ExternKind::Table, 0};
  EXPECT_EQ(verdict(module), "unknown table 0");
  module.exports.back() = {"c", ExternKind::Func, 1};
  EXPECT_EQ(verdict(module), "unknown function 1");
}

TEST(Validator, StartFunction) {
  Module module = void_function({kEnd});
  module.start = 0;
  EXPECT_EQ(verdict(module), "valid");
  module.start = 1;
  EXPECT_EQ(verdict(module), "unknown function 1");
  Module returns = one_function({{}, {ValType::I32}}, {kI32Const, 0, kEnd});
  returns.start = 0;
  EXPECT_EQ(verdict(returns), "start function");
  Module takes = one_function({{ValType::I32}, {}}, {kEnd});
  takes.start = 0;
  EXPECT_EQ(verdict(takes), "start function");
}

TEST(Validator, LimitsAndMemoryCount) {
  Module module;
  module.memories.push_back({{2, 1}});
  EXPECT_EQ(verdict(module), "size minimum must not be greater than maximum");
  module.memories[0].limits = {65537, std::nullopt};
  EXPECT_EQ(verdict(module), "memory size must be at most 65536 pages (4GiB)");
  module.memories[0].limits = {0, 65537};
  EXPECT_EQ(verdict(module), "memory size must be at most 65536 pages (4GiB)");
  module.memories[0].limits = {65536, 65536};
  EXPECT_EQ(verdict(module), "valid");
  module.memories.push_back({{0, std::nullopt}});
  EXPECT_EQ(verdict(module), "multiple memories");

  Module tables;
  tables.tables.push_back({ValType::FuncRef, {10, 5}});
  EXPECT_EQ(verdict(tables), "size minimum must not be greater than maximum");
  tables.tables[0].limits = {0, 0xFFFFFFFFu};
  tables.tables.push_back({ValType::ExternRef, {}});  // several tables are fine in 2.0
  EXPECT_EQ(verdict(tables), "valid");
}

TEST(Validator, FunctionTypeIndices) {
  Module module = void_function({kEnd});
  module.functions[0] = 3;
  EXPECT_EQ(verdict(module), "unknown type 3");
}

TEST(Validator, ErrorsCarryTheInstructionOffset) {
  Module module = void_function({kNop, kNop, kI32Add, kEnd});
  module.bodies[0].code_offset = 100;
  try {
    validate_module(module);
    FAIL() << "accepted i32.add without operands";
  } catch (const Error& error) {
    EXPECT_EQ(error.offset(), 102u);
  }
}

TEST(Validator, StrayElseIsMalformed) {
  Module module = void_function({kBlock, kVoid, kElse, kEnd, kEnd});
  try {
    validate_module(module);
    FAIL() << "accepted else inside a block";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed);
  }
}

}  // namespace
}  // namespace kiln
