// The spec-script engine on kiln's runtime, and the `spectest` module's exports as the spec's reference
// interpreter defines them.
#include "wast_engine.h"

#include <bit>
#include <map>
#include <stdexcept>

#include "kiln/linker.h"

namespace kiln::cli {

const SpectestExports& spectest_exports() {
  using enum ValType;
  static const SpectestExports exports{
      .functions =
          {
              {"print", {{}, {}}},
              {"print_i32", {{I32}, {}}},
              {"print_i64", {{I64}, {}}},
              {"print_f32", {{F32}, {}}},
              {"print_f64", {{F64}, {}}},
              {"print_i32_f32", {{I32, F32}, {}}},
              {"print_f64_f64", {{F64, F64}, {}}},
          },
      .globals =
          {
              {"global_i32", {I32, false}, 666},
              {"global_i64", {I64, false}, 666},
              {"global_f32", {F32, false}, std::bit_cast<uint32_t>(666.6f)},
              {"global_f64", {F64, false}, std::bit_cast<uint64_t>(666.6)},
          },
      .table = {FuncRef, {10, 20}},
      .memory = {{1, 2}},
  };
  return exports;
}

namespace {

// Scripts write `ref.extern N` for host references, N from 0; a host reference is N + 1 as a pointer, so that
// `ref.extern 0` is not null.
void* extern_pointer(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n + 1)); }

Value to_value(const text::WastValue& value) {
  abi::ValueSlot slot{};
  switch (value.type) {
    case ValType::I32:
    case ValType::F32: store_slot(slot, static_cast<uint32_t>(value.bits)); break;
    case ValType::I64:
    case ValType::F64: store_slot(slot, value.bits); break;
    case ValType::V128: store_slot(slot, value.v128); break;
    case ValType::FuncRef:
      if (!value.is_null) throw std::runtime_error("a function reference cannot be written as an argument");
      break;
    case ValType::ExternRef: store_slot(slot, value.is_null ? nullptr : extern_pointer(value.bits)); break;
  }
  return Value(value.type, slot);
}

text::WastValue to_wast_value(const Value& value) {
  text::WastValue result;
  result.type = value.type();
  switch (value.type()) {
    case ValType::I32:
    case ValType::F32: result.bits = value.as<uint32_t>(); break;
    case ValType::I64:
    case ValType::F64: result.bits = value.as<uint64_t>(); break;
    case ValType::V128: result.v128 = value.as<V128>(); break;
    case ValType::FuncRef:
    case ValType::ExternRef: {
      auto pointer = reinterpret_cast<uintptr_t>(value.as<void*>());
      result.is_null = pointer == 0;
      result.bits = value.type() == ValType::ExternRef && pointer != 0 ? pointer - 1 : pointer;
      break;
    }
  }
  return result;
}

void print_value(std::ostream& out, const abi::ValueSlot& slot, ValType type) {
  switch (type) {
    case ValType::I32: out << load_slot<int32_t>(slot); break;
    case ValType::I64: out << load_slot<int64_t>(slot); break;
    case ValType::F32: out << load_slot<float>(slot); break;
    case ValType::F64: out << load_slot<double>(slot); break;
    default: out << "?"; break;
  }
  out << " : " << to_string(type) << '\n';
}

class RuntimeWastEngine final : public WastEngine {
 public:
  RuntimeWastEngine(WastCompiler compile, std::ostream* print_output, const EngineConfig& config)
      : compile_(std::move(compile)), print_output_(print_output), engine_(config) {
    define_spectest();
  }

  void instantiate(const Module& module, const std::string& instance_name) override {
    auto model = std::make_shared<const Module>(module);
    CompiledModule compiled = compile_(model);
    Instance& instance = linker_.instantiate(compiled);
    current_ = &instance;
    if (!instance_name.empty()) named_[instance_name] = &instance;
  }

  void register_instance(const std::string& import_name, const std::string& instance_name) override {
    linker_.instance(import_name, find(instance_name));
  }

  WastOutcome perform(const text::WastAction& action) override {
    Instance& instance = find(action.module);
    WastOutcome outcome;
    if (action.kind == text::WastAction::Kind::Get) {
      Global* global = instance.global(action.field);
      if (!global) throw std::runtime_error("unknown global \"" + action.field + "\"");
      outcome.values.push_back(to_wast_value(global->get()));
      return outcome;
    }
    std::optional<Func> func = instance.func(action.field);
    if (!func) throw std::runtime_error("unknown function \"" + action.field + "\"");
    std::vector<Value> args;
    for (const text::WastValue& arg : action.args) args.push_back(to_value(arg));
    Result<std::vector<Value>> result = func->call(args);
    if (!result) {
      outcome.trap = result.trap().message;
      return outcome;
    }
    for (const Value& value : *result) outcome.values.push_back(to_wast_value(value));
    return outcome;
  }

 private:
  Instance& find(const std::string& name) {
    if (name.empty()) {
      if (!current_) throw std::runtime_error("no module instantiated");
      return *current_;
    }
    auto found = named_.find(name);
    if (found == named_.end()) throw std::runtime_error("unknown module $" + name);
    return *found->second;
  }

  void define_spectest() {
    const SpectestExports& exports = spectest_exports();
    for (const SpectestExports::Function& function : exports.functions) {
      linker_.func("spectest", function.name, function.type,
                   [this, type = function.type](Caller&, std::span<abi::ValueSlot> slots) -> std::optional<Trap> {
                     if (print_output_)
                       for (size_t i = 0; i < type.params.size(); ++i)
                         print_value(*print_output_, slots[i], type.params[i]);
                     return std::nullopt;
                   });
    }
    for (const SpectestExports::Global& global : exports.globals) {
      abi::ValueSlot slot{};
      store_slot(slot, global.bits);
      linker_.define("spectest", global.name, store_.create_global(global.type, Value(global.type.type, slot)));
    }
    linker_.define("spectest", "table", store_.create_table(exports.table));
    linker_.define("spectest", "memory", store_.create_memory(exports.memory));
  }

  WastCompiler compile_;
  std::ostream* print_output_;
  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  Instance* current_ = nullptr;
  std::map<std::string, Instance*> named_;
};

}  // namespace

std::unique_ptr<WastEngine> make_runtime_wast_engine(WastCompiler compile, std::ostream* print_output,
                                                     const EngineConfig& config) {
  return std::make_unique<RuntimeWastEngine>(std::move(compile), print_output, config);
}

}  // namespace kiln::cli
