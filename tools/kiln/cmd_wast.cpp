// `kiln wast [--json] [--verbose] [--no-execute] [--aot] [--bounds-checks=guard|explicit] FILE…`: runs spec test
// scripts and prints per-file counts, the failures, and a closing `wast: N passed, N failed, N skipped` line (or one
// JSON summary).
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "aot_round_trip.h"
#include "kiln/jit.h"
#include "kiln/loader.h"
#include "options.h"
#include "wast_runner.h"

namespace kiln::cli {
namespace {

struct Totals {
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  size_t message_mismatches = 0;
  std::map<std::string, uint32_t> skip_reasons;

  void add(const WastReport& report) {
    passed += report.passed;
    failed += report.failed;
    skipped += report.skipped;
    message_mismatches += report.message_mismatches.size();
    for (const auto& [reason, count] : report.skip_reasons) skip_reasons[reason] += count;
  }
};

std::string counts(uint32_t passed, uint32_t failed, uint32_t skipped) {
  return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " + std::to_string(skipped) +
         " skipped";
}

void print_issue(const std::string& path, const WastIssue& issue, const char* prefix) {
  std::cout << "  " << path;
  if (issue.location.known()) std::cout << ':' << issue.location.line << ':' << issue.location.column;
  std::cout << ": " << issue.command << ": " << prefix << issue.detail << '\n';
}

void print_text(const std::vector<WastReport>& reports, const Totals& totals, bool verbose) {
  for (const WastReport& report : reports) {
    std::cout << report.path << ": " << counts(report.passed, report.failed, report.skipped) << '\n';
    for (const WastIssue& failure : report.failures) print_issue(report.path, failure, "");
    if (verbose)
      for (const WastIssue& mismatch : report.message_mismatches)
        print_issue(report.path, mismatch, "message mismatch: ");
  }
  if (totals.message_mismatches > 0) {
    std::cout << "message mismatches: " << totals.message_mismatches
              << (verbose ? "" : " (passed with other wording; --verbose lists them)") << '\n';
  }
  for (const auto& [reason, count] : totals.skip_reasons) std::cout << "skipped: " << count << ' ' << reason << '\n';
  std::cout << "wast: " << counts(totals.passed, totals.failed, totals.skipped) << '\n';
}

nlohmann::json issues_json(const std::vector<WastIssue>& issues) {
  nlohmann::json list = nlohmann::json::array();
  for (const WastIssue& issue : issues) {
    list.push_back({{"line", issue.location.line},
                    {"column", issue.location.column},
                    {"command", issue.command},
                    {"detail", issue.detail}});
  }
  return list;
}

void print_json(const std::vector<WastReport>& reports, const Totals& totals) {
  nlohmann::json files = nlohmann::json::array();
  for (const WastReport& report : reports) {
    files.push_back({{"path", report.path},
                     {"passed", report.passed},
                     {"failed", report.failed},
                     {"skipped", report.skipped},
                     {"skip_reasons", report.skip_reasons},
                     {"failures", issues_json(report.failures)},
                     {"message_mismatches", report.message_mismatches.size()},
                     {"mismatches", issues_json(report.message_mismatches)}});
  }
  nlohmann::json total = {{"passed", totals.passed},
                          {"failed", totals.failed},
                          {"skipped", totals.skipped},
                          {"skip_reasons", totals.skip_reasons},
                          {"message_mismatches", totals.message_mismatches}};
  // Messages may quote a module's bytes, which need not be UTF-8; JSON must be.
  std::cout << nlohmann::json{{"files", std::move(files)}, {"total", std::move(total)}}.dump(
                   2, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
}

}  // namespace

int run_wast(const Args& args) {
  po::options_description options(
      "Runs WebAssembly spec test scripts (.wast): modules are JIT-compiled and instantiated, actions and\n"
      "assertions executed. Exits 1 when a command fails, 2 on bad usage or an unreadable file.\n\noptions");
  std::vector<std::string> paths;
  bool json = false;
  bool verbose = false;
  bool no_execute = false;
  bool aot = false;
  unsigned opt_level = 2;
  unsigned threads = 1;
  bool lazy = false;
  bool no_trap_unused_loads = false;
  std::string bounds_checks = "guard";
  options.add_options()("file", po::value(&paths), "scripts to run")(
      "json", po::bool_switch(&json), "print one machine-readable JSON summary instead of text")(
      "verbose,v", po::bool_switch(&verbose), "also list the rejections worded differently from the script's")(
      "opt-level,O", po::value(&opt_level)->default_value(2), "LLVM optimization level, 0 to 3")(
      "bounds-checks", po::value(&bounds_checks)->default_value("guard"),
      "how memory accesses are kept in bounds: 'guard' (guard regions) or 'explicit' (a check per access)")(
      "aot", po::bool_switch(&aot),
      "compile each module to a shared object and load it back (as 'kiln compile' and 'kiln run x.so' do)")(
      "threads,j", po::value(&threads)->default_value(1)->value_name("N"),
      "compile each module's functions in N partitions on N threads (0: one per hardware thread)")(
      "trap-unused-loads", po::bool_switch(), "the default: an out-of-bounds load traps even when its value is unused")(
      "no-trap-unused-loads", po::bool_switch(&no_trap_unused_loads),
      "let optimization delete a load whose value is unused, and its out-of-bounds trap with it (slightly faster)")(
      "lazy", po::bool_switch(&lazy), "JIT-compile each function on its first call")(
      "no-execute", po::bool_switch(&no_execute),
      "only decode, parse and validate; skip the commands that need execution");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map values;
  if (auto exit = parse_options(args, "kiln wast [options] FILE...", options, positional, values)) return *exit;
  if (paths.empty()) return report_error("kiln wast: no script given (see 'kiln help wast')", kExitUsage);
  if (opt_level > 3) return report_error("kiln wast: --opt-level must be 0, 1, 2 or 3", kExitUsage);
  if (bounds_checks != "guard" && bounds_checks != "explicit")
    return report_error("kiln wast: --bounds-checks must be 'guard' or 'explicit'", kExitUsage);
  CompileOptions compile_options{.opt_level = opt_level};
  compile_options.threads = threads;
  if (no_trap_unused_loads && values["trap-unused-loads"].as<bool>())
    return report_error("kiln wast: --trap-unused-loads and --no-trap-unused-loads contradict each other", kExitUsage);
  compile_options.trap_unused_loads = !no_trap_unused_loads;
  compile_options.lazy = lazy;
  if (lazy && aot) return report_error("kiln wast: --lazy and --aot exclude each other", kExitUsage);
  EngineConfig engine_config;
  if (bounds_checks == "explicit") {
    compile_options.bounds_checks = BoundsChecks::Explicit;
    engine_config.memory.explicit_bounds_checks = true;
  }
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      const char* why = std::filesystem::exists(path, error) ? "not a file" : "no such file";
      return report_error("kiln wast: cannot open '" + path + "': " + why, kExitUsage);
    }
  }

  std::vector<WastReport> reports;
  Totals totals;
  for (const std::string& path : paths) {
    std::vector<uint8_t> bytes;
    try {
      bytes = read_file(path);
    } catch (const Error& error) {
      return report_error(error.message(), kExitUsage);
    }
    // A fresh engine per script: scripts share nothing. The spectest print functions print unless JSON is wanted.
    std::unique_ptr<WastEngine> engine;
    if (!no_execute)
      engine = make_runtime_wast_engine(
          [compile_options, aot](std::shared_ptr<const Module> module) {
            if (aot)
              return aot_round_trip(*module, AotOptions{.compile = compile_options, .kiln_version = KILN_VERSION});
            return CompiledModule(module, jit_compile(*module, compile_options));
          },
          json ? nullptr : &std::cout, engine_config);
    reports.push_back(run_wast_script(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                                      engine.get()));
    totals.add(reports.back());
  }
  if (json)
    print_json(reports, totals);
  else
    print_text(reports, totals, verbose);
  return totals.failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace kiln::cli
