// Appends the binary format's primitive encodings to a byte buffer: LEB128 integers, IEEE
// floats, names and length-prefixed vectors. Used by the module writer and the text parser.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace kiln {

class ByteWriter {
 public:
  std::vector<uint8_t>& bytes() { return bytes_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }

  void u8(uint8_t value) { bytes_.push_back(value); }

  void u32(uint32_t value) { u64(value); }
  void u64(uint64_t value) {
    do {
      uint8_t byte = value & 0x7F;
      value >>= 7;
      if (value != 0) byte |= 0x80;
      bytes_.push_back(byte);
    } while (value != 0);
  }

  void s32(int32_t value) { s64(value); }
  void s64(int64_t value) {
    while (true) {
      uint8_t byte = value & 0x7F;
      value >>= 7;  // arithmetic shift keeps the sign
      bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
      if (!done) byte |= 0x80;
      bytes_.push_back(byte);
      if (done) return;
    }
  }

  void f32_bits(uint32_t bits) { raw(&bits, 4); }
  void f64_bits(uint64_t bits) { raw(&bits, 8); }

  void bytes(std::span<const uint8_t> data) { bytes_.insert(bytes_.end(), data.begin(), data.end()); }
  void name(std::string_view text) {
    u32(static_cast<uint32_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
  }

 private:
  void raw(const void* data, size_t size) {
    const auto* p = static_cast<const uint8_t*>(data);  // little-endian host, as the format
    bytes_.insert(bytes_.end(), p, p + size);
  }

  std::vector<uint8_t> bytes_;
};

}  // namespace kiln
