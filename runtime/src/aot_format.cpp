// Writing and checking the metadata of AOT shared objects. The fixed prefix (magic, format and
// ABI versions) is read first, so that a file from another kiln says so rather than "corrupted".
#include "kiln/aot_format.h"

#include <cstring>

#include "serial_bytes.h"

namespace kiln::aot {
namespace {

using detail::SerialReader;
using detail::SerialWriter;

constexpr char kMagic[8] = {'K', 'I', 'L', 'N', 'A', 'O', 'T', '1'};

// FNV-1a: enough to tell damaged bytes from intact ones; this is not a signature.
uint64_t checksum(std::span<const uint8_t> bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint8_t byte : bytes) hash = (hash ^ byte) * 0x100000001b3ull;
  return hash;
}

}  // namespace

std::vector<uint8_t> write_metadata(const Metadata& metadata) {
  SerialWriter body;
  const Header& header = metadata.header;
  body.string(header.kiln_version);
  body.string(header.triple);
  body.string(header.cpu);
  body.u32(uint32_t(header.cpu_features.size()));
  for (const std::string& feature : header.cpu_features) body.string(feature);
  body.u8(uint8_t(header.bounds_checks));
  body.u64(header.guard_bytes);
  body.u32(header.opt_level);
  body.u8(header.interruptible);
  body.u8(header.consumes_fuel);
  body.bytes(metadata.module);
  body.u32(uint32_t(metadata.extra_blobs.size()));
  for (const auto& [name, bytes] : metadata.extra_blobs) {
    body.string(name);
    body.bytes(bytes);
  }
  SerialWriter out;
  out.raw(kMagic, sizeof kMagic);
  out.u32(kFormatVersion);
  out.u32(header.abi_version);
  out.bytes(body.result());
  out.u64(checksum(body.result()));
  return std::move(out.result());
}

Metadata read_metadata(std::span<const uint8_t> bytes) {
  SerialReader in(bytes, "kiln metadata");
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    in.fail("not a kiln shared object (no kiln header)");
  in.skip(sizeof kMagic);
  uint32_t format = in.u32();
  if (format != kFormatVersion)
    in.fail("metadata format " + std::to_string(format) + ", this kiln reads format " + std::to_string(kFormatVersion));
  Metadata metadata;
  Header& header = metadata.header;
  header.abi_version = in.u32();
  if (header.abi_version != abi::kAbiVersion)
    in.fail("compiled for kiln ABI version " + std::to_string(header.abi_version) + ", this runtime has ABI version " +
            std::to_string(abi::kAbiVersion) + "; compile it again");
  std::span<const uint8_t> body_bytes = in.bytes();
  if (in.u64() != checksum(body_bytes)) in.fail("checksum mismatch: the file is corrupted");
  SerialReader body(body_bytes, "kiln metadata");
  header.kiln_version = body.string();
  header.triple = body.string();
  header.cpu = body.string();
  header.cpu_features.resize(body.count(8));
  for (std::string& feature : header.cpu_features) feature = body.string();
  uint8_t bounds = body.u8();
  if (bounds > uint8_t(BoundsChecks::Explicit)) body.fail("bad bounds-check mode");
  header.bounds_checks = BoundsChecks(bounds);
  header.guard_bytes = body.u64();
  header.opt_level = body.u32();
  header.interruptible = body.u8() != 0;
  header.consumes_fuel = body.u8() != 0;
  std::span<const uint8_t> module = body.bytes();
  metadata.module.assign(module.begin(), module.end());
  metadata.extra_blobs.resize(body.count(16));
  for (auto& [name, blob] : metadata.extra_blobs) {
    name = body.string();
    std::span<const uint8_t> data = body.bytes();
    blob.assign(data.begin(), data.end());
  }
  if (!body.at_end()) body.fail("trailing bytes");
  return metadata;
}

}  // namespace kiln::aot
