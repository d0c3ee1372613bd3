// Instance: exports by name, as handles the embedder can use.
#include "kiln/instance.h"

#include <stdexcept>

#include "instance_state.h"
#include "kiln/store.h"

namespace kiln {

Instance::Instance(std::unique_ptr<detail::InstanceState> state) : state_(std::move(state)) { state_->self = this; }

Instance::~Instance() = default;

const Module& Instance::module() const { return state_->module(); }

Func Instance::function_at(uint32_t index) const {
  detail::InstanceState& state = *state_;
  const Module& module = state.module();
  Func function;
  function.store_ = &state.store;
  function.ref_ = &state.func_refs[index];
  function.type_ = &state.store.engine().types().type(function.ref_->type_id);
  uint32_t type_index = module.functions[index];
  const CompiledCode& code = state.compiled.code();
  if (type_index < code.entries.size()) function.entry_ = code.entries[type_index];
  function.direct_ = code.direct_typed_calls;
  if (index < module.num_imported_functions && state.imported_hosts[index]) {
    function.host_ = state.imported_hosts[index];
    function.caller_ = state.self;
  }
  return function;
}

std::optional<Extern> Instance::get_export(std::string_view name) const {
  for (const Export& item : state_->module().exports) {
    if (item.name != name) continue;
    switch (item.kind) {
      case ExternKind::Func: return Extern(function_at(item.index));
      case ExternKind::Table: return Extern(*state_->tables[item.index]);
      case ExternKind::Memory: return Extern(*state_->memories[item.index]);
      case ExternKind::Global: return Extern(*state_->globals[item.index]);
    }
  }
  return std::nullopt;
}

std::optional<Func> Instance::func(std::string_view name) const {
  std::optional<Extern> found = get_export(name);
  if (!found || found->kind != ExternKind::Func) return std::nullopt;
  return found->func;
}

Memory* Instance::memory(std::string_view name) const {
  std::optional<Extern> found = get_export(name);
  return found ? found->memory : nullptr;
}

Table* Instance::table(std::string_view name) const {
  std::optional<Extern> found = get_export(name);
  return found ? found->table : nullptr;
}

Global* Instance::global(std::string_view name) const {
  std::optional<Extern> found = get_export(name);
  return found ? found->global : nullptr;
}

Func Instance::typed_candidate(std::string_view name, const FuncType& expected) const {
  std::optional<Func> function = func(name);
  if (!function) throw std::invalid_argument("no exported function '" + std::string(name) + "'");
  if (function->type() != expected)
    throw std::invalid_argument("exported function '" + std::string(name) + "' has type " +
                                to_string(function->type()) + ", not " + to_string(expected));
  if (!function->entry_ || !function->ref_->code)
    throw std::logic_error("exported function '" + std::string(name) + "' has no compiled code to call");
  return *function;
}

}  // namespace kiln
