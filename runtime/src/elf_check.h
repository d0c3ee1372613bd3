// A look at a shared object's ELF headers before the dynamic linker maps it: the dynamic linker
// trusts them, and a truncated file would fault inside it instead of failing.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace kiln::detail {

// Throws kiln::Error(Malformed), prefixed with `path`, unless `bytes` are a 64-bit little-endian
// ELF shared object for this machine whose program and section headers and segments all lie
// within the file.
void check_elf_shared_object(std::span<const uint8_t> bytes, const std::string& path);

}  // namespace kiln::detail
