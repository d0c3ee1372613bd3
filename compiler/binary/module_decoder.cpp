// Binary module decoding: the header, the sections in their required order with their sizes, and
// the checks that span sections. Each section's contents are read by section_decoders.h.
#include "kiln/decoder.h"

#include <algorithm>
#include <cstring>

#include "binary/module_reader.h"
#include "binary/name_section.h"
#include "binary/section_decoders.h"
#include "binary/section_id.h"

namespace kiln {
namespace {

constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6D};
constexpr uint8_t kVersion[] = {0x01, 0x00, 0x00, 0x00};

// Each non-custom section's rank in the required order: the data count section, the last one
// added, sits between the element and code sections.
constexpr uint8_t kSectionRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

class ModuleDecoder {
 public:
  explicit ModuleDecoder(std::span<const uint8_t> bytes) : reader_(bytes) {}

  Module decode() {
    read_header();
    try {
      while (!reader_.at_end()) read_section();
      check_section_agreement();
    } catch (const Error& error) {
      // The byte reader says "unexpected end" wherever its input runs out; past the header that
      // is always the end of a section or function, which is how the spec words it.
      if (error.message() == "unexpected end")
        throw Error(ErrorKind::Malformed, "unexpected end of section or function", error.offset());
      throw;
    }
    return std::move(module_);
  }

 private:
  void read_header() {
    if (std::memcmp(reader_.take(sizeof kMagic).data(), kMagic, sizeof kMagic) != 0)
      ByteReader::fail_at(0, "magic header not detected");
    if (std::memcmp(reader_.take(sizeof kVersion).data(), kVersion, sizeof kVersion) != 0)
      ByteReader::fail_at(sizeof kMagic, "unknown binary version");
  }

  void read_section() {
    uint64_t id_offset = reader_.offset();
    uint8_t id = reader_.u8();
    if (id > kDataCountSection) ByteReader::fail_at(id_offset, "malformed section id");
    if (id != kCustomSection) {
      if (kSectionRank[id] <= last_rank_) ByteReader::fail_at(id_offset, "unexpected content after last section");
      last_rank_ = kSectionRank[id];
    }
    uint32_t size = reader_.length();
    uint64_t start = reader_.offset();
    module_.sections.push_back({id, "", static_cast<uint32_t>(start), size});
    switch (id) {
      case kCustomSection: read_custom_section(start + size); break;
      case kTypeSection: decode_type_section(reader_, module_); break;
      case kImportSection: decode_import_section(reader_, module_); break;
      case kFunctionSection: decode_function_section(reader_, module_); break;
      case kTableSection: decode_table_section(reader_, module_); break;
      case kMemorySection: decode_memory_section(reader_, module_); break;
      case kGlobalSection: decode_global_section(reader_, module_); break;
      case kExportSection: decode_export_section(reader_, module_); break;
      case kStartSection: decode_start_section(reader_, module_); break;
      case kElementSection: decode_element_section(reader_, module_); break;
      case kCodeSection: first_data_use_ = decode_code_section(reader_, module_); break;
      case kDataSection: decode_data_section(reader_, module_); break;
      case kDataCountSection: decode_data_count_section(reader_, module_); break;
    }
    if (reader_.offset() != start + size) ByteReader::fail_at(start, "section size mismatch");
  }

  void read_custom_section(uint64_t end) {
    std::string name = reader_.utf8_name();
    if (reader_.offset() > end) ByteReader::fail_at(end, "unexpected end");
    uint64_t payload_offset = reader_.offset();
    std::span<const uint8_t> payload = reader_.take(end - payload_offset);
    // Only the first name section counts; the spec allows one.
    if (name == "name" && !has_name_section_) {
      has_name_section_ = true;
      if (std::optional<Names> names = decode_name_section(payload, payload_offset)) module_.names = std::move(*names);
    }
    module_.sections.back().name = std::move(name);
  }

  // Where to point when two sections disagree: the first one present, or else the module's end.
  uint64_t section_offset(uint8_t id, uint8_t fallback_id) const {
    for (uint8_t wanted : {id, fallback_id}) {
      auto it = std::find_if(module_.sections.begin(), module_.sections.end(),
                             [wanted](const SectionInfo& section) { return section.id == wanted; });
      if (it != module_.sections.end()) return it->offset;
    }
    return reader_.offset();
  }

  void check_section_agreement() const {
    if (module_.data_count && *module_.data_count != module_.data.size())
      ByteReader::fail_at(section_offset(kDataSection, kDataCountSection),
                          "data count and data section have inconsistent lengths");
    if (module_.bodies.size() != module_.num_defined_functions())
      ByteReader::fail_at(section_offset(kCodeSection, kFunctionSection),
                          "function and code section have inconsistent lengths");
    if (first_data_use_ && !module_.data_count) ByteReader::fail_at(*first_data_use_, "data count section required");
  }

  ModuleReader reader_;
  Module module_;
  uint8_t last_rank_ = 0;  // of the last non-custom section
  std::optional<uint64_t> first_data_use_;
  bool has_name_section_ = false;
};

}  // namespace

Module decode_module(std::span<const uint8_t> bytes) { return ModuleDecoder(bytes).decode(); }

}  // namespace kiln
