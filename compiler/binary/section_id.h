// The binary format's section ids, shared by the decoder, the writer, the validator and tools.
#pragma once

#include <cstdint>

namespace kiln {

enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};

// "type", "import", … "datacount"; "unknown" past the last id.
inline const char* section_name(uint8_t id) {
  static const char* const kNames[] = {"custom", "type",  "import",  "function", "table", "memory",   "global",
                                       "export", "start", "element", "code",     "data",  "datacount"};
  return id < sizeof kNames / sizeof kNames[0] ? kNames[id] : "unknown";
}

}  // namespace kiln
