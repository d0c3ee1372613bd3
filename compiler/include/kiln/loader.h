// Reading a module file as users give it: binary `.wasm` or text `.wat`, decoded and validated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/compile_stats.h"
#include "kiln/module.h"

namespace kiln {

// Reads a whole file; throws Error(Io) naming the path when it cannot.
std::vector<uint8_t> read_file(const std::string& path);

// True when the bytes start with the binary magic `\0asm`; anything else is taken as text.
bool looks_binary(const std::vector<uint8_t>& bytes);

// Decodes (or parses) and validates; with `stats`, records how long each took. Throws kiln::Error.
Module load_module(const std::vector<uint8_t>& bytes, CompileStats* stats = nullptr);
Module load_module_file(const std::string& path, CompileStats* stats = nullptr);

}  // namespace kiln
