// The decoders of the non-custom sections. Each reads one section's contents from the module
// stream into the module; module_decoder.cpp checks their order, sizes and mutual consistency.
#pragma once

#include <cstdint>
#include <optional>

#include "binary/module_reader.h"
#include "kiln/module.h"

namespace kiln {

void decode_type_section(ModuleReader& reader, Module& module);
void decode_import_section(ModuleReader& reader, Module& module);
void decode_function_section(ModuleReader& reader, Module& module);
void decode_table_section(ModuleReader& reader, Module& module);
void decode_memory_section(ModuleReader& reader, Module& module);
void decode_global_section(ModuleReader& reader, Module& module);
void decode_export_section(ModuleReader& reader, Module& module);
void decode_start_section(ModuleReader& reader, Module& module);
void decode_element_section(ModuleReader& reader, Module& module);
void decode_data_count_section(ModuleReader& reader, Module& module);
void decode_data_section(ModuleReader& reader, Module& module);

// Returns the offset of the first instruction naming a data segment (memory.init, data.drop):
// such a module needs a data count section.
std::optional<uint64_t> decode_code_section(ModuleReader& reader, Module& module);

}  // namespace kiln
