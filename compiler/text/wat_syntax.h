// Reading the items of one S-expression list in order, and the text format's wording for a
// token that does not belong where it stands.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>

#include "text/sexpr.h"

namespace kiln::text {

// Fails on a token out of place: "unknown operator X" when X is no word of the text format at
// all (the spec's reference lexer rejects those before parsing, and its tests expect that
// wording), "unexpected token" otherwise.
[[noreturn]] void fail_unexpected(const Token& token);
[[noreturn]] void fail_unexpected(const SExpr& item);

// True for a `u32` index or a `$id`: the two ways to refer to an entity.
inline bool is_index(const SExpr& item) { return item.is_atom(Token::Kind::Number) || item.is_atom(Token::Kind::Id); }

class Cursor {
 public:
  // The items of `list` from `first` on (1 skips the list's keyword).
  explicit Cursor(const SExpr& list, size_t first = 1) : Cursor(list.items, list.end_location) { pos_ = first; }
  // The items of a span; `end` is where a missing item would have been (for errors).
  Cursor(std::span<const SExpr> items, TextLocation end) : items_(items), end_(end) {}

  bool done() const { return pos_ >= items_.size(); }
  const SExpr* peek() const { return done() ? nullptr : &items_[pos_]; }
  // The next item; "unexpected token" at the end of the list when there is none.
  const SExpr& next();
  // Where the next item is, or the end of the list.
  TextLocation location() const { return done() ? end_ : items_[pos_].location; }
  std::span<const SExpr> rest() const { return items_.subspan(std::min(pos_, items_.size())); }
  TextLocation end_location() const { return end_; }

  bool at_keyword(std::string_view word) const { return !done() && items_[pos_].is_keyword(word); }
  bool at_form(std::string_view word) const { return !done() && items_[pos_].is_form(word); }
  bool at_index() const { return !done() && is_index(items_[pos_]); }
  bool at_list() const { return !done() && items_[pos_].is_list; }

  // Consumes the keyword `word` if it is next.
  bool take_keyword(std::string_view word);
  // Consumes an optional `$id`; nullptr when the next item is none.
  const Token* take_id();
  // Consumes a string literal, or fails.
  const Token& take_string();
  // Consumes a keyword, or fails.
  const Token& take_keyword();
  // Fails with "unexpected token" unless every item was consumed.
  void expect_done() const;

 private:
  std::span<const SExpr> items_;
  size_t pos_ = 0;
  TextLocation end_;
};

}  // namespace kiln::text
