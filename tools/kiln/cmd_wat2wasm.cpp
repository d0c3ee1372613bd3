// `kiln wat2wasm IN.wat -o OUT.wasm`: parse, validate and write the binary form.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "kiln/error.h"
#include "kiln/loader.h"
#include "kiln/text.h"
#include "kiln/writer.h"
#include "options.h"

namespace kiln::cli {

int run_wat2wasm(const Args& args) {
  po::options_description options("options");
  std::string input, output;
  bool no_validate = false;
  options.add_options()("input", po::value(&input)->required(), "text module (.wat)")(
      "output,o", po::value(&output)->required(), "binary module to write (.wasm)")(
      "no-validate", po::bool_switch(&no_validate), "write the module even if it does not validate");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map values;
  if (auto exit = parse_options(args, "kiln wat2wasm IN.wat -o OUT.wasm", options, positional, values)) return *exit;

  std::vector<uint8_t> bytes;
  try {
    std::vector<uint8_t> source = read_file(input);
    if (looks_binary(source)) return report_error(input + ": is already a binary module");
    Module module = no_validate
                        ? parse_wat(std::string_view(reinterpret_cast<const char*>(source.data()), source.size()))
                        : load_module(source);
    bytes = write_module(module);
  } catch (const Error& error) {
    return report_error(input + ": " + error.what());
  }
  // Write beside the target and rename, so a failed write never leaves a truncated output.
  std::string temporary = output + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return report_error("cannot write '" + output + "'");
    }
  }
  if (std::rename(temporary.c_str(), output.c_str()) != 0) {
    std::remove(temporary.c_str());
    return report_error("cannot write '" + output + "'");
  }
  return kExitOk;
}

}  // namespace kiln::cli
