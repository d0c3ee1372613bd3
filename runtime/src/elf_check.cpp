// ELF header checks for the loader of AOT shared objects (elf_check.h).
#include "elf_check.h"

#include <elf.h>

#include <cstring>

#include "kiln/error.h"

namespace kiln::detail {
namespace {

#if defined(__x86_64__)
constexpr uint16_t kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t kHostMachine = EM_AARCH64;
#else
constexpr uint16_t kHostMachine = EM_NONE;
#endif

bool fits(uint64_t offset, uint64_t size, uint64_t file_size) {
  return offset <= file_size && size <= file_size - offset;
}

}  // namespace

void check_elf_shared_object(std::span<const uint8_t> bytes, const std::string& path) {
  auto fail = [&](const std::string& why) { throw Error(ErrorKind::Malformed, path + ": " + why); };
  Elf64_Ehdr header;
  if (bytes.size() < sizeof header || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) fail("not an ELF shared object");
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB || header.e_type != ET_DYN)
    fail("not a 64-bit little-endian ELF shared object");
  if (header.e_machine != kHostMachine) fail("compiled for another machine architecture");
  if (header.e_phentsize != sizeof(Elf64_Phdr) ||
      !fits(header.e_phoff, uint64_t(header.e_phnum) * sizeof(Elf64_Phdr), bytes.size()))
    fail("truncated or corrupted (program headers)");
  if (header.e_shnum != 0 && (header.e_shentsize != sizeof(Elf64_Shdr) ||
                              !fits(header.e_shoff, uint64_t(header.e_shnum) * sizeof(Elf64_Shdr), bytes.size())))
    fail("truncated or corrupted (section headers)");
  for (uint16_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment, bytes.data() + header.e_phoff + i * sizeof(Elf64_Phdr), sizeof segment);
    if (segment.p_type != PT_NULL && !fits(segment.p_offset, segment.p_filesz, bytes.size()))
      fail("truncated or corrupted (segment " + std::to_string(i) + " lies past the end of the file)");
  }
}

}  // namespace kiln::detail
