// The kiln side of differential testing: instantiates each module with binaryen's fuzzing-support
// imports, calls every exported function with zero arguments in export order, and prints the
// host calls, results and traps in the line format node_side.mjs prints too.
// usage: kiln_differential [-O N] [--trap-unused-loads] FILE.wasm…
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/loader.h"

namespace {

// Floats print as their bits, so that a difference in any bit shows.
std::string format(const kiln::Value& value) {
  char text[64];
  switch (value.type()) {
    case kiln::ValType::I32: std::snprintf(text, sizeof text, "i32 %d", value.as<int32_t>()); break;
    case kiln::ValType::I64:
      std::snprintf(text, sizeof text, "i64 %lld", static_cast<long long>(value.as<int64_t>()));
      break;
    case kiln::ValType::F32: std::snprintf(text, sizeof text, "f32 0x%08x", value.as<uint32_t>()); break;
    case kiln::ValType::F64:
      std::snprintf(text, sizeof text, "f64 0x%016llx", static_cast<unsigned long long>(value.as<uint64_t>()));
      break;
    default: return "unprintable";
  }
  return text;
}

// JavaScript can pass and receive only numbers: exports with other types are not called.
bool callable_from_javascript(const kiln::FuncType& type) {
  auto number = [](kiln::ValType t) { return kiln::is_num_type(t) && t != kiln::ValType::V128; };
  for (kiln::ValType t : type.params)
    if (!number(t)) return false;
  for (kiln::ValType t : type.results)
    if (!number(t)) return false;
  return true;
}

void define_fuzzing_support(kiln::Linker& linker) {
  linker.func("fuzzing-support", "log-i32", [](int32_t value) { std::cout << "log " << format(value) << "\n"; });
  linker.func("fuzzing-support", "log-i64", [](int64_t value) { std::cout << "log " << format(value) << "\n"; });
  linker.func("fuzzing-support", "log-f32", [](float value) { std::cout << "log " << format(value) << "\n"; });
  linker.func("fuzzing-support", "log-f64", [](double value) { std::cout << "log " << format(value) << "\n"; });
  // A v128 cannot cross into JavaScript: V8 throws a TypeError at such a call, which ends the export
  // call as a trap does.
  linker.func("fuzzing-support", "log-v128",
              [](kiln::V128) -> kiln::Result<void> { return kiln::host_trap("v128 cannot reach JavaScript"); });
}

void run(const std::string& path, const kiln::CompileOptions& options) {
  std::cout << "== " << std::filesystem::path(path).filename().string() << "\n";
  std::shared_ptr<const kiln::Module> module;
  try {
    module = std::make_shared<const kiln::Module>(kiln::load_module_file(path));
  } catch (const std::exception&) {
    std::cout << "invalid\n";
    return;
  }
  kiln::CompiledModule compiled(module, kiln::jit_compile(*module, options));
  kiln::Engine engine;
  kiln::Store store(engine);
  kiln::Linker linker(store);
  define_fuzzing_support(linker);
  kiln::Instance* instance = nullptr;
  try {
    instance = &linker.instantiate(compiled);
  } catch (const kiln::Error& error) {
    // A trap in the start function or a segment out of bounds, or an import nobody defines.
    std::cout << (error.kind() == kiln::ErrorKind::Unlinkable ? "unlinkable\n" : "instantiation failed\n");
    return;
  }
  for (const kiln::Export& entry : module->exports) {
    if (entry.kind != kiln::ExternKind::Func) continue;
    kiln::Func function = *instance->func(entry.name);
    std::cout << "call " << entry.name << "\n";
    if (!callable_from_javascript(function.type())) {
      std::cout << "  not callable from JavaScript\n";
      continue;
    }
    std::vector<kiln::Value> args;
    for (kiln::ValType type : function.type().params) args.push_back(kiln::Value::zero(type));
    kiln::Result<std::vector<kiln::Value>> results = function.call(args);
    if (!results) {
      bool exhausted = results.trap().kind == kiln::TrapKind::CallStackExhausted;
      std::cout << (exhausted ? "  trap: call stack exhausted\n" : "  trap\n");
      continue;
    }
    for (const kiln::Value& value : *results) std::cout << "  " << format(value) << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  kiln::CompileOptions options;
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "-O") == 0) {
    options.opt_level = static_cast<unsigned>(std::atoi(argv[2]));
    first = 3;
  }
  if (first < argc && std::strcmp(argv[first], "--trap-unused-loads") == 0) {
    options.trap_unused_loads = true;
    ++first;
  }
  if (first >= argc) {
    std::cerr << "usage: kiln_differential [-O N] [--trap-unused-loads] FILE.wasm…\n";
    return 2;
  }
  for (int i = first; i < argc; ++i) run(argv[i], options);
  return 0;
}
