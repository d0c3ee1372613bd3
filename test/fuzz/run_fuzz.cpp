// libFuzzer entry for the whole pipeline: bytes that decode and validate are JIT-compiled,
// instantiated against stub imports and every exported function is called under a fuel bound.
// A valid module must compile, link against matching stubs and run to a result or a trap; a
// crash, a sanitizer report, a hang, a leak or an unexpected error is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/jit.h"
#include "kiln/store.h"
#include "kiln/validator.h"

namespace {

// Small enough that any loop of bulk operations the fuel allows ends within a second.
constexpr uint64_t kFuelPerCall = 20'000;
constexpr uint64_t kMaxPages = 32;  // 2 MiB per memory
constexpr uint64_t kMaxTableElements = 10'000;

[[noreturn]] void finding(const char* what, const char* detail) {
  std::fprintf(stderr, "kiln_run_fuzz: %s: %s\n", what, detail);
  std::abort();
}

// The compile options come from a hash of the input, so that a module found at one setting
// reproduces from its file alone: mostly -O0 (fast to compile), sometimes -O2 and explicit
// bounds checks, so that the optimizer and both memory strategies are exercised.
kiln::CompileOptions options_for(std::span<const uint8_t> bytes) {
  uint32_t hash = 2166136261u;
  for (uint8_t byte : bytes) hash = (hash ^ byte) * 16777619u;
  kiln::CompileOptions options;
  options.opt_level = (hash & 3) == 0 ? 2 : 0;
  options.bounds_checks = (hash & 12) == 0 ? kiln::BoundsChecks::Explicit : kiln::BoundsChecks::Guard;
  options.consume_fuel = true;
  return options;
}

// One extern per import, of exactly the imported type: functions that return zeros, fresh
// memories, tables and globals. Creating them may throw Error(Uninstantiable) past the caps.
std::vector<kiln::Extern> stub_imports(const kiln::Module& module, kiln::Store& store) {
  std::vector<kiln::Extern> externs;
  for (const kiln::Import& import : module.imports) {
    switch (import.kind) {
      case kiln::ExternKind::Func:
        externs.emplace_back(
            store.create_func(module.func_type(import.index), [](kiln::Caller&, std::span<kiln::abi::ValueSlot> slots) {
              for (kiln::abi::ValueSlot& slot : slots) slot = {};
              return std::optional<kiln::Trap>();
            }));
        break;
      case kiln::ExternKind::Memory: externs.emplace_back(store.create_memory(module.memories[import.index])); break;
      case kiln::ExternKind::Table: externs.emplace_back(store.create_table(module.tables[import.index])); break;
      case kiln::ExternKind::Global: {
        const kiln::GlobalType& type = module.globals[import.index];
        externs.emplace_back(store.create_global(type, kiln::Value::zero(type.type)));
        break;
      }
    }
  }
  return externs;
}

void run(const kiln::CompiledModule& compiled) {
  kiln::EngineConfig config;
  config.memory.max_pages_cap = kMaxPages;
  config.max_table_elements = kMaxTableElements;
  kiln::Engine engine(config);
  kiln::Store store(engine);
  kiln::Instance* instance = nullptr;
  try {
    std::vector<kiln::Extern> imports = stub_imports(compiled.module(), store);
    store.set_fuel(kFuelPerCall);  // for the start function
    instance = &store.instantiate(compiled, imports);
  } catch (const kiln::Error& error) {
    // A segment out of bounds, a trapping start function or a size past the caps is a correct
    // refusal; stubs of the imported types that do not link are a bug.
    if (error.kind() == kiln::ErrorKind::Unlinkable) finding("stub imports did not link", error.what());
    return;
  }
  for (const kiln::Export& entry : compiled.module().exports) {
    if (entry.kind != kiln::ExternKind::Func) continue;
    kiln::Func function = *instance->func(entry.name);
    std::vector<kiln::Value> args;
    for (kiln::ValType type : function.type().params) args.push_back(kiln::Value::zero(type));
    store.set_fuel(kFuelPerCall);
    kiln::Result<std::vector<kiln::Value>> results = function.call(args);
    if (results && results->size() != function.type().results.size())
      finding("wrong number of results from", entry.name.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  std::shared_ptr<const kiln::Module> module;
  try {
    kiln::Module decoded = kiln::decode_module(bytes);
    kiln::validate_module(decoded);
    module = std::make_shared<const kiln::Module>(std::move(decoded));
  } catch (const kiln::Error&) {
    return 0;  // rejecting the input is a correct outcome
  }
  std::shared_ptr<const kiln::CompiledCode> code;
  try {
    code = kiln::jit_compile(*module, options_for(bytes));
  } catch (const kiln::Error& error) {
    finding("a valid module did not compile", error.what());
  }
  run(kiln::CompiledModule(module, code));
  return 0;
}
