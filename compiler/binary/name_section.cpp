// Decoding of the name section's module, function and local subsections.
#include "binary/name_section.h"

#include <map>
#include <string>

#include "binary/byte_reader.h"

namespace kiln {
namespace {

enum NameSubsection : uint8_t { kModuleName = 0, kFunctionNames = 1, kLocalNames = 2 };

// A name map lists its indices in increasing order, each once.
void read_name_map(ByteReader& reader, std::map<uint32_t, std::string>& names) {
  uint32_t count = reader.count(2);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = reader.offset();
    uint32_t index = reader.u32();
    if (!names.empty() && index <= names.rbegin()->first) ByteReader::fail_at(at, "name map out of order");
    names.emplace_hint(names.end(), index, reader.name());
  }
}

void read_indirect_name_map(ByteReader& reader, std::map<uint32_t, std::map<uint32_t, std::string>>& names) {
  uint32_t count = reader.count(2);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = reader.offset();
    uint32_t index = reader.u32();
    if (!names.empty() && index <= names.rbegin()->first) ByteReader::fail_at(at, "name map out of order");
    read_name_map(reader, names.emplace_hint(names.end(), index, std::map<uint32_t, std::string>{})->second);
  }
}

}  // namespace

std::optional<Names> decode_name_section(std::span<const uint8_t> payload, uint64_t base) {
  Names names;
  try {
    ByteReader reader(payload, base);
    int previous_id = -1;
    while (!reader.at_end()) {
      uint8_t id = reader.u8();
      uint32_t size = reader.count(1);
      uint64_t subsection_offset = reader.offset();
      ByteReader subsection(reader.take(size), subsection_offset);
      // Subsections come in order of their ids, each at most once.
      if (id <= previous_id) return std::nullopt;
      previous_id = id;
      switch (id) {
        case kModuleName: names.module = subsection.name(); break;
        case kFunctionNames: read_name_map(subsection, names.functions); break;
        case kLocalNames: read_indirect_name_map(subsection, names.locals); break;
        default: continue;  // later proposals' subsections (labels, types, ...) carry nothing we keep
      }
      if (!subsection.at_end()) return std::nullopt;
    }
  } catch (const Error&) {
    return std::nullopt;
  }
  return names;
}

}  // namespace kiln
