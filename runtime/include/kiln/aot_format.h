// What an AOT shared object carries besides its code: a header (magic, ABI version, target,
// CPU features, code options), the serialized module model and named extra blobs, all in one
// byte array exported under kMetadataSymbol (its length under kMetadataSizeSymbol).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kiln/abi.h"
#include "kiln/compiled_code.h"

namespace kiln::aot {

inline constexpr const char* kMetadataSymbol = "kiln_aot_metadata";
inline constexpr const char* kMetadataSizeSymbol = "kiln_aot_metadata_size";
// Bumped whenever the layout of the metadata changes.
constexpr uint32_t kFormatVersion = 2;
// The extra blob holding the code's CodeMap (code_map.h), for trap locations and backtraces.
inline constexpr const char* kCodeMapBlob = "code-map";

struct Header {
  uint32_t abi_version = abi::kAbiVersion;
  std::string kiln_version;
  std::string triple;                     // LLVM's target triple of the code
  std::string cpu;                        // the CPU the code was tuned for
  std::vector<std::string> cpu_features;  // every feature the code assumes, from detectable_cpu_features()
  BoundsChecks bounds_checks = BoundsChecks::Guard;
  uint64_t guard_bytes = 0;
  uint32_t opt_level = 2;
  bool interruptible = false;  // CompiledCode::interruptible
  bool consumes_fuel = false;  // CompiledCode::consumes_fuel
};

struct Metadata {
  Header header;
  std::vector<uint8_t> module;  // serialize_module()
  // Named, opaque additions (e.g. a PC → wasm offset map); readers skip names they do not know.
  std::vector<std::pair<std::string, std::vector<uint8_t>>> extra_blobs;
};

// Magic, format and ABI versions, then the rest with a checksum over it.
std::vector<uint8_t> write_metadata(const Metadata& metadata);

// Throws kiln::Error(Malformed) with a clear message when the bytes are not metadata of this
// format, were made for another ABI version, or fail their checksum.
Metadata read_metadata(std::span<const uint8_t> bytes);

}  // namespace kiln::aot
