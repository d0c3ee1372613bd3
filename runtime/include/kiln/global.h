// A global variable: its type and the abi::GlobalCell compiled code reads and writes.
#pragma once

#include "kiln/abi.h"
#include "kiln/types.h"
#include "kiln/value.h"

namespace kiln {

class Global {
 public:
  // `value` must have the global's value type.
  Global(const GlobalType& type, const Value& value);
  Global(const Global&) = delete;
  Global& operator=(const Global&) = delete;

  const GlobalType& type() const { return type_; }
  Value get() const;
  // Throws std::invalid_argument for an immutable global or a value of another type.
  void set(const Value& value);

  abi::GlobalCell* cell() { return &cell_; }

 private:
  GlobalType type_;
  abi::GlobalCell cell_{};
};

}  // namespace kiln
