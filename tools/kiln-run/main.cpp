// `kiln-run [--dir HOST[::GUEST]]… [--env K=V]… APP.so [ARGS…]`: runs a WASI command compiled by
// `kiln compile`. It links only the runtime and WASI, never LLVM: what a deployment ships.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "kiln/compiled_module.h"
#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/linker.h"
#include "kiln/store.h"
#include "wasi/wasi_context.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTrap = 134;  // as a process killed by SIGABRT, like `kiln run`

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "error: " << message << '\n';
  return code;
}

int usage(std::ostream& out = std::cerr, int code = kExitUsage) {
  out << "usage: kiln-run [--dir HOST[::GUEST]]... [--env K=V]... APP.so [ARGS...]\n"
         "Runs a WASI command compiled with 'kiln compile APP.wasm -o APP.so'.\n";
  return code;
}

int run(const std::string& file, kiln::wasi::WasiConfig config) {
  std::optional<kiln::CompiledModule> compiled;
  try {
    compiled.emplace(kiln::CompiledModule::load_precompiled(file));
  } catch (const kiln::Error& error) {
    return fail(error.message());  // it names the file
  }
  std::optional<kiln::wasi::WasiContext> wasi;
  try {
    wasi.emplace(std::move(config));
  } catch (const kiln::Error& error) {
    return fail("kiln-run: --dir: " + error.message(), kExitUsage);
  }
  kiln::Engine engine;
  kiln::Store store(engine);
  kiln::Linker linker(store);
  kiln::wasi::define_wasi(linker, *wasi);
  kiln::Instance* instance = nullptr;
  try {
    instance = &linker.instantiate(*compiled);
  } catch (const kiln::Error& error) {
    if (std::optional<uint32_t> code = wasi->exit_code()) return static_cast<int>(*code);
    return fail(file + ": " + error.what());
  }
  std::optional<kiln::Func> start = instance->func("_start");
  if (!start || !start->type().params.empty() || !start->type().results.empty())
    return fail(file + ": exports no '_start' function taking and returning nothing");
  kiln::Result<std::vector<kiln::Value>> result = start->call({});
  if (result) return 0;
  if (std::optional<uint32_t> code = wasi->exit_code()) return static_cast<int>(*code);
  std::cerr << "error: wasm trap: " << result.trap().message << '\n';
  return kExitTrap;
}

}  // namespace

int main(int argc, char** argv) {
  kiln::wasi::WasiConfig config;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string option = argv[i];
    if (option == "--help" || option == "-h") return usage(std::cout, 0);
    if ((option != "--dir" && option != "--env") || i + 1 >= argc) return usage();
    std::string value = argv[++i];
    if (option == "--env") {
      if (value.find('=') == std::string::npos)
        return fail("kiln-run: --env wants K=V, not '" + value + "'", kExitUsage);
      config.env.push_back(value);
    } else {
      size_t separator = value.find("::");
      config.preopens.push_back(separator == std::string::npos
                                    ? kiln::wasi::PreopenDir{value, value}
                                    : kiln::wasi::PreopenDir{value.substr(0, separator), value.substr(separator + 2)});
    }
  }
  if (i >= argc) return usage();
  std::string file = argv[i];
  config.args.push_back(std::filesystem::path(file).filename().string());
  for (++i; i < argc; ++i) config.args.push_back(argv[i]);
  return run(file, std::move(config));
}
