// The linker: names what modules may import — host functions, memories, tables, globals and
// whole instances — and instantiates modules against those names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "kiln/store.h"

namespace kiln {

class Linker {
 public:
  explicit Linker(Store& store) : store_(store) {}

  Store& store() const { return store_; }

  // Offers `value` as import `module`.`name`, replacing what was there.
  Linker& define(const std::string& module, const std::string& name, Extern value);
  Linker& func(const std::string& module, const std::string& name, FuncType type, DynamicHostCallback callback) {
    return define(module, name, store_.create_func(std::move(type), std::move(callback)));
  }
  // A typed host function: linker.func("env", "log", [](Caller&, int32_t value) { … }).
  template <class F>
  Linker& func(const std::string& module, const std::string& name, F callable) {
    return define(module, name, store_.create_func(std::move(callable)));
  }
  // Offers every export of `instance` under the module name `module`.
  Linker& instance(const std::string& module, const Instance& instance);

  std::optional<Extern> get(std::string_view module, std::string_view name) const;

  // Resolves the imports of `module` by name and instantiates it. Throws Error(Unlinkable)
  // ("unknown import", "incompatible import type") or Error(Uninstantiable).
  Instance& instantiate(const CompiledModule& module) const;

 private:
  Store& store_;
  std::map<std::pair<std::string, std::string>, Extern> definitions_;
};

}  // namespace kiln
