// The module model's byte form (what AOT shared objects carry) gives back the same module for
// every valid module of the 2.0 spec suite, and damaged bytes are errors, never crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiln/aot_format.h"
#include "kiln/error.h"
#include "kiln/loader.h"
#include "kiln/module_serialization.h"
#include "kiln/validator.h"
#include "module_equality.h"
#include "read_text.h"
#include "text/wast.h"

namespace kiln {
namespace {

using test::read_text;

// What the byte form keeps of a module: everything but the bodies' locals and code.
Module without_code(Module module) {
  for (FunctionBody& body : module.bodies) {
    FunctionBody kept;
    kept.code_offset = body.code_offset;
    body = kept;
  }
  return module;
}

const char kModule[] = R"((module
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $f (type $t)))
  (import "env" "m" (memory 1 2))
  (global $g (mut i64) (i64.const -7))
  (table $tab 3 funcref)
  (func $id (export "id") (type $t) (local.get 0))
  (elem (table $tab) (i32.const 1) func $id $f)
  (data (i32.const 8) "hello")
  (data "passive")
  (export "g" (global $g)))
)";

TEST(ModuleSerialization, RoundTripsASmallModule) {
  Module module = load_module(std::vector<uint8_t>(std::begin(kModule), std::end(kModule) - 1));
  Module back = deserialize_module(serialize_module(module));
  expect_same_module(without_code(module), back);
  EXPECT_EQ(back.function_name(1), "id");
}

TEST(ModuleSerialization, EveryPrefixIsRefused) {
  Module module = load_module(std::vector<uint8_t>(std::begin(kModule), std::end(kModule) - 1));
  std::vector<uint8_t> bytes = serialize_module(module);
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_THROW(deserialize_module({bytes.data(), size}), Error) << "prefix of " << size << " bytes";
  }
}

TEST(ModuleSerialization, HugeCountsAreRefusedWithoutAllocating) {
  std::vector<uint8_t> bytes = {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};  // version 1, 4 billion types
  try {
    deserialize_module(bytes);
    FAIL() << "accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("too large"), std::string::npos) << error.what();
  }
}

TEST(AotMetadata, EveryDamagedByteIsRefused) {
  aot::Metadata metadata;
  metadata.header.kiln_version = "0.1";
  metadata.header.triple = "x86_64-pc-linux-gnu";
  metadata.header.cpu_features = {"avx2", "bmi2"};
  metadata.module = serialize_module(Module{});
  metadata.extra_blobs.push_back({"pc-map", {1, 2, 3}});
  std::vector<uint8_t> bytes = aot::write_metadata(metadata);
  aot::Metadata back = aot::read_metadata(bytes);
  EXPECT_EQ(back.header.cpu_features, metadata.header.cpu_features);
  EXPECT_EQ(back.extra_blobs, metadata.extra_blobs);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> damaged = bytes;
    damaged[i] ^= 0x20;
    EXPECT_THROW(aot::read_metadata(damaged), Error) << "byte " << i;
  }
}

TEST(AotMetadata, AnotherAbiVersionIsNamed) {
  aot::Metadata metadata;
  metadata.header.abi_version = abi::kAbiVersion + 1;
  try {
    aot::read_metadata(aot::write_metadata(metadata));
    FAIL() << "accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("ABI version " + std::to_string(abi::kAbiVersion + 1)), std::string::npos)
        << error.what();
  }
}

TEST(ModuleSerialization, EveryValidModuleOfCore20) {
  std::filesystem::path suite = std::filesystem::path(KILN_TESTSUITE_DIR) / "core-2.0";
  if (!std::filesystem::exists(suite)) GTEST_SKIP() << "spec tests not found at " << suite;
  size_t round_tripped = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(suite)) {
    if (entry.path().extension() != ".wast") continue;
    // The commands refer to the script's text, which must outlive them (a temporary in the
    // range-for would be freed before the loop's body runs).
    std::string script = read_text(entry.path());
    for (const text::WastCommand& command : text::parse_wast(script)) {
      if (!command.module || command.kind != text::WastCommand::Kind::Module) continue;
      SCOPED_TRACE(entry.path().filename().string() + ":" + std::to_string(command.location.line));
      Module original;
      try {
        original = text::read_wast_module(*command.module);
        validate_module(original);
      } catch (const Error&) {
        continue;
      }
      Module back = deserialize_module(serialize_module(original));
      expect_same_module(without_code(original), back);
      ++round_tripped;
    }
  }
  EXPECT_GT(round_tripped, 1000u);  // a floor against silently skipping modules
}

}  // namespace
}  // namespace kiln
