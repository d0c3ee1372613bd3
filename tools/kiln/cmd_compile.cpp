// `kiln compile FILE [-o OUT] [-O N] [--target-cpu CPU|host|generic] [--emit=KIND] [-j N] [--stats]`: compiles a
// module ahead of time into a shared object that `kiln run` and `kiln-run` load without LLVM, or
// writes an intermediate stage (IR, assembly, object) for scripts.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "kiln/aot.h"
#include "kiln/error.h"
#include "kiln/loader.h"
#include "options.h"

namespace kiln::cli {
namespace {

struct EmitKind {
  const char* name;
  AotOutput output;
  const char* extension;
};

constexpr EmitKind kEmitKinds[] = {
    {"llvm-ir", AotOutput::LlvmIr, ".ll"},  {"opt-ir", AotOutput::OptimizedIr, ".opt.ll"},
    {"asm", AotOutput::Assembly, ".s"},     {"obj", AotOutput::Object, ".o"},
    {"so", AotOutput::SharedObject, ".so"},
};

bool write_output(const std::string& path, const std::vector<uint8_t>& bytes) {
  if (path == "-") {
    std::cout.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return bool(std::cout.flush());
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return bool(file.flush());
}

}  // namespace

int run_compile(const Args& args) {
  po::options_description description(
      "Compiles a module ahead of time into a native shared object (with its metadata and a header\n"
      "recording the ABI version, target and CPU features), which 'kiln run OUT.so' and 'kiln-run OUT.so'\n"
      "load without LLVM; or, with --emit, writes an intermediate stage.\n\noptions");
  std::string file;
  std::string output;
  unsigned opt_level = 2;
  std::string target_cpu = "host";
  std::string emit = "so";
  std::string bounds_checks = "guard";
  bool print_stats = false;
  AotOptions options;
  bool no_trap_unused_loads = false;
  description.add_options()("file", po::value(&file)->required()->value_name("FILE"), "module (.wasm or .wat)")(
      "output,o", po::value(&output)->value_name("OUT"), "output file ('-' for stdout; default: FILE's name + .so …)")(
      "opt-level,O", po::value(&opt_level)->default_value(2)->value_name("N"), "LLVM optimization level, 0 to 3")(
      "target-cpu", po::value(&target_cpu)->default_value("host")->value_name("CPU"),
      "'host' (this CPU's features that kiln can check), 'generic' (baseline x86-64) or an LLVM CPU name")(
      "emit", po::value(&emit)->default_value("so")->value_name("KIND"),
      "what to write: llvm-ir, opt-ir (as 'kiln ir' prints them), asm, obj or so")(
      "bounds-checks", po::value(&bounds_checks)->default_value("guard"),
      "'guard' (guard regions) or 'explicit' (a check per memory access)")(
      "interruptible", po::bool_switch(&options.compile.interruptible),
      "check for interruption at function entries and loops, so that 'kiln run --timeout' can stop the code")(
      "fuel", po::bool_switch(&options.compile.consume_fuel),
      "count the wasm instructions run, so that 'kiln run --fuel N' can limit them")(
      "trap-unused-loads", po::bool_switch(), "the default: an out-of-bounds load traps even when its value is unused")(
      "no-trap-unused-loads", po::bool_switch(&no_trap_unused_loads),
      "let optimization delete a load whose value is unused, and its out-of-bounds trap with it (slightly faster)")(
      "threads,j", po::value(&options.compile.threads)->default_value(0)->value_name("N"),
      "compile the functions in N partitions on N threads (0: one per hardware thread); the same N gives the "
      "same output. Only --emit=so is partitioned")(
      "stats", po::bool_switch(&print_stats),
      "print the time of each phase (decode, validate, IR emission, optimization, codegen, link) and the peak "
      "memory to stderr");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (auto exit = parse_options(args, "kiln compile [options] FILE", description, positional, values)) return *exit;
  if (opt_level > 3) return report_error("kiln compile: --opt-level must be 0, 1, 2 or 3", kExitUsage);
  if (no_trap_unused_loads && values["trap-unused-loads"].as<bool>())
    return report_error("kiln compile: --trap-unused-loads and --no-trap-unused-loads contradict each other",
                        kExitUsage);
  options.compile.trap_unused_loads = !no_trap_unused_loads;
  if (bounds_checks != "guard" && bounds_checks != "explicit")
    return report_error("kiln compile: --bounds-checks must be 'guard' or 'explicit'", kExitUsage);
  const EmitKind* kind = nullptr;
  for (const EmitKind& candidate : kEmitKinds)
    if (emit == candidate.name) kind = &candidate;
  if (!kind) return report_error("kiln compile: --emit must be llvm-ir, opt-ir, asm, obj or so", kExitUsage);
  if (output.empty()) output = std::filesystem::path(file).replace_extension(kind->extension).string();

  options.compile.opt_level = opt_level;
  if (bounds_checks == "explicit") options.compile.bounds_checks = BoundsChecks::Explicit;
  options.target_cpu = target_cpu;
  options.kiln_version = KILN_VERSION;
  std::vector<uint8_t> bytes;
  CompileStats stats;
  if (print_stats) options.compile.stats = &stats;
  auto start = std::chrono::steady_clock::now();
  try {
    Module module = load_module_file(file, options.compile.stats);
    bytes = aot_compile(module, options, kind->output);
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  if (print_stats)
    print_compile_stats(std::cerr, stats,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!write_output(output, bytes)) return report_error("kiln compile: cannot write '" + output + "'");
  return kExitOk;
}

}  // namespace kiln::cli
