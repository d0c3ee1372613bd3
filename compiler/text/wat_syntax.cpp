// The cursor over list items, and which words the text format knows (for error wording).
#include "text/wat_syntax.h"

#include <algorithm>

#include "binary/opcode.h"
#include "text/numbers.h"

namespace kiln::text {
namespace {

// The keywords of the WebAssembly 2.0 text and script formats other than instruction names.
// clang-format off
constexpr std::string_view kKeywords[] = {
    "module", "type", "func", "param", "result", "local", "global", "mut", "table", "memory", "elem", "data",
    "declare", "offset", "item", "import", "export", "start", "then", "funcref", "externref", "extern", "i32", "i64",
    "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "binary", "quote", "register",
    "invoke", "get", "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_return", "assert_trap",
    "assert_exhaustion", "script", "input", "output", "ref.extern", "nan:canonical", "nan:arithmetic"};
// clang-format on

bool is_memarg_keyword(std::string_view word) {
  for (std::string_view prefix : {"offset=", "align="}) {
    if (word.starts_with(prefix)) return is_natural_literal(word.substr(prefix.size()));
  }
  return false;
}

bool is_known_word(std::string_view word) {
  return op_from_name(word) || std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords) ||
         is_number_literal(word) || is_memarg_keyword(word);
}

}  // namespace

void fail_unexpected(const Token& token) {
  bool word =
      token.kind == Token::Kind::Keyword || token.kind == Token::Kind::Number || token.kind == Token::Kind::Reserved;
  if (word && !is_known_word(token.text)) fail(token.location, "unknown operator " + std::string(token.text));
  fail(token.location, "unexpected token");
}

void fail_unexpected(const SExpr& item) {
  if (!item.is_list) fail_unexpected(item.atom);
  fail(item.location, "unexpected token");
}

const SExpr& Cursor::next() {
  if (done()) fail(end_, "unexpected token");
  return items_[pos_++];
}

bool Cursor::take_keyword(std::string_view word) {
  if (!at_keyword(word)) return false;
  ++pos_;
  return true;
}

const Token* Cursor::take_id() {
  if (done() || !items_[pos_].is_atom(Token::Kind::Id)) return nullptr;
  return &items_[pos_++].atom;
}

const Token& Cursor::take_string() {
  const SExpr& item = next();
  if (!item.is_atom(Token::Kind::String)) fail_unexpected(item);
  return item.atom;
}

const Token& Cursor::take_keyword() {
  const SExpr& item = next();
  if (!item.is_atom(Token::Kind::Keyword)) fail_unexpected(item);
  return item.atom;
}

void Cursor::expect_done() const {
  if (!done()) fail_unexpected(items_[pos_]);
}

}  // namespace kiln::text
