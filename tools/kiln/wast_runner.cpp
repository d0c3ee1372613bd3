// The spec-script runner: judges each command of a parsed script with kiln's decoder, WAT parser and validator.
#include "wast_runner.h"

#include <exception>

#include "kiln/validator.h"
#include "text/wast.h"

namespace kiln::cli {
namespace {

using text::WastCommand;

// The reason for every skip until kiln has a runtime to implement WastEngine (wast_engine.h).
constexpr const char* kNoExecution = "execution not implemented yet";

// How a script's module fared through decoding (or parsing) and validation.
struct ModuleVerdict {
  enum class Result : uint8_t { Valid, Rejected, InternalError };
  Result result = Result::Valid;
  ErrorKind kind = ErrorKind::Malformed;  // when Rejected
  std::string message;                    // when Rejected: the bare message the script's wording is compared with
  std::string description;                // when not Valid: the message with its stage and location

  std::string got() const { return result == Result::Valid ? "valid" : description; }
};

ModuleVerdict judge(const text::WastModule& module) {
  ModuleVerdict verdict;
  try {
    validate_module(text::read_wast_module(module));
  } catch (const Error& error) {
    verdict.result = ModuleVerdict::Result::Rejected;
    verdict.kind = error.kind();
    verdict.message = error.message();
    verdict.description = error.what();
  } catch (const std::exception& error) {
    verdict.result = ModuleVerdict::Result::InternalError;
    verdict.description = std::string("internal error: ") + error.what();
  }
  return verdict;
}

class ScriptRun {
 public:
  explicit ScriptRun(WastReport& report) : report_(report) {}

  void run(const WastCommand& command) {
    switch (command.kind) {
      case WastCommand::Kind::Module: return run_module(command);
      case WastCommand::Kind::AssertMalformed: return run_rejection(command, ErrorKind::Malformed, "malformed");
      case WastCommand::Kind::AssertInvalid: return run_rejection(command, ErrorKind::Invalid, "invalid");
      case WastCommand::Kind::AssertUnlinkable:
      case WastCommand::Kind::AssertUninstantiable: return run_needs_instance(command);
      case WastCommand::Kind::AssertTrap:
        if (command.module) return run_needs_instance(command);
        return skip(kNoExecution);
      case WastCommand::Kind::ModuleInstance:
      case WastCommand::Kind::Register:
      case WastCommand::Kind::Action:
      case WastCommand::Kind::AssertReturn:
      case WastCommand::Kind::AssertExhaustion: return skip(kNoExecution);
    }
  }

 private:
  // Defining a module passes once it validates; instantiating it waits for the runtime.
  void run_module(const WastCommand& command) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result == ModuleVerdict::Result::Valid) return pass();
    fail(command, "expected a valid module, got: " + verdict.got());
  }

  // assert_malformed / assert_invalid: the module must be rejected at the stage the script names.
  void run_rejection(const WastCommand& command, ErrorKind expected, const char* expected_name) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result != ModuleVerdict::Result::Rejected || verdict.kind != expected) {
      return fail(command,
                  std::string("expected ") + expected_name + " (\"" + command.failure + "\"), got: " + verdict.got());
    }
    pass();
    // Engines word errors differently, so a different message still passes; the spec's own runner compares
    // the expected text as a prefix of the actual one.
    if (!verdict.message.starts_with(command.failure)) {
      report_.message_mismatches.push_back({command.location, to_string(command.kind),
                                            "expected \"" + command.failure + "\", got \"" + verdict.message + "\""});
    }
  }

  // assert_unlinkable / assert_uninstantiable / assert_trap on a module: the module itself must be valid, which
  // is checked now; linking and instantiating it wait for the runtime.
  void run_needs_instance(const WastCommand& command) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result == ModuleVerdict::Result::Valid) return skip(kNoExecution);
    fail(command, "expected a valid module (to fail \"" + command.failure + "\" later), got: " + verdict.got());
  }

  void pass() { ++report_.passed; }

  void skip(const char* reason) {
    ++report_.skipped;
    ++report_.skip_reasons[reason];
  }

  void fail(const WastCommand& command, std::string detail) {
    ++report_.failed;
    report_.failures.push_back({command.location, to_string(command.kind), std::move(detail)});
  }

  WastReport& report_;
};

}  // namespace

WastReport run_wast_script(const std::string& path, std::string_view source) {
  WastReport report;
  report.path = path;
  std::vector<WastCommand> commands;
  try {
    commands = text::parse_wast(source);
  } catch (const Error& error) {
    report.failed = 1;
    report.failures.push_back({error.location(), "script", "syntax error: " + error.message()});
    return report;
  } catch (const std::exception& error) {
    report.failed = 1;
    report.failures.push_back({{}, "script", std::string("internal error: ") + error.what()});
    return report;
  }
  ScriptRun run(report);
  for (const WastCommand& command : commands) run.run(command);
  return report;
}

}  // namespace kiln::cli
