// Engine-wide canonical ids of function types: equal FuncTypes get equal ids whatever module
// declares them, so call_indirect and import matching compare one integer.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "kiln/types.h"

namespace kiln {

class TypeRegistry {
 public:
  // The id of `type`, registering it on first sight. Safe to call from any thread.
  uint32_t intern(const FuncType& type);
  // The type an id stands for; the reference stays valid as long as the registry.
  const FuncType& type(uint32_t id) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, uint32_t> ids_;  // keyed by the type's encoding
  std::deque<FuncType> types_;           // by id; a deque keeps references stable as it grows
};

}  // namespace kiln
