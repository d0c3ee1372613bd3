// WAT → binary → decode, and binary → write → decode, give back the same module for every
// module of the WebAssembly 2.0 spec suite that is not meant to be malformed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/writer.h"
#include "module_equality.h"
#include "read_text.h"
#include "text/wast.h"

namespace kiln {
namespace {

using test::read_text;

TEST(SpecRoundTrip, EveryModuleOfCore20) {
  std::filesystem::path suite = std::filesystem::path(KILN_TESTSUITE_DIR) / "core-2.0";
  if (!std::filesystem::exists(suite)) GTEST_SKIP() << "spec tests not found at " << suite;

  size_t round_tripped = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(suite)) {
    if (entry.path().extension() != ".wast") continue;
    std::string source = read_text(entry.path());
    for (const text::WastCommand& command : text::parse_wast(source)) {
      if (!command.module || command.kind == text::WastCommand::Kind::AssertMalformed) continue;
      SCOPED_TRACE(entry.path().filename().string() + ":" + std::to_string(command.location.line));
      Module original;
      std::vector<uint8_t> bytes;
      try {
        original = text::read_wast_module(*command.module);
        bytes = write_module(original);
      } catch (const Error& error) {
        // Only an invalid module may be refused here: the text parser and the writer reject
        // constant expressions that the model cannot hold.
        EXPECT_EQ(command.kind, text::WastCommand::Kind::AssertInvalid) << error.what();
        continue;
      }
      expect_same_module(original, decode_module(bytes));
      ++round_tripped;
    }
  }
  EXPECT_GT(round_tripped, 3800u);  // 3845 at wg-2.0: a floor against silently skipping modules
}

}  // namespace
}  // namespace kiln
