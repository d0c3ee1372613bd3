// The whole of a text file (a spec .wast script), for the unit tests that walk the spec suite.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kiln::test {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace kiln::test
