// The build ID note (NT_GNU_BUILD_ID) of the loaded object that holds this function, found through
// the program headers the dynamic loader reports.
#include "aot/build_identity.h"

#include <elf.h>
#include <link.h>

#include <cstdint>
#include <cstring>

namespace kiln {
namespace {

struct Search {
  uintptr_t address;  // an address inside the object looked for
  std::string id;
};

// The hex of the build ID note among the notes of [begin, end), or "".
std::string build_id_in_notes(const uint8_t* begin, const uint8_t* end) {
  auto align4 = [](size_t size) { return (size + 3) & ~size_t{3}; };
  while (begin + sizeof(ElfW(Nhdr)) <= end) {
    ElfW(Nhdr) note;
    std::memcpy(&note, begin, sizeof note);
    const uint8_t* name = begin + sizeof note;
    const uint8_t* desc = name + align4(note.n_namesz);
    if (desc + note.n_descsz > end) break;
    if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
      static const char kHex[] = "0123456789abcdef";
      std::string id;
      for (uint32_t i = 0; i < note.n_descsz; ++i) {
        id += kHex[desc[i] >> 4];
        id += kHex[desc[i] & 15];
      }
      return id;
    }
    begin = desc + align4(note.n_descsz);
  }
  return "";
}

int visit_object(dl_phdr_info* info, size_t, void* data) {
  auto& search = *static_cast<Search*>(data);
  bool contains = false;
  for (int i = 0; i < info->dlpi_phnum && !contains; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + header.p_vaddr;
    contains = header.p_type == PT_LOAD && search.address >= start && search.address < start + header.p_memsz;
  }
  if (!contains) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    if (header.p_type != PT_NOTE) continue;
    const auto* notes = reinterpret_cast<const uint8_t*>(info->dlpi_addr + header.p_vaddr);
    search.id = build_id_in_notes(notes, notes + header.p_memsz);
    if (!search.id.empty()) break;
  }
  return 1;  // found the object: stop
}

}  // namespace

const std::string& compiler_build_id() {
  static const std::string id = [] {
    Search search{reinterpret_cast<uintptr_t>(&compiler_build_id), ""};
    dl_iterate_phdr(visit_object, &search);
    return search.id;
  }();
  return id;
}

}  // namespace kiln
