// The text lexer: tokens, strings, comments, annotations, and errors with line:column.
#include <gtest/gtest.h>

#include "text/sexpr.h"

namespace kiln::text {
namespace {

TEST(SExpr, TokensAndNesting) {
  auto top = parse_sexprs("(module $m (func (i32.const -0x1_0)) \"a\\n\\u{1F600}\\41\")");
  ASSERT_EQ(top.size(), 1u);
  const SExpr& module = top[0];
  ASSERT_TRUE(module.is_form("module"));
  ASSERT_EQ(module.items.size(), 4u);
  EXPECT_TRUE(module.items[1].is_atom(Token::Kind::Id));
  EXPECT_EQ(module.items[1].atom.value, "m");
  const SExpr& func = module.items[2];
  ASSERT_TRUE(func.is_form("func"));
  EXPECT_EQ(func.items[1].items[1].atom.kind, Token::Kind::Number);
  EXPECT_EQ(func.items[1].items[1].atom.text, "-0x1_0");
  EXPECT_EQ(module.items[3].atom.value,
            "a\n\xF0\x9F\x98\x80"
            "A");
}

TEST(SExpr, CommentsAndAnnotationsAreDropped) {
  auto top = parse_sexprs(";; line\n(a (; block (; nested ;) ;) b (@note \"x\" (y) , [z]{}) c)");
  ASSERT_EQ(top.size(), 1u);
  ASSERT_EQ(top[0].items.size(), 3u);
  EXPECT_TRUE(top[0].items[2].is_keyword("c"));
}

TEST(SExpr, LineCommentsEndAtAnyNewline) {
  auto top = parse_sexprs("(a ;; one\rb ;; two\r\nc ;; three\nd)");
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].items.size(), 4u);
}

TEST(SExpr, ErrorsCarryLineAndColumn) {
  try {
    parse_sexprs("(module\n  (func \"abc))");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed);
    EXPECT_EQ(error.location().line, 2u);
    EXPECT_EQ(error.location().column, 9u);
  }
  EXPECT_THROW(parse_sexprs("(a))"), Error);
  EXPECT_THROW(parse_sexprs("(a"), Error);
  EXPECT_THROW(parse_sexprs("(a \"\\q\")"), Error);
  EXPECT_THROW(parse_sexprs("(a 0x1\"b\")"), Error);
}

}  // namespace
}  // namespace kiln::text
