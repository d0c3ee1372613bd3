// What the WAT parser knows about the module it is reading: the module built so far and, for
// each index space, how many entities it holds and which symbolic `$id`s name them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "kiln/module.h"
#include "text/sexpr.h"

namespace kiln::text {

class IndexSpace {
 public:
  // `kind` words duplicates ("duplicate func"), `noun` unknown names ("unknown function").
  IndexSpace(const char* kind, const char* noun) : kind_(kind), noun_(noun) {}

  uint32_t size() const { return size_; }
  // Takes the next index, binding `id` to it when given: "duplicate func $f" if already bound.
  uint32_t add(const Token* id);
  // A reference by `u32` or `$id`: "unknown function $f" for an unbound id. Numbers are not
  // range-checked here: an index past the end is a validation error, not a syntax error.
  uint32_t resolve(const SExpr& ref) const;
  std::optional<uint32_t> find(const std::string& id) const;

 private:
  const char* kind_;
  const char* noun_;
  std::unordered_map<std::string, uint32_t> ids_;
  uint32_t size_ = 0;
};

struct ModuleContext {
  Module module;
  IndexSpace types{"type", "type"};
  IndexSpace funcs{"func", "function"};
  IndexSpace tables{"table", "table"};
  IndexSpace memories{"memory", "memory"};
  IndexSpace globals{"global", "global"};
  IndexSpace elems{"elem", "elem segment"};
  IndexSpace datas{"data", "data segment"};

  // The index of the first type equal to `type`, appending it to the type section when there
  // is none (the spec's rule for inline function types).
  uint32_t intern_type(const FuncType& type);
};

}  // namespace kiln::text
