// `kiln`: dispatches to the subcommand named by the first argument.
#include <cstring>
#include <iostream>

#include "aot/build_identity.h"
#include "command.h"
#include "pipeline/host_target.h"

namespace kiln::cli {
namespace {

const Command kCommands[] = {
    {"validate", "check that a module decodes and validates", run_validate},
    {"inspect", "list a module's types, imports, exports, memories, tables, globals and sections", run_inspect},
    {"wat2wasm", "translate a text module (.wat) to binary (.wasm)", run_wat2wasm},
    {"wast", "run WebAssembly spec test scripts (.wast)", run_wast},
    {"run", "run a WASI command, or call an export with --invoke", run_run},
    {"ir", "print the LLVM IR of a module's functions, with wasm names and offsets", run_ir},
    {"asm", "disassemble the native code of a module's functions", run_asm},
    {"compile", "compile a module ahead of time into a shared object (or IR, asm, obj)", run_compile},
    {"explore", "write an HTML page linking each function's wasm, IR and native code", run_explore},
};

void print_help(std::ostream& out) {
  out << "kiln " KILN_VERSION
         " - an LLVM-backed WebAssembly compiler and runtime\n\n"
         "usage: kiln <command> [options] [args]\n\ncommands:\n";
  for (const Command& command : kCommands) {
    out << "  " << command.name;
    for (size_t i = std::strlen(command.name); i < 10; ++i) out << ' ';
    out << command.summary << '\n';
  }
  out << "  help      show this help, or a command's: kiln help <command>\n"
         "\nglobal options:\n  --version  print kiln's version and build ID, LLVM's version and the host CPU\n"
         "\nModules may be binary (.wasm) or text (.wat) wherever a FILE is expected.\n";
}

const Command* find_command(const std::string& name) {
  for (const Command& command : kCommands)
    if (name == command.name) return &command;
  return nullptr;
}

}  // namespace

int report_error(const std::string& message, int exit_code) {
  std::cerr << "error: " << message << '\n';
  return exit_code;
}

}  // namespace kiln::cli

int main(int argc, char** argv) {
  using namespace kiln::cli;
  if (argc < 2) {
    print_help(std::cerr);
    return kExitUsage;
  }
  std::string first = argv[1];
  if (first == "--version" || first == "-V" || first == "version") {
    const std::string& build = kiln::compiler_build_id();
    std::cout << "kiln " KILN_VERSION << (build.empty() ? "" : ", build " + build) << "\nLLVM " << kiln::llvm_version()
              << "\nhost " << kiln::host_target_triple() << ", cpu " << kiln::host_cpu_name() << '\n';
    return kExitOk;
  }
  if (first == "help" || first == "--help" || first == "-h") {
    if (argc > 2) {
      if (const Command* command = find_command(argv[2])) return command->run({"--help"});
      return report_error(std::string("unknown command '") + argv[2] + "'", kExitUsage);
    }
    print_help(std::cout);
    return kExitOk;
  }
  const Command* command = find_command(first);
  if (!command) {
    report_error("unknown command '" + first + "' (see 'kiln help')", kExitUsage);
    return kExitUsage;
  }
  try {
    return command->run(Args(argv + 2, argv + argc));
  } catch (const std::exception& error) {
    return report_error(error.what());
  }
}
