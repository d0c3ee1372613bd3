// `kiln run [options] FILE [ARGS…]`: JIT-compiles a module (or loads a shared object from `kiln compile`) and runs
// it as a WASI command (its `_start`, exiting with its exit code), or calls one export with --invoke and prints the
// results.
#include <pthread.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>

#include "compile_cache.h"
#include "invoke_values.h"
#include "kiln/error.h"
#include "kiln/jit.h"
#include "kiln/lazy_compile.h"
#include "kiln/linker.h"
#include "kiln/loader.h"
#include "options.h"
#include "run_timeout.h"
#include "wasi/wasi_context.h"

namespace kiln::cli {
namespace {

// The exit code of a run that a trap ended, as a process killed by SIGABRT would have (128 + 6).
constexpr int kExitTrap = 134;

struct RunOptions {
  std::string file;
  std::vector<std::string> program_args;
  std::optional<std::string> invoke;
  std::vector<std::string> dirs;
  std::vector<std::string> env;
  unsigned opt_level = 2;
  unsigned threads = 0;           // compile in this many partitions, on as many threads
  uint64_t max_memory_bytes = 0;  // 0: no cap beyond the module's own
  std::optional<uint64_t> max_table_elements;
  size_t max_stack_bytes = 0;  // 0: run on this thread's stack
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint64_t> fuel;
  std::optional<std::string> cache_directory;  // --cache: compile through this cache
  bool cache_stats = false;
  bool compile_stats = false;     // --stats: print the compilation's phase times to stderr
  bool trap_unused_loads = true;  // --no-trap-unused-loads turns it off
  bool lazy = false;              // --lazy: compile each function on its first call
};

// kiln's own options come before FILE; everything after it belongs to the program, dashes and all.
size_t file_position(const Args& args) {
  static const char* const kTakesValue[] = {
      "--invoke",    "--dir",     "--env",  "--opt-level",          "-O",        "--max-memory",
      "--max-stack", "--timeout", "--fuel", "--max-table-elements", "--threads", "-j"};
  size_t i = 0;
  while (i < args.size() && args[i].size() > 1 && args[i][0] == '-') {
    bool takes_value = std::find(std::begin(kTakesValue), std::end(kTakesValue), args[i]) != std::end(kTakesValue);
    i += takes_value ? 2 : 1;
  }
  return i;
}

// BYTES, or N followed by "pages" (64 KiB each).
uint64_t parse_size(const std::string& text, const char* option) {
  std::string_view digits = text;
  uint64_t unit = 1;
  if (digits.ends_with("pages")) {
    digits.remove_suffix(5);
    unit = kPageSize;
  }
  uint64_t count = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      count > std::numeric_limits<uint64_t>::max() / unit)
    throw po::error(std::string("the argument ('") + text + "') for option '--" + option + "' is invalid");
  return count * unit;
}

wasi::PreopenDir parse_dir(const std::string& text) {
  size_t separator = text.find("::");
  if (separator == std::string::npos) return {text, text};
  return {text.substr(0, separator), text.substr(separator + 2)};
}

// Runs `body` on a thread whose stack holds `stack_bytes` for wasm beside the runtime's own margin:
// the runtime puts wasm's stack limit near the bottom of whichever thread enters it.
int run_with_stack(size_t stack_bytes, const std::function<int()>& body) {
  struct Job {
    const std::function<int()>* body;
    int exit_code = 0;
  } job{&body};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  size_t page = 4096;
  size_t size = (stack_bytes + EngineConfig{}.stack_margin + page - 1) / page * page;
  pthread_attr_setstacksize(&attributes, std::max<size_t>(size, PTHREAD_STACK_MIN));
  pthread_t thread;
  int created = pthread_create(
      &thread, &attributes,
      [](void* argument) -> void* {
        auto* running = static_cast<Job*>(argument);
        running->exit_code = (*running->body)();
        return nullptr;
      },
      &job);
  pthread_attr_destroy(&attributes);
  if (created != 0) return report_error("cannot start a thread with a " + std::to_string(size) + "-byte stack");
  pthread_join(thread, nullptr);
  return job.exit_code;
}

int report_trap(const Trap& trap, const wasi::WasiContext& wasi) {
  if (std::optional<uint32_t> code = wasi.exit_code()) return static_cast<int>(*code);
  std::cerr << "error: wasm trap: " << trap.message << '\n';
  if (!trap.backtrace.empty()) std::cerr << "wasm backtrace:\n" << format_backtrace(trap.backtrace);
  return kExitTrap;
}

int invoke_export(Instance& instance, const RunOptions& options, const wasi::WasiContext& wasi) {
  std::optional<Func> function = instance.func(*options.invoke);
  if (!function) return report_error("module exports no function named '" + *options.invoke + "'", kExitUsage);
  const FuncType& type = function->type();
  if (options.program_args.size() != type.params.size()) {
    return report_error("'" + *options.invoke + "' takes " + std::to_string(type.params.size()) + " argument(s), " +
                            to_string(type) + "; got " + std::to_string(options.program_args.size()),
                        kExitUsage);
  }
  std::vector<Value> args;
  try {
    for (size_t i = 0; i < type.params.size(); ++i)
      args.push_back(parse_invoke_value(options.program_args[i], type.params[i]));
  } catch (const std::invalid_argument& error) {
    return report_error(error.what(), kExitUsage);
  }
  Result<std::vector<Value>> results = function->call(args);
  if (!results) return report_trap(results.trap(), wasi);
  for (const Value& value : *results) std::cout << format_value(value) << '\n';
  return kExitOk;
}

int run_start(Instance& instance, const wasi::WasiContext& wasi) {
  std::optional<Func> start = instance.func("_start");
  if (!start) return report_error("module exports no '_start' function; call an export with --invoke NAME");
  if (!start->type().params.empty() || !start->type().results.empty())
    return report_error("'_start' must take and return nothing, not " + to_string(start->type()));
  Result<std::vector<Value>> result = start->call({});
  if (!result) return report_trap(result.trap(), wasi);
  return kExitOk;
}

int run_module(const RunOptions& options) {
  CompileOptions compile_options{.opt_level = options.opt_level,
                                 .interruptible = options.timeout.has_value(),
                                 .consume_fuel = options.fuel.has_value(),
                                 .trap_unused_loads = options.trap_unused_loads,
                                 .threads = options.threads,
                                 .lazy = options.lazy};
  CompileStats stats;
  if (options.compile_stats) compile_options.stats = &stats;
  auto compile_start = std::chrono::steady_clock::now();
  std::optional<CompiledModule> compiled;
  try {
    compiled.emplace(load_for_run(options.file, compile_options, options.cache_directory, options.cache_stats));
  } catch (const Error& error) {
    // The loader of shared objects names the file itself, and its refusals are not about wasm.
    if (error.message().starts_with(options.file)) return report_error(error.message());
    return report_error(options.file + ": " + error.what());
  }
  if (options.compile_stats)
    print_compile_stats(std::cerr, stats,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_start).count());
  // A shared object has the checks it was compiled with; without them a limit would never act.
  if (options.timeout && !compiled->code().interruptible)
    return report_error(options.file + ": compiled without interruption checks, so --timeout cannot stop it; " +
                        "compile it with --interruptible");
  if (options.fuel && !compiled->code().consumes_fuel)
    return report_error(options.file + ": compiled without fuel counting; compile it with --fuel");
  wasi::WasiConfig wasi_config;
  wasi_config.args.push_back(std::filesystem::path(options.file).filename().string());
  wasi_config.args.insert(wasi_config.args.end(), options.program_args.begin(), options.program_args.end());
  wasi_config.env = options.env;
  for (const std::string& dir : options.dirs) wasi_config.preopens.push_back(parse_dir(dir));
  std::optional<wasi::WasiContext> wasi;
  try {
    wasi.emplace(std::move(wasi_config));
  } catch (const Error& error) {
    return report_error("kiln run: --dir: " + error.message(), kExitUsage);
  }
  EngineConfig config;
  config.memory.max_pages_cap = options.max_memory_bytes / kPageSize;
  if (options.max_table_elements) config.max_table_elements = *options.max_table_elements;
  Engine engine(config);
  Store store(engine);
  Linker linker(store);
  wasi::define_wasi(linker, *wasi);
  if (options.fuel) store.set_fuel(*options.fuel);
  // The clock starts after compiling: it limits the program's run, the start function included.
  std::optional<Watchdog> watchdog;
  if (options.timeout) watchdog.emplace(store, *options.timeout);
  Instance* instance = nullptr;
  try {
    instance = &linker.instantiate(*compiled);
  } catch (const TrapError& error) {
    return report_trap(error.trap(), *wasi);
  } catch (const Error& error) {
    // A start function may end the program with proc_exit before _start runs.
    if (std::optional<uint32_t> code = wasi->exit_code()) return static_cast<int>(*code);
    return report_error(options.file + ": " + error.what());
  }
  auto run = [&] { return options.invoke ? invoke_export(*instance, options, *wasi) : run_start(*instance, *wasi); };
  // Only the run itself needs the sized stack; LLVM compiled the module on this thread's.
  int status = options.max_stack_bytes ? run_with_stack(options.max_stack_bytes, run) : run();
  if (options.compile_stats)
    if (std::optional<LazyCompileStats> lazy = lazy_compile_stats(compiled->code()))
      print_lazy_compile_stats(std::cerr, *lazy);
  return status;
}

}  // namespace

int run_run(const Args& args) {
  po::options_description description(
      "Runs a WASI command module (its _start; the exit code is the program's), or calls one exported\n"
      "function with --invoke and prints its results. Exits 134 when the run traps, 1 when the module\n"
      "cannot be loaded, validated or linked, 2 on bad usage.\n\noptions");
  RunOptions options;
  std::string invoke;
  bool no_trap_unused_loads = false;
  description.add_options()("file", po::value(&options.file)->required()->value_name("FILE"),
                            "module to run (.wasm, .wat, or a .so from 'kiln compile')")(
      "invoke", po::value(&invoke)->value_name("NAME"),
      "call this export with the ARGS as its arguments, instead of _start")(
      "dir", po::value(&options.dirs)->composing()->value_name("HOST[::GUEST]"),
      "give the program the host directory HOST, named GUEST (default: HOST); repeatable")(
      "env", po::value(&options.env)->composing()->value_name("K=V"), "set an environment variable; repeatable")(
      "opt-level,O", po::value(&options.opt_level)->default_value(2)->value_name("N"),
      "LLVM optimization level, 0 to 3")(
      "threads,j", po::value(&options.threads)->default_value(0)->value_name("N"),
      "compile the module's functions in N partitions on N threads (0: one per hardware thread)")(
      "max-memory", po::value<std::string>()->value_name("SIZE"), "cap every linear memory at SIZE: BYTES, or Npages")(
      "max-stack", po::value<std::string>()->value_name("BYTES"), "give wasm code a native stack of BYTES")(
      "timeout", po::value<std::string>()->value_name("DURATION"),
      "interrupt the run with a trap after DURATION: 500ms, 2s, 1m, or plain seconds")(
      "max-table-elements", po::value<uint64_t>()->value_name("N"), "let no table grow past N elements")(
      "fuel", po::value<uint64_t>()->value_name("N"),
      "let the program run N wasm instructions, then trap (deterministic)")(
      "trap-unused-loads", po::bool_switch(), "the default: an out-of-bounds load traps even when its value is unused")(
      "no-trap-unused-loads", po::bool_switch(&no_trap_unused_loads),
      "let optimization delete a load whose value is unused, and its out-of-bounds trap with it (slightly faster)")(
      "cache", po::value<std::string>()->implicit_value("")->value_name("DIR"),
      "compile ahead of time through an on-disk cache: --cache=DIR, or --cache for $XDG_CACHE_HOME/kiln\n"
      "(else ~/.cache/kiln); a later run of the same module with the same options skips compilation")(
      "lazy", po::bool_switch(&options.lazy),
      "compile each function on its first call (at the -O level), so that the program starts at once")(
      "cache-stats", po::bool_switch(&options.cache_stats), "say on stderr whether the cache had the module")(
      "stats", po::bool_switch(&options.compile_stats),
      "print the time of each phase of compilation and the peak memory to stderr before running");
  po::positional_options_description positional;
  positional.add("file", 1);
  size_t file_at = file_position(args);
  Args own(args.begin(), args.begin() + static_cast<ptrdiff_t>(std::min(file_at + 1, args.size())));
  if (file_at < args.size())
    options.program_args.assign(args.begin() + static_cast<ptrdiff_t>(file_at) + 1, args.end());
  po::variables_map values;
  if (auto exit = parse_options(own, "kiln run [options] FILE [ARGS...]", description, positional, values))
    return *exit;
  if (values.count("invoke")) options.invoke = invoke;
  if (values.count("cache")) {
    std::string directory = values["cache"].as<std::string>();
    options.cache_directory = directory.empty() ? default_cache_directory() : directory;
  }
  if (options.opt_level > 3) return report_error("kiln run: --opt-level must be 0, 1, 2 or 3", kExitUsage);
  if (options.lazy && options.cache_directory)
    return report_error("kiln run: --lazy and --cache exclude each other (the cache compiles everything ahead of time)",
                        kExitUsage);
  if (no_trap_unused_loads && values["trap-unused-loads"].as<bool>())
    return report_error("kiln run: --trap-unused-loads and --no-trap-unused-loads contradict each other", kExitUsage);
  options.trap_unused_loads = !no_trap_unused_loads;
  for (const std::string& variable : options.env)
    if (variable.find('=') == std::string::npos)
      return report_error("kiln run: --env wants K=V, not '" + variable + "'", kExitUsage);
  try {
    if (values.count("max-memory")) {
      options.max_memory_bytes = parse_size(values["max-memory"].as<std::string>(), "max-memory");
      if (options.max_memory_bytes < kPageSize)
        return report_error("kiln run: --max-memory must be at least one page (65536 bytes)", kExitUsage);
    }
    if (values.count("max-stack")) {
      options.max_stack_bytes = static_cast<size_t>(parse_size(values["max-stack"].as<std::string>(), "max-stack"));
      if (options.max_stack_bytes == 0) return report_error("kiln run: --max-stack must not be 0", kExitUsage);
    }
  } catch (const po::error& error) {
    return report_error(error.what(), kExitUsage);
  }
  if (values.count("timeout")) {
    options.timeout = parse_duration(values["timeout"].as<std::string>());
    if (!options.timeout)
      return report_error("kiln run: --timeout wants a duration such as 500ms, 2s or 1.5, not '" +
                              values["timeout"].as<std::string>() + "'",
                          kExitUsage);
  }
  if (values.count("fuel")) options.fuel = values["fuel"].as<uint64_t>();
  if (values.count("max-table-elements")) options.max_table_elements = values["max-table-elements"].as<uint64_t>();
  return run_module(options);
}

}  // namespace kiln::cli
