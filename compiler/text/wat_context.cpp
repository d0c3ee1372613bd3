// Index spaces with symbolic names, and type interning for inline function types.
#include "text/wat_context.h"

#include <algorithm>

#include "text/numbers.h"
#include "text/wat_syntax.h"

namespace kiln::text {

uint32_t IndexSpace::add(const Token* id) {
  if (id && !ids_.emplace(id->value, size_).second) {
    fail(id->location, std::string("duplicate ") + kind_ + " $" + id->value);
  }
  return size_++;
}

uint32_t IndexSpace::resolve(const SExpr& ref) const {
  if (ref.is_atom(Token::Kind::Number)) return parse_u32(ref.atom);
  if (!ref.is_atom(Token::Kind::Id)) fail_unexpected(ref);
  auto index = find(ref.atom.value);
  if (!index) fail(ref.location, std::string("unknown ") + noun_ + " $" + ref.atom.value);
  return *index;
}

std::optional<uint32_t> IndexSpace::find(const std::string& id) const {
  auto it = ids_.find(id);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

uint32_t ModuleContext::intern_type(const FuncType& type) {
  auto& defined = module.types;
  auto it = std::find(defined.begin(), defined.end(), type);
  if (it != defined.end()) return static_cast<uint32_t>(it - defined.begin());
  defined.push_back(type);
  return types.add(nullptr);
}

}  // namespace kiln::text
