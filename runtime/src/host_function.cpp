// Running host functions: exceptions become traps, and a trap from a host function called by
// wasm ends the wasm call only after every C++ object of the call is destroyed.
#include <optional>

#include "host_call.h"
#include "instance_state.h"
#include "kiln/instance.h"
#include "trap_handler.h"

namespace kiln {
namespace {

thread_local std::optional<Trap> t_host_trap;

// Runs the host function behind `record`; false when it trapped (the trap is parked).
bool run_imported_host(detail::ImportedHostFunction& record, abi::ValueSlot* slots) {
  Caller caller(*record.store, record.caller);
  std::optional<Trap> trap = record.target->invoke(caller, slots);
  if (!trap) return true;
  t_host_trap = std::move(*trap);
  return false;
}

}  // namespace

Memory* Caller::memory(std::string_view name) const { return instance_ ? instance_->memory(name) : nullptr; }

Trap HostFunc::trap_from_exception(std::exception_ptr exception) noexcept {
  try {
    std::rethrow_exception(exception);
  } catch (const Trap& trap) {
    return trap;
  } catch (const std::exception& error) {
    return host_trap(error.what());
  } catch (...) {
    return host_trap("host function threw an exception");
  }
}

std::optional<Trap> DynamicHostFunc::invoke(Caller& caller, abi::ValueSlot* slots) noexcept {
  try {
    size_t count = std::max(type().params.size(), type().results.size());
    return callback_(caller, std::span<abi::ValueSlot>(slots, count));
  } catch (...) {
    return trap_from_exception(std::current_exception());
  }
}

namespace detail {

void call_imported_host(abi::HostFunction* self, abi::ValueSlot* slots) {
  if (!run_imported_host(static_cast<ImportedHostFunction&>(*self), slots)) KILN_TRAP_FROM_WASM(TrapKind::Host);
}

void park_host_trap(Trap trap) { t_host_trap = std::move(trap); }

void raise_parked_host_trap(const void* return_address, const void* frame) {
  raise_trap_from_wasm(TrapKind::Host, return_address, frame);
}

Trap take_host_trap() {
  Trap trap = t_host_trap.value_or(host_trap("host trap"));
  t_host_trap.reset();
  return trap;
}

}  // namespace detail
}  // namespace kiln
