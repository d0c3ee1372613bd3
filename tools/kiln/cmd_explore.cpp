// `kiln explore FILE [--opt-level N] [--func NAME|INDEX …] [-o PAGE.html]`: one self-contained
// HTML page with each function's wasm text, optimized IR and native code side by side.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "inspect_input.h"
#include "kiln/error.h"
#include "options.h"

namespace kiln::cli {

int run_explore(const Args& args) {
  po::options_description options("options");
  std::string file, output;
  std::vector<std::string> selectors;
  InspectOptions inspect_options;
  options.add_options()("file", po::value(&file)->required(), "module file (.wasm or .wat)")(
      "opt-level,O", po::value(&inspect_options.opt_level)->default_value(2), "LLVM optimization level, 0 to 3")(
      "no-trap-unused-loads", po::bool_switch(),
      "show the code kiln compiles with --no-trap-unused-loads (unused loads may be deleted)")(
      "func", po::value(&selectors)->composing(),
      "show only this function, by name ($name or name) or index; may be repeated")(
      "output,o", po::value(&output), "write the page to this file instead of stdout");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  const std::string usage = "kiln explore [--opt-level N] [--func NAME|INDEX]... [-o PAGE.html] FILE";
  if (auto exit = parse_options(args, usage, options, positional, values)) return *exit;
  inspect_options.trap_unused_loads = !values["no-trap-unused-loads"].as<bool>();
  Module module;
  if (auto exit = load_inspect_input("kiln explore", file, selectors, module, inspect_options)) return *exit;
  std::string page;
  try {
    page = explore_page(module, inspect_options, std::filesystem::path(file).filename().string());
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  if (output.empty()) {
    std::cout << page;
    return kExitOk;
  }
  std::ofstream out(output, std::ios::binary);
  if (!out) return report_error("cannot write '" + output + "': " + std::strerror(errno));
  out << page;
  if (!out.flush()) return report_error("cannot write '" + output + "'");
  return kExitOk;
}

}  // namespace kiln::cli
