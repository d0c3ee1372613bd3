// The module model to bytes and back, for AOT shared objects. Reading checks every length and
// enum, and the indices instantiation relies on, so that a damaged blob is an error, not a crash.
#include "kiln/module_serialization.h"

#include "serial_bytes.h"

namespace kiln {
namespace {

using detail::SerialReader;
using detail::SerialWriter;

// Bumped whenever the layout below changes.
constexpr uint32_t kFormatVersion = 1;

void write_limits(SerialWriter& out, const Limits& limits) {
  out.u64(limits.min);
  out.u8(limits.max.has_value());
  out.u64(limits.max.value_or(0));
}

void write_types(SerialWriter& out, const std::vector<ValType>& types) {
  out.u32(uint32_t(types.size()));
  for (ValType type : types) out.u8(uint8_t(type));
}

void write_const_expr(SerialWriter& out, const ConstExpr& expr) {
  out.u32(expr.offset);
  out.u32(uint32_t(expr.instrs.size()));
  for (const ConstInstr& instr : expr.instrs) {
    out.u8(uint8_t(instr.op));
    out.u8(uint8_t(instr.ref_type));
    out.u32(instr.index);
    out.u64(instr.bits);
    out.raw(instr.v128.bytes, sizeof instr.v128.bytes);
  }
}

ValType read_val_type(SerialReader& in) {
  uint8_t byte = in.u8();
  std::optional<ValType> type = val_type_from_byte(byte);
  if (!type) in.fail("bad value type " + std::to_string(byte));
  return *type;
}

template <typename Enum>
Enum read_enum(SerialReader& in, uint8_t last, const char* what) {
  uint8_t byte = in.u8();
  if (byte > last) in.fail(std::string("bad ") + what + " " + std::to_string(byte));
  return Enum(byte);
}

Limits read_limits(SerialReader& in) {
  Limits limits;
  limits.min = in.u64();
  bool has_max = in.u8() != 0;
  uint64_t max = in.u64();
  if (has_max) limits.max = max;
  return limits;
}

std::vector<ValType> read_types(SerialReader& in) {
  std::vector<ValType> types(in.count());
  for (ValType& type : types) type = read_val_type(in);
  return types;
}

ConstExpr read_const_expr(SerialReader& in) {
  ConstExpr expr;
  expr.offset = in.u32();
  expr.instrs.resize(in.count(30));
  for (ConstInstr& instr : expr.instrs) {
    instr.op = read_enum<ConstInstr::Op>(in, uint8_t(ConstInstr::Op::Other), "constant instruction");
    instr.ref_type = read_val_type(in);
    instr.index = in.u32();
    instr.bits = in.u64();
    for (uint8_t& byte : instr.v128.bytes) byte = in.u8();
  }
  return expr;
}

std::optional<uint32_t> read_optional(SerialReader& in) {
  bool present = in.u8() != 0;
  uint32_t value = in.u32();
  return present ? std::optional<uint32_t>(value) : std::nullopt;
}

// The indices the runtime follows without checking again, as the validator would have.
void check_consistency(const Module& module, SerialReader& in) {
  for (uint32_t type_index : module.functions)
    if (type_index >= module.types.size()) in.fail("a function's type index is out of range");
  if (module.num_imported_functions > module.functions.size() || module.num_imported_tables > module.tables.size() ||
      module.num_imported_memories > module.memories.size() || module.num_imported_globals > module.globals.size())
    in.fail("more imports than entities");
  if (module.bodies.size() != module.num_defined_functions() ||
      module.global_inits.size() != module.globals.size() - module.num_imported_globals)
    in.fail("bodies or global initializers do not match the index spaces");
  auto space = [&](ExternKind kind) -> size_t {
    switch (kind) {
      case ExternKind::Func: return module.functions.size();
      case ExternKind::Table: return module.tables.size();
      case ExternKind::Memory: return module.memories.size();
      case ExternKind::Global: return module.globals.size();
    }
    return 0;
  };
  for (const Import& import : module.imports)
    if (import.index >= space(import.kind)) in.fail("an import's index is out of range");
  for (const Export& exported : module.exports)
    if (exported.index >= space(exported.kind)) in.fail("an export's index is out of range");
  if (module.start && *module.start >= module.functions.size()) in.fail("the start function is out of range");
  auto check_expr = [&](const ConstExpr& expr) {
    for (const ConstInstr& instr : expr.instrs) {
      if ((instr.op == ConstInstr::Op::GlobalGet && instr.index >= module.globals.size()) ||
          (instr.op == ConstInstr::Op::RefFunc && instr.index >= module.functions.size()))
        in.fail("a constant expression's index is out of range");
    }
  };
  for (const ConstExpr& init : module.global_inits) check_expr(init);
  for (const ElemSegment& segment : module.elements) {
    if (segment.mode == SegmentMode::Active && segment.table >= module.tables.size())
      in.fail("an element segment's table is out of range");
    check_expr(segment.offset);
    for (const ConstExpr& item : segment.items) check_expr(item);
  }
  for (const DataSegment& segment : module.data) {
    if (segment.mode == SegmentMode::Active && segment.memory >= module.memories.size())
      in.fail("a data segment's memory is out of range");
    check_expr(segment.offset);
  }
}

}  // namespace

std::vector<uint8_t> serialize_module(const Module& module) {
  SerialWriter out;
  out.u32(kFormatVersion);
  out.u32(uint32_t(module.types.size()));
  for (const FuncType& type : module.types) {
    write_types(out, type.params);
    write_types(out, type.results);
  }
  out.u32(uint32_t(module.functions.size()));
  for (uint32_t type_index : module.functions) out.u32(type_index);
  out.u32(uint32_t(module.tables.size()));
  for (const TableType& table : module.tables) {
    out.u8(uint8_t(table.element));
    write_limits(out, table.limits);
  }
  out.u32(uint32_t(module.memories.size()));
  for (const MemoryType& memory : module.memories) {
    write_limits(out, memory.limits);
    out.u8(memory.shared);
  }
  out.u32(uint32_t(module.globals.size()));
  for (const GlobalType& global : module.globals) {
    out.u8(uint8_t(global.type));
    out.u8(global.is_mutable);
  }
  out.u32(module.num_imported_functions);
  out.u32(module.num_imported_tables);
  out.u32(module.num_imported_memories);
  out.u32(module.num_imported_globals);
  out.u32(uint32_t(module.imports.size()));
  for (const Import& import : module.imports) {
    out.string(import.module);
    out.string(import.name);
    out.u8(uint8_t(import.kind));
    out.u32(import.index);
  }
  out.u32(uint32_t(module.exports.size()));
  for (const Export& exported : module.exports) {
    out.string(exported.name);
    out.u8(uint8_t(exported.kind));
    out.u32(exported.index);
  }
  out.u32(uint32_t(module.global_inits.size()));
  for (const ConstExpr& init : module.global_inits) write_const_expr(out, init);
  out.u32(uint32_t(module.bodies.size()));
  for (const FunctionBody& body : module.bodies) out.u32(body.code_offset);
  out.u32(uint32_t(module.elements.size()));
  for (const ElemSegment& segment : module.elements) {
    out.u8(uint8_t(segment.mode));
    out.u32(segment.table);
    write_const_expr(out, segment.offset);
    out.u8(uint8_t(segment.type));
    out.u32(uint32_t(segment.items.size()));
    for (const ConstExpr& item : segment.items) write_const_expr(out, item);
  }
  out.u32(uint32_t(module.data.size()));
  for (const DataSegment& segment : module.data) {
    out.u8(uint8_t(segment.mode));
    out.u32(segment.memory);
    write_const_expr(out, segment.offset);
    out.bytes(segment.bytes);
  }
  out.u8(module.start.has_value());
  out.u32(module.start.value_or(0));
  out.u8(module.data_count.has_value());
  out.u32(module.data_count.value_or(0));
  out.string(module.names.module);
  out.u32(uint32_t(module.names.functions.size()));
  for (const auto& [index, name] : module.names.functions) {
    out.u32(index);
    out.string(name);
  }
  out.u32(uint32_t(module.names.locals.size()));
  for (const auto& [function, locals] : module.names.locals) {
    out.u32(function);
    out.u32(uint32_t(locals.size()));
    for (const auto& [index, name] : locals) {
      out.u32(index);
      out.string(name);
    }
  }
  return std::move(out.result());
}

Module deserialize_module(std::span<const uint8_t> bytes) {
  SerialReader in(bytes, "module metadata");
  uint32_t version = in.u32();
  if (version != kFormatVersion)
    in.fail("format version " + std::to_string(version) + ", expected " + std::to_string(kFormatVersion));
  Module module;
  module.types.resize(in.count(8));
  for (FuncType& type : module.types) {
    type.params = read_types(in);
    type.results = read_types(in);
  }
  module.functions.resize(in.count(4));
  for (uint32_t& type_index : module.functions) type_index = in.u32();
  module.tables.resize(in.count(18));
  for (TableType& table : module.tables) {
    table.element = read_val_type(in);
    table.limits = read_limits(in);
  }
  module.memories.resize(in.count(18));
  for (MemoryType& memory : module.memories) {
    memory.limits = read_limits(in);
    memory.shared = in.u8() != 0;
  }
  module.globals.resize(in.count(2));
  for (GlobalType& global : module.globals) {
    global.type = read_val_type(in);
    global.is_mutable = in.u8() != 0;
  }
  module.num_imported_functions = in.u32();
  module.num_imported_tables = in.u32();
  module.num_imported_memories = in.u32();
  module.num_imported_globals = in.u32();
  module.imports.resize(in.count(21));
  for (Import& import : module.imports) {
    import.module = in.string();
    import.name = in.string();
    import.kind = read_enum<ExternKind>(in, uint8_t(ExternKind::Global), "import kind");
    import.index = in.u32();
  }
  module.exports.resize(in.count(13));
  for (Export& exported : module.exports) {
    exported.name = in.string();
    exported.kind = read_enum<ExternKind>(in, uint8_t(ExternKind::Global), "export kind");
    exported.index = in.u32();
  }
  module.global_inits.resize(in.count(8));
  for (ConstExpr& init : module.global_inits) init = read_const_expr(in);
  module.bodies.resize(in.count(4));
  for (FunctionBody& body : module.bodies) body.code_offset = in.u32();
  module.elements.resize(in.count(18));
  for (ElemSegment& segment : module.elements) {
    segment.mode = read_enum<SegmentMode>(in, uint8_t(SegmentMode::Declarative), "segment mode");
    segment.table = in.u32();
    segment.offset = read_const_expr(in);
    segment.type = read_val_type(in);
    segment.items.resize(in.count(8));
    for (ConstExpr& item : segment.items) item = read_const_expr(in);
  }
  module.data.resize(in.count(21));
  for (DataSegment& segment : module.data) {
    segment.mode = read_enum<SegmentMode>(in, uint8_t(SegmentMode::Passive), "segment mode");
    segment.memory = in.u32();
    segment.offset = read_const_expr(in);
    std::span<const uint8_t> data = in.bytes();
    segment.bytes.assign(data.begin(), data.end());
  }
  module.start = read_optional(in);
  module.data_count = read_optional(in);
  module.names.module = in.string();
  for (uint32_t n = in.count(12); n > 0; --n) {
    uint32_t index = in.u32();
    module.names.functions[index] = in.string();
  }
  for (uint32_t n = in.count(8); n > 0; --n) {
    std::map<uint32_t, std::string>& locals = module.names.locals[in.u32()];
    for (uint32_t m = in.count(12); m > 0; --m) {
      uint32_t index = in.u32();
      locals[index] = in.string();
    }
  }
  if (!in.at_end()) in.fail("trailing bytes");
  check_consistency(module, in);
  return module;
}

}  // namespace kiln
