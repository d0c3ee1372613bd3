// `kiln validate FILE…`: decode (or parse) and validate modules; say which are valid.
#include <iostream>

#include "kiln/error.h"
#include "kiln/loader.h"
#include "options.h"

namespace kiln::cli {

int run_validate(const Args& args) {
  po::options_description options("options");
  std::vector<std::string> files;
  bool quiet = false;
  options.add_options()("file", po::value(&files)->required(), "module files (.wasm or .wat)")(
      "quiet,q", po::bool_switch(&quiet), "print nothing on success");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map values;
  if (auto exit = parse_options(args, "kiln validate [options] FILE...", options, positional, values)) return *exit;

  int status = kExitOk;
  for (const std::string& file : files) {
    try {
      Module module = load_module_file(file);
      if (!quiet) std::cout << file << ": valid\n";
    } catch (const Error& error) {
      std::cerr << "error: " << file << ": " << error.what() << '\n';
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace kiln::cli
