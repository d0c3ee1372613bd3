// Loading a module for `kiln ir` and `kiln asm`, and resolving their --func selectors.
#include "inspect_input.h"

#include "command.h"
#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/loader.h"
#include "kiln/writer.h"

namespace kiln::cli {

std::optional<int> load_inspect_input(const std::string& command, const std::string& file,
                                      const std::vector<std::string>& selectors, Module& module,
                                      InspectOptions& options) {
  if (options.opt_level > 3) return report_error(command + ": --opt-level must be 0, 1, 2 or 3", kExitUsage);
  try {
    std::vector<uint8_t> bytes = read_file(file);
    module = load_module(bytes);
    if (!looks_binary(bytes)) module = decode_module(write_module(module));
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  for (const std::string& selector : selectors) {
    std::optional<uint32_t> index = find_function(module, selector);
    if (!index) return report_error(command + ": no function '" + selector + "' in " + file, kExitUsage);
    if (*index < module.num_imported_functions) {
      return report_error(command + ": function '" + selector + "' is imported, so kiln compiles no code for it",
                          kExitUsage);
    }
    options.functions.push_back(*index);
  }
  return std::nullopt;
}

}  // namespace kiln::cli
