// Numeric literals of the text format. The lexical grammar is checked here by hand; decimal
// floats are converted by std::from_chars (correctly rounded for float and double alike, so f32
// never suffers double rounding through f64) and hex floats by exact bit manipulation.
#include "text/numbers.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "text/wat_syntax.h"

namespace kiln::text {
namespace {

constexpr char kOutOfRange[] = "constant out of range";
constexpr char kMalformedLane[] = "malformed lane index";

bool is_digit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Reads `digit ('_'? digit)*` from the front of `text`, appending the digits without separators.
// False when `text` does not start with a digit; stops before a `_` that is not followed by one.
bool take_digits(std::string_view& text, bool hex, std::string& digits) {
  if (text.empty() || !is_digit(text[0], hex)) return false;
  size_t i = 0;
  while (i < text.size()) {
    if (is_digit(text[i], hex)) {
      digits.push_back(text[i++]);
    } else if (text[i] == '_' && i + 1 < text.size() && is_digit(text[i + 1], hex)) {
      ++i;
    } else {
      break;
    }
  }
  text.remove_prefix(i);
  return true;
}

// Removes a leading `+` or `-`; true for `-`.
bool take_sign(std::string_view& text) {
  bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  return negative;
}

// Accumulates digits into a 64-bit value; false when it does not fit.
bool accumulate(const std::string& digits, uint64_t base, uint64_t& value) {
  value = 0;
  for (char c : digits) {
    uint64_t digit = digit_value(c);
    if (value > (UINT64_MAX - digit) / base) return false;
    value = value * base + digit;
  }
  return true;
}

struct IntLiteral {
  bool negative = false;
  bool has_sign = false;  // written with `+` or `-`
  bool overflow = false;  // the magnitude does not fit in 64 bits
  uint64_t magnitude = 0;
};

std::optional<IntLiteral> read_int(std::string_view text) {
  IntLiteral literal;
  literal.has_sign = !text.empty() && (text[0] == '+' || text[0] == '-');
  literal.negative = take_sign(text);
  bool hex = text.starts_with("0x");
  if (hex) text.remove_prefix(2);
  std::string digits;
  if (!take_digits(text, hex, digits) || !text.empty()) return std::nullopt;
  literal.overflow = !accumulate(digits, hex ? 16 : 10, literal.magnitude);
  return literal;
}

struct FloatLiteral {
  enum class Form : uint8_t { Decimal, Hex, Inf, Nan, NanPayload };
  Form form = Form::Decimal;
  bool negative = false;
  std::string integer_digits;
  std::string fraction_digits;
  int64_t exponent = 0;  // saturated at ±kExponentLimit, far past any float's range
  uint64_t payload = 0;  // NanPayload
  bool payload_overflow = false;
};

constexpr int64_t kExponentLimit = int64_t{1} << 40;

// The decimal exponent after `e` or `p`.
bool take_exponent(std::string_view& text, int64_t& exponent) {
  bool negative = take_sign(text);
  std::string digits;
  if (!take_digits(text, false, digits)) return false;
  int64_t value = 0;
  for (char c : digits) value = std::min(value * 10 + static_cast<int64_t>(digit_value(c)), kExponentLimit);
  exponent = negative ? -value : value;
  return true;
}

std::optional<FloatLiteral> read_float(std::string_view text) {
  FloatLiteral literal;
  literal.negative = take_sign(text);
  if (text == "inf" || text == "nan") {
    literal.form = text == "inf" ? FloatLiteral::Form::Inf : FloatLiteral::Form::Nan;
    return literal;
  }
  if (text.starts_with("nan:0x")) {
    text.remove_prefix(6);
    std::string digits;
    if (!take_digits(text, true, digits) || !text.empty()) return std::nullopt;
    literal.form = FloatLiteral::Form::NanPayload;
    literal.payload_overflow = !accumulate(digits, 16, literal.payload);
    return literal;
  }
  bool hex = text.starts_with("0x");
  if (hex) text.remove_prefix(2);
  literal.form = hex ? FloatLiteral::Form::Hex : FloatLiteral::Form::Decimal;
  if (!take_digits(text, hex, literal.integer_digits)) return std::nullopt;
  if (!text.empty() && text[0] == '.') {
    text.remove_prefix(1);
    // The fraction is optional (`1.` and `1.e5` are floats), but a `_` may not follow the dot.
    if (!text.empty() && is_digit(text[0], hex)) take_digits(text, hex, literal.fraction_digits);
  }
  if (!text.empty() && (hex ? (text[0] == 'p' || text[0] == 'P') : (text[0] == 'e' || text[0] == 'E'))) {
    text.remove_prefix(1);
    if (!take_exponent(text, literal.exponent)) return std::nullopt;
  }
  if (!text.empty()) return std::nullopt;
  return literal;
}

struct FloatFormat {
  int mantissa_bits;  // 23 or 52
  int exponent_bits;  // 8 or 11
  int64_t max_exponent() const { return (int64_t{1} << (exponent_bits - 1)) - 1; }
  int64_t min_exponent() const { return 1 - max_exponent(); }
  uint64_t infinity() const { return ((uint64_t{1} << exponent_bits) - 1) << mantissa_bits; }
  uint64_t sign_bit() const { return uint64_t{1} << (mantissa_bits + exponent_bits); }
  uint64_t quiet_bit() const { return uint64_t{1} << (mantissa_bits - 1); }
};

constexpr FloatFormat kF32{23, 8};
constexpr FloatFormat kF64{52, 11};

// Rounds `mantissa` × 2^`exponent` (plus a non-zero tail below its last bit when `sticky`) to
// the nearest representable value, ties to even. nullopt when that is past the largest finite
// value. `mantissa` is non-zero, and has at least 56 significant bits whenever `sticky` is set.
std::optional<uint64_t> round_to_format(uint64_t mantissa, int64_t exponent, bool sticky, FloatFormat format) {
  const int m = format.mantissa_bits;
  const int64_t top = (63 - std::countl_zero(mantissa)) + exponent;  // exponent of the leading bit
  // The lowest bit position the format keeps: m bits below the leading one, but never below
  // the subnormal quantum.
  int64_t low = std::max(top - m, format.min_exponent() - m);
  int64_t shift = low - exponent;  // how many of the mantissa's bits fall below `low`
  uint64_t kept;
  if (shift <= 0) {
    kept = mantissa << -shift;  // exact: at most m + 1 significant bits
  } else {
    kept = shift >= 64 ? 0 : mantissa >> shift;
    bool round_bit = shift <= 64 && ((mantissa >> (shift - 1)) & 1);
    bool below_round = sticky || (shift >= 2 && (shift - 1 >= 64 || (mantissa & ((uint64_t{1} << (shift - 1)) - 1))));
    if (round_bit && (below_round || (kept & 1))) ++kept;
    if (kept >> (m + 1)) {  // rounding carried past the top bit
      kept >>= 1;
      ++low;
    }
  }
  if (kept < (uint64_t{1} << m)) return kept;  // subnormal (or zero): biased exponent 0
  int64_t leading = low + m;
  if (leading > format.max_exponent()) return std::nullopt;
  return (static_cast<uint64_t>(leading + format.max_exponent()) << m) | (kept & ((uint64_t{1} << m) - 1));
}

std::optional<uint64_t> hex_to_bits(const FloatLiteral& literal, FloatFormat format) {
  uint64_t mantissa = 0;
  bool sticky = false;
  int64_t exponent = literal.exponent - 4 * static_cast<int64_t>(literal.fraction_digits.size());
  for (const std::string* digits : {&literal.integer_digits, &literal.fraction_digits}) {
    for (char c : *digits) {
      // Keep up to 60 significant bits (leading zeros take none); later digits only decide
      // the rounding of ties, as a sticky bit.
      if (mantissa >> 56 == 0) {
        mantissa = mantissa * 16 + digit_value(c);
      } else {
        exponent += 4;
        sticky = sticky || c != '0';
      }
    }
  }
  if (mantissa == 0) return 0;
  return round_to_format(mantissa, exponent, sticky, format);
}

// The decimal exponent of a non-zero literal's first non-zero digit.
int64_t leading_digit_exponent(const FloatLiteral& literal) {
  size_t first = literal.integer_digits.find_first_not_of('0');
  if (first != std::string::npos) {
    return literal.exponent + static_cast<int64_t>(literal.integer_digits.size() - first) - 1;
  }
  first = literal.fraction_digits.find_first_not_of('0');
  return literal.exponent - static_cast<int64_t>(first) - 1;
}

template <typename Float, typename Bits>
std::optional<uint64_t> decimal_to_bits(const FloatLiteral& literal) {
  std::string text = literal.integer_digits;
  if (!literal.fraction_digits.empty()) text += "." + literal.fraction_digits;
  text += "e" + std::to_string(literal.exponent);
  Float value = 0;
  auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    // from_chars reports underflow and overflow alike; only overflow is an error.
    if (leading_digit_exponent(literal) >= 0) return std::nullopt;
    value = 0;
  }
  if (std::isinf(value)) return std::nullopt;
  return std::bit_cast<Bits>(value);
}

bool is_number_token(const Token& token) {
  return token.kind == Token::Kind::Number || token.kind == Token::Kind::Keyword;
}

uint64_t parse_float_bits(const Token& token, FloatFormat format) {
  std::optional<FloatLiteral> literal;
  if (is_number_token(token)) literal = read_float(token.text);
  if (!literal) fail_unexpected(token);
  uint64_t sign = literal->negative ? format.sign_bit() : 0;
  std::optional<uint64_t> bits;
  switch (literal->form) {
    case FloatLiteral::Form::Inf: return sign | format.infinity();
    case FloatLiteral::Form::Nan: return sign | format.infinity() | format.quiet_bit();
    case FloatLiteral::Form::NanPayload:
      if (literal->payload_overflow || literal->payload == 0 || literal->payload >> format.mantissa_bits) {
        fail(token.location, kOutOfRange);
      }
      return sign | format.infinity() | literal->payload;
    case FloatLiteral::Form::Hex: bits = hex_to_bits(*literal, format); break;
    case FloatLiteral::Form::Decimal:
      bits = format.mantissa_bits == kF32.mantissa_bits ? decimal_to_bits<float, uint32_t>(*literal)
                                                        : decimal_to_bits<double, uint64_t>(*literal);
      break;
  }
  if (!bits) fail(token.location, kOutOfRange);
  return sign | *bits;
}

IntLiteral read_int_or_fail(const Token& token) {
  std::optional<IntLiteral> literal;
  if (token.kind == Token::Kind::Number) literal = read_int(token.text);
  if (!literal) fail_unexpected(token);
  return *literal;
}

uint64_t parse_natural(const Token& token, uint64_t max, const char* out_of_range) {
  IntLiteral literal = read_int_or_fail(token);
  if (literal.has_sign) fail_unexpected(token);
  if (literal.overflow || literal.magnitude > max) fail(token.location, out_of_range);
  return literal.magnitude;
}

struct Shape {
  std::string_view name;
  unsigned lane_bits;
  bool is_float;
};
constexpr Shape kShapes[] = {{"i8x16", 8, false},  {"i16x8", 16, false}, {"i32x4", 32, false},
                             {"i64x2", 64, false}, {"f32x4", 32, true},  {"f64x2", 64, true}};

}  // namespace

uint32_t parse_u32(const Token& token) {
  return static_cast<uint32_t>(parse_natural(token, UINT32_MAX, "i32 constant out of range"));
}

uint64_t parse_u64(const Token& token) { return parse_natural(token, UINT64_MAX, "i64 constant out of range"); }

uint64_t parse_int_bits(const Token& token, unsigned bits) {
  IntLiteral literal = read_int_or_fail(token);
  const uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  const uint64_t half = uint64_t{1} << (bits - 1);  // 2^(N-1): the bound of the signed range
  bool in_range = !literal.overflow && (!literal.has_sign  ? literal.magnitude <= mask
                                        : literal.negative ? literal.magnitude <= half
                                                           : literal.magnitude < half);
  if (!in_range) fail(token.location, kOutOfRange);
  uint64_t value = literal.negative ? 0 - literal.magnitude : literal.magnitude;
  return value & mask;
}

uint32_t parse_f32_bits(const Token& token) { return static_cast<uint32_t>(parse_float_bits(token, kF32)); }

uint64_t parse_f64_bits(const Token& token) { return parse_float_bits(token, kF64); }

V128 parse_v128(const Token& shape_token, std::span<const Token> lanes) {
  const Shape* shape = nullptr;
  for (const Shape& candidate : kShapes) {
    if (shape_token.kind == Token::Kind::Keyword && shape_token.text == candidate.name) shape = &candidate;
  }
  if (!shape) fail_unexpected(shape_token);
  const unsigned lane_bytes = shape->lane_bits / 8;
  if (lanes.size() != 16 / lane_bytes) fail(shape_token.location, "wrong number of lane literals");
  V128 result;
  for (size_t i = 0; i < lanes.size(); ++i) {
    uint64_t bits;
    if (!shape->is_float) {
      bits = parse_int_bits(lanes[i], shape->lane_bits);
    } else {
      bits = shape->lane_bits == 32 ? parse_f32_bits(lanes[i]) : parse_f64_bits(lanes[i]);
    }
    for (unsigned b = 0; b < lane_bytes; ++b) result.bytes[i * lane_bytes + b] = static_cast<uint8_t>(bits >> (8 * b));
  }
  return result;
}

uint8_t parse_lane_index(const Token& token) {
  return static_cast<uint8_t>(parse_natural(token, UINT8_MAX, kMalformedLane));
}

uint8_t parse_shuffle_lane(const Token& token) {
  if (!is_number_token(token) || !is_number_literal(token.text)) fail_unexpected(token);
  std::optional<IntLiteral> literal = read_int(token.text);
  if (!literal || literal->has_sign || literal->overflow || literal->magnitude > UINT8_MAX) {
    fail(token.location, kMalformedLane);
  }
  return static_cast<uint8_t>(literal->magnitude);
}

bool is_number_literal(std::string_view text) { return read_int(text) || read_float(text); }

bool is_natural_literal(std::string_view text) {
  std::optional<IntLiteral> literal = read_int(text);
  return literal && !literal->has_sign;
}

}  // namespace kiln::text
