// Module model → binary format: every section in the required order, element segments in the
// most compact form that holds them exactly, the data count section when the model has one, and
// the name section when there are names.
#include "kiln/writer.h"

#include <algorithm>
#include <optional>

#include "binary/byte_writer.h"
#include "binary/opcode.h"
#include "binary/section_id.h"
#include "kiln/error.h"

namespace kiln {
namespace {

constexpr uint8_t kMagicAndVersion[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
constexpr uint8_t kFuncTypeForm = 0x60;
constexpr uint8_t kElemKindFuncRef = 0x00;

// The flag bits of an element segment's form, as in the decoder.
constexpr uint32_t kElemNotActive = 1;
constexpr uint32_t kElemExplicit = 2;
constexpr uint32_t kElemExpressions = 4;

enum NameSubsection : uint8_t { kModuleName = 0, kFunctionNames = 1, kLocalNames = 2 };

uint32_t size32(size_t size) { return static_cast<uint32_t>(size); }

void write_opcode(ByteWriter& out, Op op) {
  const OpInfo& info = op_info(op);
  if (info.prefix) {
    out.u8(info.prefix);
    out.u32(info.code);
  } else {
    out.u8(static_cast<uint8_t>(info.code));
  }
}

void write_type(ByteWriter& out, ValType type) { out.u8(static_cast<uint8_t>(type)); }

void write_limits(ByteWriter& out, const Limits& limits) {
  out.u8(limits.max ? 1 : 0);
  out.u64(limits.min);
  if (limits.max) out.u64(*limits.max);
}

void write_table_type(ByteWriter& out, const TableType& type) {
  write_type(out, type.element);
  write_limits(out, type.limits);
}

void write_global_type(ByteWriter& out, const GlobalType& type) {
  write_type(out, type.type);
  out.u8(type.is_mutable ? 1 : 0);
}

// An instruction a constant expression may not hold. The model keeps only its opcode, so only
// one without immediates can be written back as it was, and not `end` or `else`, which would
// change where the expression ends.
void write_other_instr(ByteWriter& out, const ConstInstr& instr, uint32_t expr_offset) {
  auto prefix = static_cast<uint8_t>(instr.bits >> 32);
  auto code = static_cast<uint32_t>(instr.bits);
  std::optional<Op> op = prefix ? op_from_prefixed(prefix, code) : op_from_byte(static_cast<uint8_t>(code));
  if (!op || op_info(*op).imm != Imm::None || *op == Op::End || *op == Op::Else)
    throw Error(ErrorKind::Invalid, "constant expression required", expr_offset);
  write_opcode(out, *op);
}

void write_const_expr(ByteWriter& out, const ConstExpr& expr) {
  for (const ConstInstr& instr : expr.instrs) {
    switch (instr.op) {
      case ConstInstr::Op::I32Const:
        write_opcode(out, Op::I32Const);
        out.s32(static_cast<int32_t>(instr.bits));
        break;
      case ConstInstr::Op::I64Const:
        write_opcode(out, Op::I64Const);
        out.s64(static_cast<int64_t>(instr.bits));
        break;
      case ConstInstr::Op::F32Const:
        write_opcode(out, Op::F32Const);
        out.f32_bits(static_cast<uint32_t>(instr.bits));
        break;
      case ConstInstr::Op::F64Const:
        write_opcode(out, Op::F64Const);
        out.f64_bits(instr.bits);
        break;
      case ConstInstr::Op::V128Const:
        write_opcode(out, Op::V128Const);
        out.bytes(instr.v128.bytes);
        break;
      case ConstInstr::Op::GlobalGet:
        write_opcode(out, Op::GlobalGet);
        out.u32(instr.index);
        break;
      case ConstInstr::Op::RefNull:
        write_opcode(out, Op::RefNull);
        write_type(out, instr.ref_type);
        break;
      case ConstInstr::Op::RefFunc:
        write_opcode(out, Op::RefFunc);
        out.u32(instr.index);
        break;
      case ConstInstr::Op::Other: write_other_instr(out, instr, expr.offset); break;
    }
  }
  write_opcode(out, Op::End);
}

void write_name_map(ByteWriter& out, const std::map<uint32_t, std::string>& names) {
  out.u32(size32(names.size()));
  for (const auto& [index, name] : names) {
    out.u32(index);
    out.name(name);
  }
}

class ModuleWriter {
 public:
  explicit ModuleWriter(const Module& module) : module_(module) {}

  std::vector<uint8_t> write() {
    out_.bytes(kMagicAndVersion);
    write_types();
    write_imports();
    write_functions();
    write_tables();
    write_memories();
    write_globals();
    write_exports();
    write_start();
    write_elements();
    write_data_count();
    write_code();
    write_data();
    write_names();
    return std::move(out_.bytes());
  }

 private:
  void section(uint8_t id, const ByteWriter& content) {
    out_.u8(id);
    out_.u32(size32(content.size()));
    out_.bytes(content.bytes());
  }

  void write_types() {
    if (module_.types.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.types.size()));
    for (const FuncType& type : module_.types) {
      content.u8(kFuncTypeForm);
      for (const std::vector<ValType>* types : {&type.params, &type.results}) {
        content.u32(size32(types->size()));
        for (ValType value : *types) write_type(content, value);
      }
    }
    section(kTypeSection, content);
  }

  void write_imports() {
    if (module_.imports.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.imports.size()));
    for (const Import& import : module_.imports) {
      content.name(import.module);
      content.name(import.name);
      content.u8(static_cast<uint8_t>(import.kind));
      switch (import.kind) {
        case ExternKind::Func: content.u32(module_.functions.at(import.index)); break;
        case ExternKind::Table: write_table_type(content, module_.tables.at(import.index)); break;
        case ExternKind::Memory: write_limits(content, module_.memories.at(import.index).limits); break;
        case ExternKind::Global: write_global_type(content, module_.globals.at(import.index)); break;
      }
    }
    section(kImportSection, content);
  }

  void write_functions() {
    if (module_.num_defined_functions() == 0) return;
    ByteWriter content;
    content.u32(module_.num_defined_functions());
    for (size_t i = module_.num_imported_functions; i < module_.functions.size(); ++i)
      content.u32(module_.functions[i]);
    section(kFunctionSection, content);
  }

  void write_tables() {
    if (module_.tables.size() == module_.num_imported_tables) return;
    ByteWriter content;
    content.u32(size32(module_.tables.size() - module_.num_imported_tables));
    for (size_t i = module_.num_imported_tables; i < module_.tables.size(); ++i)
      write_table_type(content, module_.tables[i]);
    section(kTableSection, content);
  }

  void write_memories() {
    if (module_.memories.size() == module_.num_imported_memories) return;
    ByteWriter content;
    content.u32(size32(module_.memories.size() - module_.num_imported_memories));
    for (size_t i = module_.num_imported_memories; i < module_.memories.size(); ++i)
      write_limits(content, module_.memories[i].limits);
    section(kMemorySection, content);
  }

  void write_globals() {
    if (module_.globals.size() == module_.num_imported_globals) return;
    ByteWriter content;
    content.u32(size32(module_.globals.size() - module_.num_imported_globals));
    for (size_t i = module_.num_imported_globals; i < module_.globals.size(); ++i) {
      write_global_type(content, module_.globals[i]);
      write_const_expr(content, module_.global_inits.at(i - module_.num_imported_globals));
    }
    section(kGlobalSection, content);
  }

  void write_exports() {
    if (module_.exports.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.exports.size()));
    for (const Export& entry : module_.exports) {
      content.name(entry.name);
      content.u8(static_cast<uint8_t>(entry.kind));
      content.u32(entry.index);
    }
    section(kExportSection, content);
  }

  void write_start() {
    if (!module_.start) return;
    ByteWriter content;
    content.u32(*module_.start);
    section(kStartSection, content);
  }

  // Function-index forms hold funcref segments of plain `ref.func` items; the short active forms
  // hold funcref segments of table 0.
  static void write_element_segment(ByteWriter& out, const ElemSegment& segment) {
    bool function_indices = segment.type == ValType::FuncRef &&
                            std::all_of(segment.items.begin(), segment.items.end(), [](const ConstExpr& item) {
                              return item.instrs.size() == 1 && item.instrs[0].op == ConstInstr::Op::RefFunc;
                            });
    uint32_t form = function_indices ? 0 : kElemExpressions;
    switch (segment.mode) {
      case SegmentMode::Active:
        if (segment.table != 0 || segment.type != ValType::FuncRef) form |= kElemExplicit;
        break;
      case SegmentMode::Passive: form |= kElemNotActive; break;
      case SegmentMode::Declarative: form |= kElemNotActive | kElemExplicit; break;
    }
    out.u32(form);
    if (segment.mode == SegmentMode::Active) {
      if (form & kElemExplicit) out.u32(segment.table);
      write_const_expr(out, segment.offset);
    }
    bool implicit_type = segment.mode == SegmentMode::Active && !(form & kElemExplicit);
    if (!implicit_type) {
      if (function_indices)
        out.u8(kElemKindFuncRef);
      else
        write_type(out, segment.type);
    }
    out.u32(size32(segment.items.size()));
    for (const ConstExpr& item : segment.items) {
      if (function_indices)
        out.u32(item.instrs[0].index);
      else
        write_const_expr(out, item);
    }
  }

  void write_elements() {
    if (module_.elements.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.elements.size()));
    for (const ElemSegment& segment : module_.elements) write_element_segment(content, segment);
    section(kElementSection, content);
  }

  void write_data_count() {
    if (!module_.data_count) return;
    ByteWriter content;
    content.u32(*module_.data_count);
    section(kDataCountSection, content);
  }

  void write_code() {
    if (module_.bodies.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.bodies.size()));
    ByteWriter body;
    for (const FunctionBody& function : module_.bodies) {
      body.bytes().clear();
      body.u32(size32(function.locals.size()));
      for (const LocalDecl& decl : function.locals) {
        body.u32(decl.count);
        write_type(body, decl.type);
      }
      body.bytes(function.code);
      content.u32(size32(body.size()));
      content.bytes(body.bytes());
    }
    section(kCodeSection, content);
  }

  void write_data() {
    if (module_.data.empty()) return;
    ByteWriter content;
    content.u32(size32(module_.data.size()));
    for (const DataSegment& segment : module_.data) {
      if (segment.mode != SegmentMode::Active) {
        content.u32(1);
      } else if (segment.memory == 0) {
        content.u32(0);
        write_const_expr(content, segment.offset);
      } else {
        content.u32(2);
        content.u32(segment.memory);
        write_const_expr(content, segment.offset);
      }
      content.u32(size32(segment.bytes.size()));
      content.bytes(segment.bytes);
    }
    section(kDataSection, content);
  }

  void write_names() {
    const Names& names = module_.names;
    if (names.module.empty() && names.functions.empty() && names.locals.empty()) return;
    ByteWriter content;
    content.name("name");
    ByteWriter subsection;
    auto flush = [&](NameSubsection id) {
      content.u8(id);
      content.u32(size32(subsection.size()));
      content.bytes(subsection.bytes());
      subsection.bytes().clear();
    };
    if (!names.module.empty()) {
      subsection.name(names.module);
      flush(kModuleName);
    }
    if (!names.functions.empty()) {
      write_name_map(subsection, names.functions);
      flush(kFunctionNames);
    }
    if (!names.locals.empty()) {
      subsection.u32(size32(names.locals.size()));
      for (const auto& [function, locals] : names.locals) {
        subsection.u32(function);
        write_name_map(subsection, locals);
      }
      flush(kLocalNames);
    }
    section(kCustomSection, content);
  }

  const Module& module_;
  ByteWriter out_;
};

}  // namespace

std::vector<uint8_t> write_module(const Module& module) { return ModuleWriter(module).write(); }

}  // namespace kiln
