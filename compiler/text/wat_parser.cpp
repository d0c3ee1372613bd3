// The entry points of the WAT parser: a `(module …)` form, bare module fields, or a whole
// .wat source.
#include "text/wat_parser.h"

#include "kiln/text.h"
#include "text/wat_module.h"

namespace kiln::text {

Module parse_module(const SExpr& form, std::string* id, TextSourceMap* map) {
  if (!form.is_form("module")) fail_unexpected(form);
  Cursor items(form);
  const Token* module_id = items.take_id();
  if (id) *id = module_id ? module_id->value : "";
  return ModuleParser(map).parse(items.rest(), module_id);
}

Module parse_module_fields(std::span<const SExpr> fields, TextSourceMap* map) {
  return ModuleParser(map).parse(fields, nullptr);
}

}  // namespace kiln::text

namespace kiln {

Module parse_wat(std::string_view source) { return parse_wat(source, nullptr); }

Module parse_wat(std::string_view source, TextSourceMap* map) {
  std::vector<text::SExpr> top = text::parse_sexprs(source);
  if (top.size() == 1 && top[0].is_form("module")) return text::parse_module(top[0], nullptr, map);
  return text::parse_module_fields(top, map);
}

}  // namespace kiln
