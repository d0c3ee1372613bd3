// Runs .wast spec scripts: modules are decoded or parsed and validated, assertions about malformed and invalid
// modules are judged, and, given an engine, modules are instantiated and actions and their assertions executed.
// Without an engine every command that needs execution is counted as skipped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "wast_engine.h"

namespace kiln::cli {

// A failed command, or a passed one whose rejection was worded differently from the script's.
struct WastIssue {
  TextLocation location;
  std::string command;  // the script keyword: "assert_invalid", "module", …
  std::string detail;   // what differed
};

struct WastReport {
  std::string path;
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  std::vector<WastIssue> failures;
  std::vector<WastIssue> message_mismatches;
  std::map<std::string, uint32_t> skip_reasons;  // reason → number of commands skipped for it
};

// Runs one script given its source; `path` only names it in the report. A script that does not parse counts as
// one failure at the line:column of the syntax error. `engine` (a fresh one per script) executes the script; when
// null, execution is skipped.
WastReport run_wast_script(const std::string& path, std::string_view source, WastEngine* engine = nullptr);

}  // namespace kiln::cli
