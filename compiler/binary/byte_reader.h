// A bounds-checked cursor over bytes with the binary format's primitive encodings: LEB128
// integers with the spec's length and range limits, IEEE floats, names, and vector counts.
// Every failure throws kiln::Error(Malformed) with the absolute byte offset.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "kiln/error.h"

namespace kiln {

class ByteReader {
 public:
  // `base` is the absolute offset of data[0] in the module, so errors name module offsets.
  explicit ByteReader(std::span<const uint8_t> data, uint64_t base = 0) : data_(data), base_(base) {}

  size_t position() const { return pos_; }
  uint64_t offset() const { return base_ + pos_; }  // absolute offset of the next byte
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  std::span<const uint8_t> data() const { return data_; }

  [[noreturn]] void fail(const std::string& message) const { fail_at(offset(), message); }
  [[noreturn]] static void fail_at(uint64_t offset, const std::string& message) {
    throw Error(ErrorKind::Malformed, message, offset);
  }

  uint8_t u8() {
    if (pos_ >= data_.size()) fail("unexpected end");
    return data_[pos_++];
  }
  uint8_t peek_u8() const {
    if (pos_ >= data_.size()) fail("unexpected end");
    return data_[pos_];
  }

  uint32_t u32() { return static_cast<uint32_t>(read_unsigned(32)); }
  uint64_t u64() { return read_unsigned(64); }
  int32_t s32() { return static_cast<int32_t>(read_signed(32)); }
  int64_t s33() { return read_signed(33); }
  int64_t s64() { return read_signed(64); }

  uint32_t f32_bits() {
    uint32_t bits;
    std::memcpy(&bits, take(4).data(), 4);
    return bits;
  }
  uint64_t f64_bits() {
    uint64_t bits;
    std::memcpy(&bits, take(8).data(), 8);
    return bits;
  }

  std::span<const uint8_t> take(size_t size) {
    if (size > remaining()) fail("unexpected end");
    auto bytes = data_.subspan(pos_, size);
    pos_ += size;
    return bytes;
  }

  void skip(size_t size) { take(size); }

  // A vector length. Every element takes at least `min_element_size` bytes, so a count larger
  // than the bytes left is malformed and is rejected before anything is allocated for it.
  uint32_t count(size_t min_element_size = 1) {
    uint64_t at = offset();
    uint32_t n = u32();
    if (min_element_size != 0 && n > remaining() / min_element_size) fail_at(at, "length out of bounds");
    return n;
  }

  // A name: a length-prefixed, well-formed UTF-8 string.
  std::string name();

 private:
  uint64_t read_unsigned(unsigned bits);
  int64_t read_signed(unsigned bits);

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
};

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace kiln
