// Import matching per the spec: the same kind; equal function types; table and memory limits
// no smaller and no less bounded than required; equal global types and mutability.
#include "import_matching.h"

#include "kiln/error.h"
#include "kiln/global.h"
#include "kiln/memory.h"
#include "kiln/table.h"

namespace kiln {
namespace {

bool limits_match(const Limits& actual, const Limits& required) {
  if (actual.min < required.min) return false;
  if (!required.max) return true;
  return actual.max && *actual.max <= *required.max;
}

bool extern_matches(TypeRegistry& types, const Module& module, const Import& import, const Extern& actual) {
  if (actual.kind != import.kind) return false;
  switch (import.kind) {
    case ExternKind::Func: return actual.func && actual.func.type_id() == types.intern(module.func_type(import.index));
    case ExternKind::Table: {
      const TableType& required = module.tables[import.index];
      TableType provided = actual.table->type();
      return provided.element == required.element && limits_match(provided.limits, required.limits);
    }
    case ExternKind::Memory: return limits_match(actual.memory->type().limits, module.memories[import.index].limits);
    case ExternKind::Global: return actual.global->type() == module.globals[import.index];
  }
  return false;
}

}  // namespace

void check_imports(TypeRegistry& types, const Module& module, std::span<const Extern> imports) {
  if (imports.size() != module.imports.size())
    throw Error(ErrorKind::Unlinkable, "expected " + std::to_string(module.imports.size()) + " imports, got " +
                                           std::to_string(imports.size()));
  for (size_t i = 0; i < imports.size(); ++i) {
    const Import& import = module.imports[i];
    if (!extern_matches(types, module, import, imports[i]))
      throw Error(ErrorKind::Unlinkable, "incompatible import type for " + import.module + "." + import.name + " (" +
                                             to_string(import.kind) + ")");
  }
}

}  // namespace kiln
