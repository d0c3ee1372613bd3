// Interning function types by their encoding.
#include "kiln/type_registry.h"

namespace kiln {
namespace {

// Value types are non-zero bytes, so a zero byte can separate parameters from results.
std::string encode(const FuncType& type) {
  std::string key;
  key.reserve(type.params.size() + type.results.size() + 1);
  for (ValType t : type.params) key += static_cast<char>(t);
  key += '\0';
  for (ValType t : type.results) key += static_cast<char>(t);
  return key;
}

}  // namespace

uint32_t TypeRegistry::intern(const FuncType& type) {
  std::string key = encode(type);
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = ids_.try_emplace(std::move(key), static_cast<uint32_t>(types_.size()));
  if (inserted) types_.push_back(type);
  return it->second;
}

const FuncType& TypeRegistry::type(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return types_.at(id);
}

}  // namespace kiln
