// Names and predicates of the value and entity types.
#include "kiln/types.h"
#include "kiln/module.h"

namespace kiln {

bool is_num_type(ValType t) { return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64; }

bool is_ref_type(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

const char* to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

std::optional<ValType> val_type_from_byte(uint8_t byte) {
  switch (byte) {
    case 0x7F:
    case 0x7E:
    case 0x7D:
    case 0x7C:
    case 0x7B:
    case 0x70:
    case 0x6F: return static_cast<ValType>(byte);
    default: return std::nullopt;
  }
}

std::string to_string(const FuncType& type) {
  auto list = [](const std::vector<ValType>& types) {
    std::string text = "[";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i) text += ' ';
      text += to_string(types[i]);
    }
    return text + "]";
  };
  return list(type.params) + " -> " + list(type.results);
}

const char* to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string Module::function_name(uint32_t func_index) const {
  auto it = names.functions.find(func_index);
  if (it != names.functions.end()) return it->second;
  return "func[" + std::to_string(func_index) + "]";
}

}  // namespace kiln
