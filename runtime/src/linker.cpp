// Linker: definitions by (module, name), resolved in the order of a module's imports.
#include "kiln/linker.h"

#include <vector>

#include "kiln/error.h"

namespace kiln {

Linker& Linker::define(const std::string& module, const std::string& name, Extern value) {
  definitions_.insert_or_assign({module, name}, std::move(value));
  return *this;
}

Linker& Linker::instance(const std::string& module, const Instance& instance) {
  for (const Export& item : instance.module().exports) define(module, item.name, *instance.get_export(item.name));
  return *this;
}

std::optional<Extern> Linker::get(std::string_view module, std::string_view name) const {
  auto found = definitions_.find({std::string(module), std::string(name)});
  if (found == definitions_.end()) return std::nullopt;
  return found->second;
}

Instance& Linker::instantiate(const CompiledModule& module) const {
  std::vector<Extern> imports;
  imports.reserve(module.module().imports.size());
  for (const Import& import : module.module().imports) {
    std::optional<Extern> provided = get(import.module, import.name);
    if (!provided) throw Error(ErrorKind::Unlinkable, "unknown import " + import.module + "." + import.name);
    imports.push_back(std::move(*provided));
  }
  return store_.instantiate(module, imports);
}

}  // namespace kiln
