// ByteReader: LEB128 length and range limits for each integer width, names, counts and offsets.
#include "binary/byte_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace kiln {
namespace {

using Bytes = std::vector<uint8_t>;

// Runs `read` over `bytes` and returns the error message ("" when it succeeds), checking that a
// failure is Malformed.
std::string error_of(const Bytes& bytes, const std::function<void(ByteReader&)>& read) {
  ByteReader reader(bytes);
  try {
    read(reader);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed);
    return error.message();
  }
  return "";
}

TEST(ByteReader, U32) {
  EXPECT_EQ(ByteReader(Bytes{0x00}).u32(), 0u);
  EXPECT_EQ(ByteReader(Bytes{0xE5, 0x8E, 0x26}).u32(), 624485u);
  EXPECT_EQ(ByteReader(Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}).u32(), 0xFFFFFFFFu);
  // Non-minimal encodings are allowed up to the maximum length.
  EXPECT_EQ(ByteReader(Bytes{0x82, 0x80, 0x80, 0x80, 0x00}).u32(), 2u);
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, [](ByteReader& r) { r.u32(); }),
            "integer representation too long");
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, [](ByteReader& r) { r.u32(); }), "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x70}, [](ByteReader& r) { r.u32(); }), "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80}, [](ByteReader& r) { r.u32(); }), "unexpected end");
}

TEST(ByteReader, U64) {
  EXPECT_EQ(ByteReader(Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}).u64(), UINT64_MAX);
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}, [](ByteReader& r) { r.u64(); }),
            "integer too large");
  EXPECT_EQ(
      error_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, [](ByteReader& r) { r.u64(); }),
      "integer representation too long");
}

TEST(ByteReader, S32) {
  EXPECT_EQ(ByteReader(Bytes{0x7F}).s32(), -1);
  EXPECT_EQ(ByteReader(Bytes{0x3F}).s32(), 63);
  EXPECT_EQ(ByteReader(Bytes{0xC0, 0x00}).s32(), 64);
  EXPECT_EQ(ByteReader(Bytes{0x80, 0x80, 0x80, 0x80, 0x78}).s32(), INT32_MIN);
  EXPECT_EQ(ByteReader(Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x07}).s32(), INT32_MAX);
  EXPECT_EQ(ByteReader(Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).s32(), -1);
  // In the fifth byte, the bits above the 32nd must repeat the sign bit.
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, [](ByteReader& r) { r.s32(); }), "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x70}, [](ByteReader& r) { r.s32(); }), "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x1F}, [](ByteReader& r) { r.s32(); }), "integer too large");
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, [](ByteReader& r) { r.s32(); }),
            "integer representation too long");
}

TEST(ByteReader, S33) {
  EXPECT_EQ(ByteReader(Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}).s33(), 0xFFFFFFFFll);
  EXPECT_EQ(ByteReader(Bytes{0x80, 0x80, 0x80, 0x80, 0x70}).s33(), -(int64_t{1} << 32));
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x10}, [](ByteReader& r) { r.s33(); }), "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, [](ByteReader& r) { r.s33(); }),
            "integer representation too long");
}

TEST(ByteReader, S64) {
  Bytes min{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  Bytes max{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(ByteReader(min).s64(), INT64_MIN);
  EXPECT_EQ(ByteReader(max).s64(), INT64_MAX);
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, [](ByteReader& r) { r.s64(); }),
            "integer too large");
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E}, [](ByteReader& r) { r.s64(); }),
            "integer too large");
  EXPECT_EQ(
      error_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, [](ByteReader& r) { r.s64(); }),
      "integer representation too long");
}

TEST(ByteReader, FloatsAreLittleEndianBitPatterns) {
  Bytes bytes{0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xBF};
  ByteReader reader(bytes);
  EXPECT_EQ(reader.f32_bits(), 0x3F800000u);
  EXPECT_EQ(reader.f64_bits(), 0xBFF0000000000000ull);
  EXPECT_TRUE(reader.at_end());
}

TEST(ByteReader, ErrorsCarryTheAbsoluteOffset) {
  Bytes bytes{0x01, 0x80};
  ByteReader reader(bytes, 100);
  reader.u8();
  try {
    reader.u32();
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "unexpected end");
    EXPECT_EQ(error.offset(), 102u);
  }
}

TEST(ByteReader, CountIsBoundedByTheRemainingBytes) {
  EXPECT_EQ(ByteReader(Bytes{0x02, 0xAA, 0xBB}).count(), 2u);
  EXPECT_EQ(error_of({0x03, 0xAA, 0xBB}, [](ByteReader& r) { r.count(); }), "length out of bounds");
  EXPECT_EQ(error_of({0x02, 0xAA, 0xBB, 0xCC}, [](ByteReader& r) { r.count(2); }), "length out of bounds");
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, [](ByteReader& r) { r.count(); }), "length out of bounds");
}

TEST(ByteReader, Names) {
  EXPECT_EQ(ByteReader(Bytes{0x03, 'a', 'b', 'c'}).name(), "abc");
  EXPECT_EQ(ByteReader(Bytes{0x02, 0xC3, 0xA9}).name(), "\xC3\xA9");
  EXPECT_EQ(error_of({0x01, 0xFF}, [](ByteReader& r) { r.name(); }), "malformed UTF-8 encoding");
  EXPECT_EQ(error_of({0x04, 'a'}, [](ByteReader& r) { r.name(); }), "length out of bounds");
}

TEST(Utf8, AcceptsWellFormedText) {
  auto valid = [](const Bytes& bytes) { return is_valid_utf8(bytes); };
  EXPECT_TRUE(valid({}));
  EXPECT_TRUE(valid({'a', 0x00, 0x7F}));
  EXPECT_TRUE(valid({0xC2, 0x80}));              // U+0080
  EXPECT_TRUE(valid({0xED, 0x9F, 0xBF}));        // U+D7FF
  EXPECT_TRUE(valid({0xEE, 0x80, 0x80}));        // U+E000
  EXPECT_TRUE(valid({0xF4, 0x8F, 0xBF, 0xBF}));  // U+10FFFF
}

TEST(Utf8, RejectsMalformedText) {
  auto valid = [](const Bytes& bytes) { return is_valid_utf8(bytes); };
  EXPECT_FALSE(valid({0x80}));                    // lone continuation byte
  EXPECT_FALSE(valid({0xC0, 0x80}));              // overlong U+0000
  EXPECT_FALSE(valid({0xC1, 0xBF}));              // overlong U+007F
  EXPECT_FALSE(valid({0xE0, 0x9F, 0xBF}));        // overlong U+07FF
  EXPECT_FALSE(valid({0xF0, 0x8F, 0xBF, 0xBF}));  // overlong U+FFFF
  EXPECT_FALSE(valid({0xED, 0xA0, 0x80}));        // surrogate U+D800
  EXPECT_FALSE(valid({0xF4, 0x90, 0x80, 0x80}));  // U+110000
  EXPECT_FALSE(valid({0xF8, 0x88, 0x80, 0x80, 0x80}));
  EXPECT_FALSE(valid({0xE2, 0x82}));        // truncated
  EXPECT_FALSE(valid({0xE2, 0x28, 0xA1}));  // bad continuation
}

}  // namespace
}  // namespace kiln
