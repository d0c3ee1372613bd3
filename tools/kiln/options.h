// Shared option handling for the subcommands: parse with Boost.Program_options, print a
// command's help, and turn usage errors into exit code 2.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "command.h"

namespace kiln::cli {

namespace po = boost::program_options;

// Parses `args` against `options` (plus --help) and `positional`. Returns the exit code to
// stop with when parsing failed or help was printed, nullopt to go on.
std::optional<int> parse_options(const Args& args, const std::string& usage, po::options_description& options,
                                 const po::positional_options_description& positional, po::variables_map& values);

}  // namespace kiln::cli
