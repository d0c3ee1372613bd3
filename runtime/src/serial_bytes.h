// Little-endian writing and bounds-checked reading of the runtime's own serialized forms (the
// module model and the AOT header). A read past the end throws Error(Malformed), never crashes.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "kiln/error.h"

namespace kiln::detail {

class SerialWriter {
 public:
  void u8(uint8_t value) { bytes_.push_back(value); }
  void u32(uint32_t value) { raw(&value, 4); }
  void u64(uint64_t value) { raw(&value, 8); }
  void raw(const void* data, size_t size) {
    auto* first = static_cast<const uint8_t*>(data);
    bytes_.insert(bytes_.end(), first, first + size);
  }
  void bytes(std::span<const uint8_t> data) {
    u64(data.size());
    raw(data.data(), data.size());
  }
  void string(const std::string& text) { bytes({reinterpret_cast<const uint8_t*>(text.data()), text.size()}); }
  std::vector<uint8_t>& result() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

class SerialReader {
 public:
  SerialReader(std::span<const uint8_t> bytes, const char* what) : bytes_(bytes), what_(what) {}

  uint8_t u8() { return take(1)[0]; }
  uint32_t u32() {
    uint32_t value;
    std::memcpy(&value, take(4), 4);
    return value;
  }
  uint64_t u64() {
    uint64_t value;
    std::memcpy(&value, take(8), 8);
    return value;
  }
  std::span<const uint8_t> bytes() {
    uint64_t size = u64();
    if (size > remaining()) fail("a length of " + std::to_string(size) + " runs past the end");
    return {take(size_t(size)), size_t(size)};
  }
  std::string string() {
    std::span<const uint8_t> data = bytes();
    return {reinterpret_cast<const char*>(data.data()), data.size()};
  }
  // A count of items each at least `min_item_bytes` long; a count the rest cannot hold is an error,
  // so that corrupted counts never allocate gigabytes.
  uint32_t count(size_t min_item_bytes = 1) {
    uint32_t value = u32();
    if (uint64_t(value) * min_item_bytes > remaining()) fail("a count of " + std::to_string(value) + " is too large");
    return value;
  }
  void skip(size_t size) { take(size); }
  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  bool at_end() const { return offset_ == bytes_.size(); }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(ErrorKind::Malformed, std::string(what_) + ": " + why, offset_);
  }

 private:
  const uint8_t* take(size_t size) {
    if (size > remaining()) fail("unexpected end");
    const uint8_t* data = bytes_.data() + offset_;
    offset_ += size;
    return data;
  }

  std::span<const uint8_t> bytes_;
  const char* what_;
  size_t offset_ = 0;
};

}  // namespace kiln::detail
