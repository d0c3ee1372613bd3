// `kiln asm FILE [--opt-level N] [--func NAME|INDEX …]`: the native code kiln compiles a module's
// functions to, disassembled, with the wasm byte offsets it came from.
#include <iostream>

#include "inspect_input.h"
#include "kiln/error.h"
#include "options.h"

namespace kiln::cli {

int run_asm(const Args& args) {
  po::options_description options("options");
  std::string file;
  std::vector<std::string> selectors;
  InspectOptions inspect_options;
  options.add_options()("file", po::value(&file)->required(), "module file (.wasm or .wat)")(
      "opt-level,O", po::value(&inspect_options.opt_level)->default_value(2), "LLVM optimization level, 0 to 3")(
      "no-trap-unused-loads", po::bool_switch(),
      "show the code kiln compiles with --no-trap-unused-loads (unused loads may be deleted)")(
      "func", po::value(&selectors)->composing(),
      "show only this function, by name ($name or name) or index; may be repeated");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (auto exit =
          parse_options(args, "kiln asm [--opt-level N] [--func NAME|INDEX]... FILE", options, positional, values)) {
    return *exit;
  }
  inspect_options.trap_unused_loads = !values["no-trap-unused-loads"].as<bool>();
  Module module;
  if (auto exit = load_inspect_input("kiln asm", file, selectors, module, inspect_options)) return *exit;
  try {
    std::cout << disassemble(module, inspect_options);
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  return kExitOk;
}

}  // namespace kiln::cli
