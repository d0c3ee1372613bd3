// Numeric literals of the text format: integers (decimal, hex, `_` separators, signs) and
// floats (decimal, hex, `inf`, `nan`, `nan:0x…`), checked against the width the context wants.
// Each function throws Error(Malformed) at the token's location: "constant out of range" when
// the value does not fit, "unknown operator" / "unexpected token" when the token is no number.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "kiln/types.h"
#include "text/sexpr.h"

namespace kiln::text {

// An unsigned index or count (`u32`): decimal or hex, no sign.
uint32_t parse_u32(const Token& token);
// A `u64` (memory offsets, alignments before the power-of-two check).
uint64_t parse_u64(const Token& token);

// An integer literal of `bits` width (8, 16, 32 or 64) that may be written signed or unsigned:
// the result is the two's-complement bit pattern, zero-extended to 64 bits.
uint64_t parse_int_bits(const Token& token, unsigned bits);

// Float literals, returned as their IEEE bit patterns (rounded to nearest, ties to even).
uint32_t parse_f32_bits(const Token& token);
uint64_t parse_f64_bits(const Token& token);

// `v128.const SHAPE lane…`: `shape` is i8x16 / i16x8 / i32x4 / i64x2 / f32x4 / f64x2 and
// `lanes` the lane tokens (their count must match the shape).
V128 parse_v128(const Token& shape, std::span<const Token> lanes);

// A lane index immediate (`i8x16.extract_lane_s 3`): a natural number, "malformed lane index"
// past 255. Any other literal is an "unexpected token".
uint8_t parse_lane_index(const Token& token);
// One of i8x16.shuffle's lane literals: any numeric literal is read, and every one that is not
// a natural number below 256 is a "malformed lane index".
uint8_t parse_shuffle_lane(const Token& token);

// True if `text` is a well-formed numeric literal of any kind (inf, nan and nan:0x… included),
// whatever its range: such a token in the wrong place is an "unexpected token".
bool is_number_literal(std::string_view text);
// True if `text` is a well-formed natural number (decimal or hex, no sign), whatever its range.
bool is_natural_literal(std::string_view text);

}  // namespace kiln::text
