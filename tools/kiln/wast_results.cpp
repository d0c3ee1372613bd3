// assert_return's comparison rules, as the spec's reference interpreter applies them.
#include "wast_results.h"

#include <cstdio>

namespace kiln::cli {
namespace {

using text::NanPattern;
using text::WastResult;
using text::WastValue;

// A NaN of the class `pattern`: canonical has only the quiet bit of the payload set, arithmetic at least it.
bool is_nan_of(NanPattern pattern, uint64_t bits, unsigned width) {
  uint64_t exponent_and_quiet = width == 32 ? 0x7FC00000u : 0x7FF8000000000000u;
  uint64_t magnitude = bits & (width == 32 ? 0x7FFFFFFFu : 0x7FFFFFFFFFFFFFFFu);
  if (pattern == NanPattern::Canonical) return magnitude == exponent_and_quiet;
  return (magnitude & exponent_and_quiet) == exponent_and_quiet;
}

uint64_t lane_of(const V128& value, unsigned lane, unsigned width) {
  uint64_t bits = 0;
  unsigned bytes = width / 8;
  for (unsigned b = 0; b < bytes; ++b) bits |= uint64_t{value.bytes[lane * bytes + b]} << (8 * b);
  return bits;
}

bool is_float_shape(text::LaneShape shape) {
  return shape == text::LaneShape::F32x4 || shape == text::LaneShape::F64x2;
}

bool matches(const WastResult& expected, const WastValue& actual) {
  if (actual.type != expected.value.type) return false;
  switch (expected.kind) {
    case WastResult::Kind::Exact:
      if (is_ref_type(actual.type))
        return actual.is_null == expected.value.is_null && (actual.is_null || actual.bits == expected.value.bits);
      return actual.type == ValType::V128 ? actual.v128 == expected.value.v128 : actual.bits == expected.value.bits;
    case WastResult::Kind::Nan: return is_nan_of(expected.nan, actual.bits, actual.type == ValType::F32 ? 32 : 64);
    case WastResult::Kind::Lanes: {
      unsigned width = text::lane_bits(expected.shape);
      for (unsigned i = 0; i < expected.lanes.size(); ++i) {
        const text::WastLane& lane = expected.lanes[i];
        uint64_t bits = lane_of(actual.v128, i, width);
        bool lane_matches = lane.nan != NanPattern::None && is_float_shape(expected.shape)
                                ? is_nan_of(lane.nan, bits, width)
                                : bits == lane.bits;
        if (!lane_matches) return false;
      }
      return true;
    }
    case WastResult::Kind::AnyRef: return !actual.is_null;
  }
  return false;
}

std::string describe(const WastValue& value) {
  std::string text = to_string(value.type);
  char digits[40];
  if (value.type == ValType::V128) {
    text += ":0x";
    for (int i = 15; i >= 0; --i) {
      std::snprintf(digits, sizeof digits, "%02x", value.v128.bytes[i]);
      text += digits;
    }
  } else if (is_ref_type(value.type) && value.is_null) {
    text += ":null";
  } else {
    std::snprintf(digits, sizeof digits, ":0x%llx", static_cast<unsigned long long>(value.bits));
    text += digits;
  }
  return text;
}

std::string describe(const WastResult& result) {
  switch (result.kind) {
    case WastResult::Kind::Exact: return describe(result.value);
    case WastResult::Kind::Nan:
      return std::string(to_string(result.value.type)) +
             (result.nan == NanPattern::Canonical ? ":nan:canonical" : ":nan:arithmetic");
    case WastResult::Kind::Lanes: {
      std::string text = "v128:[";
      for (size_t i = 0; i < result.lanes.size(); ++i) {
        if (i) text += ' ';
        const text::WastLane& lane = result.lanes[i];
        if (lane.nan == NanPattern::Canonical) {
          text += "nan:canonical";
        } else if (lane.nan == NanPattern::Arithmetic) {
          text += "nan:arithmetic";
        } else {
          char digits[24];
          std::snprintf(digits, sizeof digits, "0x%llx", static_cast<unsigned long long>(lane.bits));
          text += digits;
        }
      }
      return text + "]";
    }
    case WastResult::Kind::AnyRef: return std::string(to_string(result.value.type)) + ":non-null";
  }
  return "?";
}

template <class T>
std::string describe_all(const std::vector<T>& values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? " " : "") + describe(values[i]);
  return text + ")";
}

}  // namespace

std::optional<std::string> compare_results(const std::vector<WastResult>& expected,
                                           const std::vector<WastValue>& actual) {
  bool same = expected.size() == actual.size();
  for (size_t i = 0; same && i < expected.size(); ++i) same = matches(expected[i], actual[i]);
  if (same) return std::nullopt;
  return "expected " + describe_all(expected) + ", got " + describe_all(actual);
}

}  // namespace kiln::cli
