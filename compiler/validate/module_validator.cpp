// Module-level validation (the spec's rules for modules): index spaces, limits, constant
// expressions, segments, the start function and exports, then every function body.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "binary/section_id.h"
#include "kiln/error.h"
#include "kiln/validator.h"
#include "validate/function_validator.h"

namespace kiln {
namespace {

// The module model keeps no offset for imports, tables, memories, start or exports, so errors
// about them point at their section (section_id.h) unless EntityOffsets has theirs.
class ModuleValidator {
 public:
  ModuleValidator(const Module& module, const EntityOffsets& entities) : module_(module), entities_(entities) {}

  // The order follows the spec's reference interpreter, so that a module breaking several rules
  // reports the same one.
  void validate() {
    check_shape();
    check_function_types();
    check_tables();
    check_memories();
    check_globals();
    check_elements();
    check_data();
    check_bodies();
    check_start();
    check_exports();
    if (module_.memories.size() > 1) fail("multiple memories", entity_offset(entities_.memories, 1, kMemorySection));
  }

 private:
  // What a decoder or parser guarantees; checked so that a model built by other means can never
  // make validation read out of bounds.
  void check_shape() const {
    if (module_.num_imported_functions > module_.functions.size() ||
        module_.bodies.size() != module_.num_defined_functions())
      fail_malformed("function and code section have inconsistent lengths");
    if (uint64_t{module_.num_imported_globals} + module_.global_inits.size() != module_.globals.size())
      fail_malformed("global section and global types have inconsistent lengths");
    if (module_.data_count && *module_.data_count != module_.data.size())
      fail_malformed("data count and data section have inconsistent lengths");
  }

  void check_function_types() const {
    for (uint32_t i = 0; i < module_.functions.size(); ++i) {
      if (module_.functions[i] >= module_.types.size()) {
        uint8_t section = i < module_.num_imported_functions ? kImportSection : kFunctionSection;
        fail_unknown("type", module_.functions[i], entity_offset(entities_.functions, i, section));
      }
    }
  }

  void check_tables() const {
    for (uint32_t i = 0; i < module_.tables.size(); ++i) {
      uint8_t section = i < module_.num_imported_tables ? kImportSection : kTableSection;
      uint64_t offset = entity_offset(entities_.tables, i, section);
      check_limits(module_.tables[i].limits, kMaxTableSize, "table size must be at most 2^32-1", offset);
    }
  }

  void check_memories() const {
    for (uint32_t i = 0; i < module_.memories.size(); ++i) {
      uint8_t section = i < module_.num_imported_memories ? kImportSection : kMemorySection;
      uint64_t offset = entity_offset(entities_.memories, i, section);
      check_limits(module_.memories[i].limits, kMaxPages32, "memory size must be at most 65536 pages (4GiB)", offset);
    }
  }

  static void check_limits(const Limits& limits, uint64_t range, const char* range_message, uint64_t offset) {
    if (limits.min > range) fail(range_message, offset);
    if (!limits.max) return;
    if (*limits.max > range) fail(range_message, offset);
    if (limits.min > *limits.max) fail("size minimum must not be greater than maximum", offset);
  }

  void check_globals() const {
    for (size_t i = 0; i < module_.global_inits.size(); ++i)
      check_const_expr(module_.global_inits[i], module_.globals[module_.num_imported_globals + i].type);
  }

  void check_elements() const {
    for (const ElemSegment& segment : module_.elements) {
      for (const ConstExpr& item : segment.items) check_const_expr(item, segment.type);
      if (segment.mode != SegmentMode::Active) continue;
      if (segment.table >= module_.tables.size()) fail_unknown("table", segment.table, segment.offset.offset);
      if (module_.tables[segment.table].element != segment.type) fail("type mismatch", segment.offset.offset);
      check_const_expr(segment.offset, ValType::I32);
    }
  }

  void check_data() const {
    for (const DataSegment& segment : module_.data) {
      if (segment.mode != SegmentMode::Active) continue;
      if (segment.memory >= module_.memories.size()) fail_unknown("memory", segment.memory, segment.offset.offset);
      check_const_expr(segment.offset, ValType::I32);
    }
  }

  // 2.0 constant expressions: exactly one constant instruction, so exactly one value.
  void check_const_expr(const ConstExpr& expr, ValType expected) const {
    ValType produced = expected;
    for (const ConstInstr& instr : expr.instrs) produced = const_instr_type(instr, expr.offset);
    if (expr.instrs.size() != 1 || produced != expected) fail("type mismatch", expr.offset);
  }

  ValType const_instr_type(const ConstInstr& instr, uint64_t offset) const {
    switch (instr.op) {
      case ConstInstr::Op::I32Const: return ValType::I32;
      case ConstInstr::Op::I64Const: return ValType::I64;
      case ConstInstr::Op::F32Const: return ValType::F32;
      case ConstInstr::Op::F64Const: return ValType::F64;
      case ConstInstr::Op::V128Const: return ValType::V128;
      case ConstInstr::Op::RefNull: return instr.ref_type;
      case ConstInstr::Op::RefFunc:
        if (instr.index >= module_.functions.size()) fail_unknown("function", instr.index, offset);
        return ValType::FuncRef;
      case ConstInstr::Op::GlobalGet:
        // Only imported globals: the module's own are not initialized yet when expressions run.
        if (instr.index >= module_.num_imported_globals) fail_unknown("global", instr.index, offset);
        if (module_.globals[instr.index].is_mutable) fail("constant expression required", offset);
        return module_.globals[instr.index].type;
      case ConstInstr::Op::Other: break;
    }
    fail("constant expression required", offset);
  }

  void check_bodies() const {
    std::vector<bool> declared_refs = collect_declared_refs();
    FunctionValidator validator(module_, declared_refs);
    for (uint32_t i = 0; i < module_.num_defined_functions(); ++i)
      validator.validate(module_.num_imported_functions + i);
  }

  // The spec's C.refs: functions that ref.func may name in a body are those referenced outside
  // function bodies (constant expressions and exports), so that engines can know every function
  // whose reference may escape before compiling any body.
  std::vector<bool> collect_declared_refs() const {
    std::vector<bool> declared(module_.functions.size());
    auto declare_in = [&](const ConstExpr& expr) {
      for (const ConstInstr& instr : expr.instrs) {
        if (instr.op == ConstInstr::Op::RefFunc && instr.index < declared.size()) declared[instr.index] = true;
      }
    };
    for (const ConstExpr& init : module_.global_inits) declare_in(init);
    for (const ElemSegment& segment : module_.elements) {
      declare_in(segment.offset);
      for (const ConstExpr& item : segment.items) declare_in(item);
    }
    for (const DataSegment& segment : module_.data) declare_in(segment.offset);
    for (const Export& entry : module_.exports) {
      if (entry.kind == ExternKind::Func && entry.index < declared.size()) declared[entry.index] = true;
    }
    return declared;
  }

  void check_start() const {
    if (!module_.start) return;
    uint64_t offset = entities_.start != Error::kNoOffset ? entities_.start : section_offset(kStartSection);
    if (*module_.start >= module_.functions.size()) fail_unknown("function", *module_.start, offset);
    const FuncType& type = module_.func_type(*module_.start);
    if (!type.params.empty() || !type.results.empty()) fail("start function", offset);
  }

  void check_exports() const {
    std::unordered_set<std::string_view> names;
    for (size_t i = 0; i < module_.exports.size(); ++i) {
      const Export& entry = module_.exports[i];
      uint64_t offset = entity_offset(entities_.exports, i, kExportSection);
      size_t count = 0;
      const char* kind_name = "";
      switch (entry.kind) {
        case ExternKind::Func:
          count = module_.functions.size();
          kind_name = "function";
          break;
        case ExternKind::Table:
          count = module_.tables.size();
          kind_name = "table";
          break;
        case ExternKind::Memory:
          count = module_.memories.size();
          kind_name = "memory";
          break;
        case ExternKind::Global:
          count = module_.globals.size();
          kind_name = "global";
          break;
      }
      if (entry.index >= count) fail_unknown(kind_name, entry.index, offset);
      if (!names.insert(entry.name).second) fail("duplicate export name", offset);
    }
  }

  uint64_t entity_offset(const std::vector<uint64_t>& offsets, size_t index, uint8_t section) const {
    return index < offsets.size() && offsets[index] != Error::kNoOffset ? offsets[index] : section_offset(section);
  }

  uint64_t section_offset(uint8_t id) const {
    for (const SectionInfo& section : module_.sections) {
      if (section.id == id) return section.offset;
    }
    return Error::kNoOffset;
  }

  [[noreturn]] static void fail(const std::string& message, uint64_t offset) {
    throw Error(ErrorKind::Invalid, message, offset);
  }
  [[noreturn]] static void fail_unknown(const char* what, uint32_t index, uint64_t offset) {
    fail(std::string("unknown ") + what + " " + std::to_string(index), offset);
  }
  [[noreturn]] static void fail_malformed(const std::string& message) { throw Error(ErrorKind::Malformed, message); }

  const Module& module_;
  const EntityOffsets& entities_;
};

}  // namespace

void validate_module(const Module& module) { validate_module(module, EntityOffsets{}); }

void validate_module(const Module& module, const EntityOffsets& offsets) {
  ModuleValidator(module, offsets).validate();
}

}  // namespace kiln
