// Global: typed access to the cell compiled code shares.
#include "kiln/global.h"

#include <stdexcept>

namespace kiln {

Global::Global(const GlobalType& type, const Value& value) : type_(type) {
  if (value.type() != type.type) throw std::invalid_argument("global initialized with a value of another type");
  std::memcpy(cell_.bytes, value.slot().bytes, sizeof cell_.bytes);
}

Value Global::get() const {
  abi::ValueSlot slot;
  std::memcpy(slot.bytes, cell_.bytes, sizeof slot.bytes);
  return Value(type_.type, slot);
}

void Global::set(const Value& value) {
  if (!type_.is_mutable) throw std::invalid_argument("global is immutable");
  if (value.type() != type_.type) throw std::invalid_argument("global set to a value of another type");
  std::memcpy(cell_.bytes, value.slot().bytes, sizeof cell_.bytes);
}

}  // namespace kiln
