// `kiln ir FILE [--opt-level N] [--stage unoptimized|optimized] [--func NAME|INDEX …] [-o OUT.ll]`:
// the LLVM IR kiln makes of a module, with wasm function names and byte offsets.
#include <fstream>
#include <iostream>

#include "inspect_input.h"
#include "kiln/error.h"
#include "options.h"

namespace kiln::cli {

int run_ir(const Args& args) {
  po::options_description options("options");
  std::string file, stage, output;
  std::vector<std::string> selectors;
  InspectOptions inspect_options;
  options.add_options()("file", po::value(&file)->required(), "module file (.wasm or .wat)")(
      "opt-level,O", po::value(&inspect_options.opt_level)->default_value(2), "LLVM optimization level, 0 to 3")(
      "no-trap-unused-loads", po::bool_switch(),
      "show the code kiln compiles with --no-trap-unused-loads (unused loads may be deleted)")(
      "stage", po::value(&stage)->default_value("optimized"),
      "optimized (after the pass pipeline) or unoptimized (as code generation made it)")(
      "func", po::value(&selectors)->composing(),
      "show only this function, by name ($name or name) or index; may be repeated")(
      "output,o", po::value(&output), "write the IR to this file instead of stdout");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  const std::string usage =
      "kiln ir [--opt-level N] [--stage unoptimized|optimized] [--func NAME|INDEX]... [-o OUT.ll] FILE";
  if (auto exit = parse_options(args, usage, options, positional, values)) return *exit;
  inspect_options.trap_unused_loads = !values["no-trap-unused-loads"].as<bool>();
  if (stage != "optimized" && stage != "unoptimized") {
    return report_error("kiln ir: --stage must be optimized or unoptimized", kExitUsage);
  }
  inspect_options.optimized = stage == "optimized";
  Module module;
  if (auto exit = load_inspect_input("kiln ir", file, selectors, module, inspect_options)) return *exit;
  std::string ir;
  try {
    ir = print_ir(module, inspect_options);
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  if (output.empty()) {
    std::cout << ir;
    return kExitOk;
  }
  std::ofstream out(output, std::ios::binary);
  out << ir;
  if (!out.flush()) return report_error("cannot write '" + output + "'");
  return kExitOk;
}

}  // namespace kiln::cli
