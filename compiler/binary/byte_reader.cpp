// LEB128 and UTF-8 decoding with the limits of the binary format.
#include "binary/byte_reader.h"

namespace kiln {

uint64_t ByteReader::read_unsigned(unsigned bits) {
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  for (unsigned i = 0;; ++i) {
    if (i == max_bytes) fail("integer representation too long");
    uint8_t byte = u8();
    unsigned shift = 7 * i;
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (i == max_bytes - 1) {
      // The last byte may only use the bits that fit: the rest must be zero.
      unsigned used = bits - shift;
      if (byte & 0x80) fail("integer representation too long");
      if (used < 7 && (byte & 0x7F) >> used) fail("integer too large");
      return result;
    }
    if (!(byte & 0x80)) return result;
  }
}

int64_t ByteReader::read_signed(unsigned bits) {
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  for (unsigned i = 0;; ++i) {
    if (i == max_bytes) fail("integer representation too long");
    uint8_t byte = u8();
    unsigned shift = 7 * i;
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (i == max_bytes - 1) {
      if (byte & 0x80) fail("integer representation too long");
      // The unused bits of the last byte must all equal the sign bit.
      unsigned used = bits - shift;  // 1..7
      if (used < 7) {
        int8_t value = static_cast<int8_t>(byte << 1) >> 1;  // sign-extend 7 bits
        int8_t sign_extended = static_cast<int8_t>(static_cast<int8_t>(value << (8 - used)) >> (8 - used));
        if (value != sign_extended) fail("integer too large");
      }
      shift += 7;
      if (shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      return static_cast<int64_t>(result);
    }
    if (!(byte & 0x80)) {
      shift += 7;
      if (shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      return static_cast<int64_t>(result);
    }
  }
}

std::string ByteReader::name() {
  uint32_t size = count(1);
  auto bytes = take(size);
  if (!is_valid_utf8(bytes)) fail_at(offset() - size, "malformed UTF-8 encoding");
  return std::string(bytes.begin(), bytes.end());
}

bool is_valid_utf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    uint8_t lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t code;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinForLength[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace kiln
