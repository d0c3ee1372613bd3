// The lexical layer of the text format: tokens grouped into S-expressions. Both the WAT
// module parser and the WAST script parser work on this tree. Comments (`;; …`, nested
// `(; … ;)`) and annotations (`(@id …)`) are dropped here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.h"

namespace kiln::text {

struct Token {
  enum class Kind : uint8_t {
    Keyword,   // starts with a lower-case letter: `module`, `i32.add`, `offset=4`, `inf`, `nan:0x1`
    Id,        // `$name`, or `$"any string"`
    Number,    // starts with a digit or a sign; parsed later for the type the context wants
    String,    // "…", escapes decoded into `value`
    Reserved,  // any other run of identifier characters: always an error where it appears
  };
  Kind kind = Kind::Reserved;
  std::string_view text;  // the token exactly as written
  std::string value;      // String: the decoded bytes; Id: the name without `$`
  TextLocation location;
};

struct SExpr {
  bool is_list = false;
  Token atom;                 // when !is_list
  std::vector<SExpr> items;   // when is_list
  TextLocation location;      // of the atom, or of the list's `(`
  TextLocation end_location;  // of the list's `)`

  bool is_atom(Token::Kind kind) const { return !is_list && atom.kind == kind; }
  bool is_keyword(std::string_view word) const {
    return !is_list && atom.kind == Token::Kind::Keyword && atom.text == word;
  }
  // A list whose first item is the keyword `word`: `(word …)`.
  bool is_form(std::string_view word) const { return is_list && !items.empty() && items[0].is_keyword(word); }
};

// Reads a whole source text into its top-level S-expressions (for a `.wat` file this may also
// be the bare fields of a module without the `(module …)` wrapper). Throws Error(Malformed)
// with line:column on a lexical error or unbalanced parentheses.
std::vector<SExpr> parse_sexprs(std::string_view source);

// Throws Error(Malformed) at `location`.
[[noreturn]] void fail(TextLocation location, const std::string& message);

}  // namespace kiln::text
