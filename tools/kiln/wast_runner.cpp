// The spec-script runner: judges each command of a parsed script with kiln's decoder, WAT parser and validator,
// and executes it through a WastEngine when there is one.
#include "wast_runner.h"

#include <exception>

#include "kiln/validator.h"
#include "text/wast.h"
#include "wast_results.h"

namespace kiln::cli {
namespace {

using text::WastCommand;

// The reason for every skip when no engine executes the script.
constexpr const char* kNoExecution = "execution disabled (--no-execute)";
// 3.0's module definitions and instances, which 2.0 scripts do not use.
constexpr const char* kModuleInstances = "module instances (3.0) not supported";

// How a script's module fared through decoding (or parsing) and validation.
struct ModuleVerdict {
  enum class Result : uint8_t { Valid, Rejected, InternalError };
  Result result = Result::Valid;
  ErrorKind kind = ErrorKind::Malformed;  // when Rejected
  std::string message;                    // when Rejected: the bare message the script's wording is compared with
  std::string description;                // when not Valid: the message with its stage and location
  Module module;                          // when Valid

  std::string got() const { return result == Result::Valid ? "valid" : description; }
};

ModuleVerdict judge(const text::WastModule& module) {
  ModuleVerdict verdict;
  try {
    verdict.module = text::read_wast_module(module);
    validate_module(verdict.module);
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
  ScriptRun(WastReport& report, WastEngine* engine) : report_(report), engine_(engine) {}

  void run(const WastCommand& command) {
    switch (command.kind) {
      case WastCommand::Kind::Module: return run_module(command);
      case WastCommand::Kind::AssertMalformed: return run_rejection(command, ErrorKind::Malformed, "malformed");
      case WastCommand::Kind::AssertInvalid: return run_rejection(command, ErrorKind::Invalid, "invalid");
      case WastCommand::Kind::AssertUnlinkable: return run_failing_instance(command, ErrorKind::Unlinkable);
      case WastCommand::Kind::AssertUninstantiable: return run_failing_instance(command, ErrorKind::Uninstantiable);
      case WastCommand::Kind::AssertTrap:
        if (command.module) return run_failing_instance(command, ErrorKind::Uninstantiable);
        return run_action(command);
      case WastCommand::Kind::ModuleInstance: return skip(kModuleInstances);
      case WastCommand::Kind::Register: return run_register(command);
      case WastCommand::Kind::Action:
      case WastCommand::Kind::AssertReturn:
      case WastCommand::Kind::AssertExhaustion: return run_action(command);
    }
  }

 private:
  // Defining a module passes once it validates and, with an engine, instantiates.
  void run_module(const WastCommand& command) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result != ModuleVerdict::Result::Valid)
      return fail(command, "expected a valid module, got: " + verdict.got());
    if (!engine_) return pass();
    if (command.module->is_definition) return skip(kModuleInstances);
    try {
      engine_->instantiate(verdict.module, command.module->name);
      pass();
    } catch (const Error& error) {
      fail(command, std::string("instantiation failed: ") + error.what());
    } catch (const std::exception& error) {
      fail(command, std::string("internal error: ") + error.what());
    }
  }

  // assert_malformed / assert_invalid: the module must be rejected at the stage the script names.
  void run_rejection(const WastCommand& command, ErrorKind expected, const char* expected_name) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result != ModuleVerdict::Result::Rejected || verdict.kind != expected) {
      return fail(command,
                  std::string("expected ") + expected_name + " (\"" + command.failure + "\"), got: " + verdict.got());
    }
    pass();
    note_wording(command, verdict.message);
  }

  // Engines word errors differently, so a different message still passes; the spec's own runner compares the
  // expected text as a prefix of the actual one.
  void note_wording(const WastCommand& command, const std::string& message) {
    if (!message.starts_with(command.failure)) {
      report_.message_mismatches.push_back(
          {command.location, to_string(command.kind), "expected \"" + command.failure + "\", got \"" + message + "\""});
    }
  }

  // assert_unlinkable / assert_uninstantiable / assert_trap on a module: a valid module whose linking or
  // instantiation fails with `expected`.
  void run_failing_instance(const WastCommand& command, ErrorKind expected) {
    ModuleVerdict verdict = judge(*command.module);
    if (verdict.result != ModuleVerdict::Result::Valid)
      return fail(command,
                  "expected a valid module (to fail \"" + command.failure + "\" later), got: " + verdict.got());
    if (!engine_) return skip(kNoExecution);
    try {
      engine_->instantiate(verdict.module, command.module->name);
      fail(command, "expected \"" + command.failure + "\", but the module instantiated");
    } catch (const Error& error) {
      if (error.kind() != expected)
        return fail(command, "expected " + std::string(to_string(expected)) + " (\"" + command.failure +
                                 "\"), got: " + error.what());
      pass();
      note_wording(command, error.message());
    } catch (const std::exception& error) {
      fail(command, std::string("internal error: ") + error.what());
    }
  }

  void run_register(const WastCommand& command) {
    if (!engine_) return skip(kNoExecution);
    try {
      engine_->register_instance(command.name, command.module_name);
      pass();
    } catch (const std::exception& error) {
      fail(command, error.what());
    }
  }

  // A bare action, assert_return, assert_trap or assert_exhaustion on an action.
  void run_action(const WastCommand& command) {
    if (!engine_) return skip(kNoExecution);
    WastOutcome outcome;
    try {
      outcome = engine_->perform(*command.action);
    } catch (const std::exception& error) {
      return fail(command, std::string("action failed: ") + error.what());
    }
    if (command.kind == WastCommand::Kind::AssertTrap || command.kind == WastCommand::Kind::AssertExhaustion) {
      if (!outcome.trap) return fail(command, "expected trap \"" + command.failure + "\", got a result");
      // The reference interpreter adds details some traps' messages ("uninitialized element 2"); the spec's
      // wording without them is kiln's.
      if (!outcome.trap->starts_with(command.failure) && !command.failure.starts_with(*outcome.trap))
        return fail(command, "expected trap \"" + command.failure + "\", got \"" + *outcome.trap + "\"");
      pass();
      return note_wording(command, *outcome.trap);
    }
    if (outcome.trap) return fail(command, "unexpected trap \"" + *outcome.trap + "\"");
    if (command.kind == WastCommand::Kind::AssertReturn) {
      if (std::optional<std::string> mismatch = compare_results(command.results, outcome.values))
        return fail(command, *mismatch);
    }
    pass();
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
  WastEngine* engine_;
};

}  // namespace

WastReport run_wast_script(const std::string& path, std::string_view source, WastEngine* engine) {
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
  ScriptRun run(report, engine);
  for (const WastCommand& command : commands) run.run(command);
  return report;
}

}  // namespace kiln::cli
