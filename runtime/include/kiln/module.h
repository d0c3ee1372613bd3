// The module model: what a decoded (or parsed) WebAssembly module declares. The binary
// decoder and the text parser produce it, the validator checks it, code generation walks its
// function bodies, and the runtime instantiates it. It holds no LLVM types.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiln/types.h"

namespace kiln {

// One instruction of a constant expression, already decoded so that the runtime can evaluate
// initializers without an instruction decoder.
struct ConstInstr {
  // Other: an instruction that is not allowed in a constant expression. The decoder keeps it
  // so that the validator reports "constant expression required" rather than a decoding error.
  // `bits` holds its opcode (the byte, or prefix << 32 | sub-opcode); its immediates are dropped.
  enum class Op : uint8_t { I32Const, I64Const, F32Const, F64Const, V128Const, GlobalGet, RefNull, RefFunc, Other };
  Op op = Op::I32Const;
  ValType ref_type = ValType::FuncRef;  // for RefNull
  uint32_t index = 0;                   // for GlobalGet and RefFunc
  uint64_t bits = 0;                    // integer value (an i32 sign-extended), or float bit pattern
  V128 v128;                            // for V128Const
  friend bool operator==(const ConstInstr&, const ConstInstr&) = default;
};

// A constant expression: its instructions without the final `end`. 2.0 allows exactly one
// instruction; the list leaves room for extended constant expressions.
struct ConstExpr {
  std::vector<ConstInstr> instrs;
  uint32_t offset = 0;  // byte offset of the expression in the module binary
  friend bool operator==(const ConstExpr& a, const ConstExpr& b) { return a.instrs == b.instrs; }
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;  // the index the import takes in its kind's index space
  friend bool operator==(const Import&, const Import&) = default;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  friend bool operator==(const Export&, const Export&) = default;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type = ValType::I32;
  friend bool operator==(const LocalDecl&, const LocalDecl&) = default;
};

// The body of a defined function: its declared locals and its instruction bytes, from the
// first instruction up to and including the final `end` opcode.
struct FunctionBody {
  std::vector<LocalDecl> locals;
  uint32_t num_locals = 0;  // sum of the counts in `locals`
  std::vector<uint8_t> code;
  uint32_t code_offset = 0;  // byte offset of code[0] in the module binary
  friend bool operator==(const FunctionBody& a, const FunctionBody& b) {
    return a.locals == b.locals && a.code == b.code;
  }
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

// An element segment. Every form of the binary format is normalized to a list of constant
// expressions; function-index vectors become `ref.func` items.
struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  ConstExpr offset;  // active segments only
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;
  friend bool operator==(const ElemSegment&, const ElemSegment&) = default;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memory = 0;
  ConstExpr offset;  // active segments only
  std::vector<uint8_t> bytes;
  friend bool operator==(const DataSegment&, const DataSegment&) = default;
};

// The contents of the `name` custom section, when present and well-formed.
struct Names {
  std::string module;
  std::map<uint32_t, std::string> functions;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;
  friend bool operator==(const Names&, const Names&) = default;
};

// Where a section sat in the binary, for `kiln inspect`.
struct SectionInfo {
  uint8_t id = 0;
  std::string name;     // custom sections only
  uint32_t offset = 0;  // of the section contents
  uint32_t size = 0;
};

struct Module {
  std::vector<FuncType> types;

  // Index spaces. Imports come first in each, so entry i < num_imported_* is imported.
  std::vector<uint32_t> functions;  // type index of every function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> globals;
  uint32_t num_imported_functions = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  std::vector<Import> imports;
  std::vector<Export> exports;
  std::vector<ConstExpr> global_inits;  // one per defined global
  std::vector<FunctionBody> bodies;     // one per defined function
  std::vector<ElemSegment> elements;
  std::vector<DataSegment> data;
  std::optional<uint32_t> start;
  std::optional<uint32_t> data_count;  // the data count section, when present

  Names names;
  std::vector<SectionInfo> sections;

  const FuncType& func_type(uint32_t func_index) const { return types[functions[func_index]]; }
  uint32_t num_defined_functions() const { return uint32_t(functions.size()) - num_imported_functions; }
  // The name-section name of a function, or "func[N]".
  std::string function_name(uint32_t func_index) const;
};

}  // namespace kiln
