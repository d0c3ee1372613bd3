// The code section: each function body's local declarations and instruction bytes. Every
// instruction is decoded here once, so a malformed encoding is rejected before validation.
#include <cstdint>

#include "binary/section_decoders.h"

namespace kiln {
namespace {

void read_locals(ModuleReader& reader, FunctionBody& body) {
  uint64_t at = reader.offset();
  uint32_t groups = reader.length();
  // The counts are summed, never expanded, so a huge declared count costs nothing to reject.
  uint64_t total = 0;
  for (uint32_t i = 0; i < groups; ++i) {
    LocalDecl& decl = body.locals.emplace_back();
    decl.count = reader.u32();
    decl.type = reader.value_type();
    total += decl.count;
  }
  if (total > UINT32_MAX) ByteReader::fail_at(at, "too many locals");
  body.num_locals = static_cast<uint32_t>(total);
}

}  // namespace

std::optional<uint64_t> decode_code_section(ModuleReader& reader, Module& module) {
  std::optional<uint64_t> first_data_use;
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t size = reader.length();
    uint64_t start = reader.offset();
    FunctionBody& body = module.bodies.emplace_back();
    read_locals(reader, body);
    size_t code_begin = reader.position();
    body.code_offset = static_cast<uint32_t>(reader.offset());
    reader.instructions([&first_data_use](const Instr& instr) {
      if (!first_data_use && (instr.op == Op::MemoryInit || instr.op == Op::DataDrop)) first_data_use = instr.offset;
    });
    if (reader.offset() != start + size) ByteReader::fail_at(start, "section size mismatch");
    std::span<const uint8_t> code = reader.data().subspan(code_begin, reader.position() - code_begin);
    body.code.assign(code.begin(), code.end());
  }
  return first_data_use;
}

}  // namespace kiln
