// Dynamic calls: arguments checked against the type, then a host function is run directly and
// a wasm function through its entry trampoline.
#include <stdexcept>
#include <string>

#include "kiln/func.h"
#include "kiln/store.h"

namespace kiln {

uint32_t Func::type_id() const { return host_ ? host_->type_id() : ref_->type_id; }

Result<std::vector<Value>> Func::call(std::span<const Value> args) const {
  const FuncType& signature = type();
  if (args.size() != signature.params.size())
    throw std::invalid_argument("expected " + std::to_string(signature.params.size()) + " arguments, got " +
                                std::to_string(args.size()));
  std::vector<abi::ValueSlot> slots(std::max<size_t>({args.size(), signature.results.size(), 1}));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != signature.params[i])
      throw std::invalid_argument("argument " + std::to_string(i) + " is " + to_string(args[i].type()) + ", not " +
                                  to_string(signature.params[i]));
    slots[i] = args[i].slot();
  }
  if (host_) {
    Caller caller(*store_, caller_);
    if (std::optional<Trap> trap = host_->invoke(caller, slots.data())) return std::move(*trap);
  } else {
    if (!entry_ || !ref_->code) throw std::logic_error("function has no compiled code to call");
    if (detail::enter_wasm(*store_, entry_, ref_->code, ref_->vmctx, slots.data())) return detail::entry_trap(*store_);
  }
  std::vector<Value> results;
  results.reserve(signature.results.size());
  for (size_t i = 0; i < signature.results.size(); ++i) results.emplace_back(signature.results[i], slots[i]);
  return results;
}

}  // namespace kiln
