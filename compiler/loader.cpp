// File loading for the tools: binary or text, then validation.
#include "kiln/loader.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string_view>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorKind::Io, "cannot read '" + path + "'");
  return bytes;
}

bool looks_binary(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Module load_module(const std::vector<uint8_t>& bytes, CompileStats* stats) {
  auto start = std::chrono::steady_clock::now();
  CompileStats ignored;
  if (stats == nullptr) stats = &ignored;
  if (looks_binary(bytes)) {
    Module module = decode_module(bytes);
    stats->decode += seconds_since(start);
    start = std::chrono::steady_clock::now();
    validate_module(module);
    stats->validate += seconds_since(start);
    return module;
  }
  TextSourceMap map;
  Module module = parse_wat(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), &map);
  stats->decode += seconds_since(start);  // parsing text stands in for decoding
  try {
    start = std::chrono::steady_clock::now();
    validate_module(module, map.entities);
    stats->validate += seconds_since(start);
  } catch (const Error& error) {
    // A text module's offsets are synthetic: the line and column they stand for are what users need.
    throw Error(error.kind(), error.message(), map.locate(error.offset()));
  }
  return module;
}

Module load_module_file(const std::string& path, CompileStats* stats) { return load_module(read_file(path), stats); }

}  // namespace kiln
