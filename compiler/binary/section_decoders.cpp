// The sections that declare a module's types, imports, entities, exports and start function, and
// the data count section.
#include "binary/section_decoders.h"

namespace kiln {
namespace {

constexpr uint8_t kFuncTypeForm = 0x60;

uint32_t next_index(size_t size) { return static_cast<uint32_t>(size); }

void read_result_type(ModuleReader& reader, std::vector<ValType>& types) {
  uint32_t count = reader.length();
  types.reserve(count);
  for (uint32_t i = 0; i < count; ++i) types.push_back(reader.value_type());
}

}  // namespace

void decode_type_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = reader.offset();
    if (reader.type_byte() != kFuncTypeForm) ByteReader::fail_at(at, "malformed function type");
    FuncType type;
    read_result_type(reader, type.params);
    read_result_type(reader, type.results);
    module.types.push_back(std::move(type));
  }
}

void decode_import_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    Import import;
    import.module = reader.utf8_name();
    import.name = reader.utf8_name();
    uint64_t at = reader.offset();
    switch (reader.u8()) {
      case 0:
        import.kind = ExternKind::Func;
        import.index = next_index(module.functions.size());
        module.functions.push_back(reader.u32());
        ++module.num_imported_functions;
        break;
      case 1:
        import.kind = ExternKind::Table;
        import.index = next_index(module.tables.size());
        module.tables.push_back(reader.table_type());
        ++module.num_imported_tables;
        break;
      case 2:
        import.kind = ExternKind::Memory;
        import.index = next_index(module.memories.size());
        module.memories.push_back(reader.memory_type());
        ++module.num_imported_memories;
        break;
      case 3:
        import.kind = ExternKind::Global;
        import.index = next_index(module.globals.size());
        module.globals.push_back(reader.global_type());
        ++module.num_imported_globals;
        break;
      default: ByteReader::fail_at(at, "malformed import kind");
    }
    module.imports.push_back(std::move(import));
  }
}

void decode_function_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) module.functions.push_back(reader.u32());
}

void decode_table_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) module.tables.push_back(reader.table_type());
}

void decode_memory_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) module.memories.push_back(reader.memory_type());
}

void decode_global_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    module.globals.push_back(reader.global_type());
    module.global_inits.push_back(reader.const_expr());
  }
}

void decode_export_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    Export entry;
    entry.name = reader.utf8_name();
    uint64_t at = reader.offset();
    uint8_t kind = reader.u8();
    if (kind > static_cast<uint8_t>(ExternKind::Global)) ByteReader::fail_at(at, "malformed export kind");
    entry.kind = static_cast<ExternKind>(kind);
    entry.index = reader.u32();
    module.exports.push_back(std::move(entry));
  }
}

void decode_start_section(ModuleReader& reader, Module& module) { module.start = reader.u32(); }

void decode_data_count_section(ModuleReader& reader, Module& module) { module.data_count = reader.u32(); }

}  // namespace kiln
