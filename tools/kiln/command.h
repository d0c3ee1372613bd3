// The subcommands of `kiln`. Each lives in its own cmd_*.cpp and returns the process exit
// code: 0 on success, 1 when the input is bad (message on stderr), 2 on bad usage.
#pragma once

#include <string>
#include <vector>

namespace kiln::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

using Args = std::vector<std::string>;  // the arguments after the subcommand's name

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args& args);
};

int run_validate(const Args& args);
int run_inspect(const Args& args);
int run_wat2wasm(const Args& args);
int run_wast(const Args& args);
int run_run(const Args& args);
int run_ir(const Args& args);
int run_asm(const Args& args);
int run_compile(const Args& args);
int run_explore(const Args& args);

// Prints "error: …" to stderr; returns kExitFailure or kExitUsage for convenience.
int report_error(const std::string& message, int exit_code = kExitFailure);

}  // namespace kiln::cli
