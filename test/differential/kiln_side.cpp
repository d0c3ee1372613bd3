// The kiln side of differential testing: instantiates each module with binaryen's fuzzing-support
// imports, calls every exported function with zero arguments in export order, and prints the
// host calls, results and traps in the line format node_side.mjs prints too. With --aot each module
// is compiled to a shared object in process and loaded back, as `kiln compile` and `kiln-run` do.
// usage: kiln_differential [-O N] [--aot] [--no-trap-unused-loads] FILE.wasm…
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "kiln/aot.h"
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

// Where --aot writes its shared objects: a private directory, each object under a name of its own
// (the dynamic linker would reuse an object already loaded under the same name).
class SharedObjects {
 public:
  SharedObjects() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kiln-differential-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw kiln::Error(kiln::ErrorKind::Io, "cannot make a temporary directory");
    directory_ = pattern;
  }
  ~SharedObjects() {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  SharedObjects(const SharedObjects&) = delete;
  SharedObjects& operator=(const SharedObjects&) = delete;

  // Compiles `module` ahead of time, loads the object and deletes its file (it stays mapped).
  kiln::CompiledModule compile_and_load(const kiln::Module& module, const kiln::CompileOptions& options) {
    kiln::AotOptions aot_options;
    aot_options.compile = options;
    aot_options.kiln_version = "differential";
    std::vector<uint8_t> bytes = kiln::aot_compile(module, aot_options);
    std::filesystem::path path = directory_ / (std::to_string(next_++) + ".so");
    {
      std::ofstream file(path, std::ios::binary);
      file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
      if (!file.flush()) throw kiln::Error(kiln::ErrorKind::Io, "cannot write " + path.string());
    }
    kiln::CompiledModule compiled = kiln::CompiledModule::load_precompiled(path.string());
    std::filesystem::remove(path);
    return compiled;
  }

 private:
  std::filesystem::path directory_;
  uint64_t next_ = 0;
};

void run(const std::string& path, const kiln::CompileOptions& options, SharedObjects* shared_objects) {
  std::cout << "== " << std::filesystem::path(path).filename().string() << "\n";
  std::shared_ptr<const kiln::Module> module;
  try {
    module = std::make_shared<const kiln::Module>(kiln::load_module_file(path));
  } catch (const std::exception&) {
    std::cout << "invalid\n";
    return;
  }
  kiln::CompiledModule compiled = shared_objects ? shared_objects->compile_and_load(*module, options)
                                                 : kiln::CompiledModule(module, kiln::jit_compile(*module, options));
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
  bool aot = false;
  int first = 1;
  for (; first < argc && argv[first][0] == '-'; ++first) {
    if (std::strcmp(argv[first], "-O") == 0 && first + 1 < argc) {
      options.opt_level = static_cast<unsigned>(std::atoi(argv[++first]));
    } else if (std::strcmp(argv[first], "--aot") == 0) {
      aot = true;
    } else if (std::strcmp(argv[first], "--no-trap-unused-loads") == 0) {
      options.trap_unused_loads = false;
    } else {
      first = argc;  // an unknown option: print the usage
    }
  }
  if (first >= argc) {
    std::cerr << "usage: kiln_differential [-O N] [--aot] [--no-trap-unused-loads] FILE.wasm…\n";
    return 2;
  }
  std::unique_ptr<SharedObjects> shared_objects;
  if (aot) shared_objects = std::make_unique<SharedObjects>();
  for (int i = first; i < argc; ++i) run(argv[i], options, shared_objects.get());
  return 0;
}
