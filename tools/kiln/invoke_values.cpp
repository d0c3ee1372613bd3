// Reading and printing the values of `kiln run --invoke`.
#include "invoke_values.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "kiln/error.h"
#include "text/numbers.h"

namespace kiln::cli {
namespace {

// The text format's number parsers read a token; an argument is one.
text::Token number_token(const std::string& text) {
  text::Token token;
  bool starts_like_number =
      !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '+' || text[0] == '-');
  token.kind = starts_like_number ? text::Token::Kind::Number : text::Token::Kind::Keyword;
  token.text = text;
  return token;
}

template <class Float, class Bits>
std::string format_float(Bits bits) {
  constexpr int kMantissaBits = std::numeric_limits<Float>::digits - 1;
  constexpr Bits kMantissaMask = (Bits{1} << kMantissaBits) - 1;
  constexpr Bits kCanonicalPayload = Bits{1} << (kMantissaBits - 1);
  auto value = std::bit_cast<Float>(bits);
  std::string sign = std::signbit(value) ? "-" : "";
  if (std::isnan(value)) {
    Bits payload = bits & kMantissaMask;
    if (payload == kCanonicalPayload) return sign + "nan";
    char hex[32];
    auto end = std::to_chars(hex, hex + sizeof hex, payload, 16).ptr;
    return sign + "nan:0x" + std::string(hex, end);
  }
  if (std::isinf(value)) return sign + "inf";
  char digits[64];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  return std::string(digits, end);
}

}  // namespace

Value parse_invoke_value(const std::string& text, ValType type) {
  text::Token token = number_token(text);
  try {
    switch (type) {
      case ValType::I32: return Value(static_cast<uint32_t>(text::parse_int_bits(token, 32)));
      case ValType::I64: return Value(text::parse_int_bits(token, 64));
      case ValType::F32: return Value(std::bit_cast<float>(text::parse_f32_bits(token)));
      case ValType::F64: return Value(std::bit_cast<double>(text::parse_f64_bits(token)));
      default: break;
    }
  } catch (const Error&) {
    throw std::invalid_argument("'" + text + "' is not a valid " + to_string(type));
  }
  throw std::invalid_argument(std::string("cannot pass a ") + to_string(type) + " argument from the command line");
}

std::string format_value(const Value& value) {
  switch (value.type()) {
    case ValType::I32: return std::to_string(value.as<int32_t>());
    case ValType::I64: return std::to_string(value.as<int64_t>());
    case ValType::F32: return format_float<float>(value.as<uint32_t>());
    case ValType::F64: return format_float<double>(value.as<uint64_t>());
    case ValType::V128: {
      // Most significant byte first, as a 128-bit integer is written.
      static constexpr char kHex[] = "0123456789abcdef";
      V128 bits = value.as<V128>();
      std::string text = "0x";
      for (int i = 15; i >= 0; --i) {
        text += kHex[bits.bytes[i] >> 4];
        text += kHex[bits.bytes[i] & 15];
      }
      return text;
    }
    case ValType::FuncRef: return value.as<void*>() ? "ref.func" : "null";
    case ValType::ExternRef: return value.as<void*>() ? "ref.extern" : "null";
  }
  return "?";
}

}  // namespace kiln::cli
