// A table of references (funcref: `const abi::FuncRef*`, externref: opaque `void*`) and the
// abi::TableExtent that compiled code reads, updated when growth moves the elements.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kiln/abi.h"
#include "kiln/types.h"

namespace kiln {

class Table {
 public:
  // Every element starts as `init`. `max_elements_cap` bounds growth below the declared
  // maximum; an initial size above it throws Error(Uninstantiable).
  Table(const TableType& type, void* init, uint64_t max_elements_cap);
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // The type as imports match it: the current size as minimum, the declared maximum.
  TableType type() const { return {element_type_, {size(), declared_max_}}; }
  ValType element_type() const { return element_type_; }
  uint64_t size() const { return elements_.size(); }
  std::span<void*> elements() { return elements_; }

  // table.grow: the old size, or -1 when the table cannot grow by `delta`.
  int64_t grow(uint64_t delta, void* init);

  abi::TableExtent* extent() { return &extent_; }

 private:
  void publish() { extent_ = {elements_.data(), elements_.size()}; }

  ValType element_type_;
  std::optional<uint64_t> declared_max_;
  uint64_t max_size_;  // the declared maximum and the cap, whichever is less
  std::vector<void*> elements_;
  abi::TableExtent extent_{};
};

}  // namespace kiln
