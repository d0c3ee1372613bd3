// Option parsing shared by the subcommands.
#include "options.h"

namespace kiln::cli {

std::optional<int> parse_options(const Args& args, const std::string& usage, po::options_description& options,
                                 const po::positional_options_description& positional, po::variables_map& values) {
  options.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    // --help wins over missing required options, so it is looked at before notify() checks them.
    if (values.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << options;
      return kExitOk;
    }
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "error: " << error.what() << "\nusage: " << usage << '\n';
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace kiln::cli
