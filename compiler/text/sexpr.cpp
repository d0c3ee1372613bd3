// Lexer and S-expression builder for the WebAssembly text format.
#include "text/sexpr.h"

#include <cstring>

namespace kiln::text {

void fail(TextLocation location, const std::string& message) { throw Error(ErrorKind::Malformed, message, location); }

namespace {

bool is_id_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != nullptr && c != '\0';
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  std::vector<SExpr> parse_all() {
    std::vector<SExpr> top;
    skip_space();
    while (pos_ < src_.size()) {
      top.push_back(parse_one());
      skip_space();
    }
    return top;
  }

 private:
  TextLocation here() const { return {line_, static_cast<uint32_t>(pos_ - line_start_ + 1)}; }

  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  bool starts_with(std::string_view prefix) const { return src_.substr(pos_, prefix.size()) == prefix; }

  void skip_space() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (starts_with(";;")) {
        // A line comment ends at a newline: LF, CR or CR LF.
        while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') advance();
      } else if (starts_with("(;")) {
        skip_block_comment();
      } else if (starts_with("(@")) {
        skip_annotation();
      } else {
        return;
      }
    }
  }

  void skip_block_comment() {
    TextLocation start = here();
    int depth = 0;
    while (pos_ < src_.size()) {
      if (starts_with("(;")) {
        ++depth;
        advance();
        advance();
      } else if (starts_with(";)")) {
        advance();
        advance();
        if (--depth == 0) return;
      } else {
        advance();
      }
    }
    fail(start, "unclosed block comment");
  }

  // `(@id …)`: parsed for balance and dropped; custom annotations carry no module meaning here.
  void skip_annotation() {
    TextLocation start = here();
    advance();  // (
    advance();  // @
    if (pos_ >= src_.size() || !(is_id_char(src_[pos_]) || src_[pos_] == '"')) fail(start, "malformed annotation id");
    int depth = 1;
    while (depth > 0) {
      skip_space();
      if (pos_ >= src_.size()) fail(start, "unclosed annotation");
      char c = src_[pos_];
      if (c == '(') {
        ++depth;
        advance();
      } else if (c == ')') {
        --depth;
        advance();
      } else if (c == '"') {
        std::string ignored;
        read_string(ignored);
      } else if (is_id_char(c)) {
        read_word();
      } else {
        advance();  // `,` `;` `[` `]` `{` `}`: reserved characters, which annotations may hold
      }
    }
  }

  SExpr parse_one() {
    SExpr node;
    node.location = here();
    char c = src_[pos_];
    if (c == '(') {
      // Lists nest by recursion here (and in SExpr's destructor): bound it so that no input
      // can exhaust the native stack.
      if (depth_ == kMaxDepth) fail(node.location, "nesting too deep");
      ++depth_;
      node.is_list = true;
      advance();
      skip_space();
      while (true) {
        if (pos_ >= src_.size()) fail(node.location, "unclosed parenthesis");
        if (src_[pos_] == ')') {
          node.end_location = here();
          advance();
          break;
        }
        node.items.push_back(parse_one());
        skip_space();
      }
      --depth_;
      return node;
    }
    if (c == ')') fail(node.location, "unexpected )");
    node.atom = read_token();
    return node;
  }

  Token read_token() {
    Token token;
    token.location = here();
    size_t start = pos_;
    char c = src_[pos_];
    if (c == '"') {
      read_string(token.value);
      token.kind = Token::Kind::String;
    } else if (c == '$' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '"') {
      advance();
      read_string(token.value);
      if (token.value.empty()) fail(token.location, "empty identifier");
      token.kind = Token::Kind::Id;
    } else if (is_id_char(c)) {
      read_word();
      std::string_view word = src_.substr(start, pos_ - start);
      if (word[0] == '$') {
        token.kind = word.size() > 1 ? Token::Kind::Id : Token::Kind::Reserved;
        token.value = std::string(word.substr(1));
      } else if (word[0] >= 'a' && word[0] <= 'z') {
        token.kind = Token::Kind::Keyword;
      } else if ((word[0] >= '0' && word[0] <= '9') || word[0] == '+' || word[0] == '-') {
        token.kind = Token::Kind::Number;
      } else {
        token.kind = Token::Kind::Reserved;
      }
    } else {
      fail(token.location, std::string("unexpected character ") + (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F
                                                                       ? std::string("'") + c + "'"
                                                                       : "(control or non-ASCII)"));
    }
    token.text = src_.substr(start, pos_ - start);
    // Tokens must be separated by whitespace or parentheses: `0x1"a"` or `"a"$b` is malformed.
    if (pos_ < src_.size()) {
      char next = src_[pos_];
      if (is_id_char(next) || next == '"') fail(here(), "unknown operator or malformed token");
    }
    return token;
  }

  void read_word() {
    while (pos_ < src_.size() && is_id_char(src_[pos_])) advance();
  }

  // Reads a string literal at pos_ (which is '"'), decoding escapes into `out`.
  void read_string(std::string& out) {
    TextLocation start = here();
    advance();  // opening quote
    while (true) {
      if (pos_ >= src_.size()) fail(start, "unclosed string");
      auto c = static_cast<unsigned char>(src_[pos_]);
      if (c == '"') {
        advance();
        return;
      }
      if (c == '\n' || c < 0x20 || c == 0x7F) fail(here(), "illegal character in string");
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        advance();
        continue;
      }
      TextLocation escape = here();
      advance();
      if (pos_ >= src_.size()) fail(start, "unclosed string");
      char e = src_[pos_];
      switch (e) {
        case 't':
          out.push_back('\t');
          advance();
          break;
        case 'n':
          out.push_back('\n');
          advance();
          break;
        case 'r':
          out.push_back('\r');
          advance();
          break;
        case '"':
          out.push_back('"');
          advance();
          break;
        case '\'':
          out.push_back('\'');
          advance();
          break;
        case '\\':
          out.push_back('\\');
          advance();
          break;
        case 'u': read_unicode_escape(escape, out); break;
        default: {
          int high = hex_value(e);
          int low = pos_ + 1 < src_.size() ? hex_value(src_[pos_ + 1]) : -1;
          if (high < 0 || low < 0) fail(escape, "illegal escape");
          out.push_back(static_cast<char>(high * 16 + low));
          advance();
          advance();
        }
      }
    }
  }

  void read_unicode_escape(TextLocation escape, std::string& out) {
    advance();  // u
    if (pos_ >= src_.size() || src_[pos_] != '{') fail(escape, "illegal escape");
    advance();
    uint32_t code = 0;
    bool any = false;
    while (pos_ < src_.size() && src_[pos_] != '}') {
      int digit = hex_value(src_[pos_]);
      if (digit < 0) {
        if (src_[pos_] == '_' && any) {
          advance();
          continue;
        }
        fail(escape, "illegal escape");
      }
      code = code * 16 + static_cast<uint32_t>(digit);
      if (code > 0x10FFFF) fail(escape, "illegal escape");
      any = true;
      advance();
    }
    if (!any || pos_ >= src_.size()) fail(escape, "illegal escape");
    advance();  // }
    if (code >= 0xD800 && code <= 0xDFFF) fail(escape, "illegal escape");
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  static constexpr int kMaxDepth = 10000;
  int depth_ = 0;
};

}  // namespace

std::vector<SExpr> parse_sexprs(std::string_view source) { return Lexer(source).parse_all(); }

}  // namespace kiln::text
