// Executing spec scripts: instantiating, registering and invoking through kiln's runtime, with the `spectest`
// host module every script may import from.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "kiln/compiled_module.h"
#include "kiln/engine.h"
#include "kiln/module.h"
#include "text/wast.h"

namespace kiln::cli {

// The result of an action: its values, or the message of the trap that ended it ("call stack exhausted" for
// assert_exhaustion).
struct WastOutcome {
  std::vector<text::WastValue> values;
  std::optional<std::string> trap;
};

class WastEngine {
 public:
  virtual ~WastEngine() = default;
  // Instantiates a validated module under `instance_name` (which may be empty) and makes it the current instance.
  // Imports resolve against registered instances and spectest_exports(). Throws Error(Unlinkable) or
  // Error(Uninstantiable); a trap in the start function is an Error(Uninstantiable) with the trap's message.
  virtual void instantiate(const Module& module, const std::string& instance_name) = 0;
  // Makes an instance (the current one when `instance_name` is empty) importable as module `import_name`.
  virtual void register_instance(const std::string& import_name, const std::string& instance_name) = 0;
  // Runs an invoke or get. Throws std::runtime_error when the instance or export does not exist.
  virtual WastOutcome perform(const text::WastAction& action) = 0;
};

// Turns a validated module into a module ready to instantiate (JIT-compiled, or through a shared object).
using WastCompiler = std::function<CompiledModule(std::shared_ptr<const Module>)>;

// A WastEngine on kiln's runtime, with a fresh store: one per script. The `spectest` print functions write their
// arguments to `print_output` (nowhere when null). `config` sets up the engine (e.g. memories with explicit bounds
// checks, which `compile` must then produce code for).
std::unique_ptr<WastEngine> make_runtime_wast_engine(WastCompiler compile, std::ostream* print_output,
                                                     const EngineConfig& config = {});

// The exports of the spec tests' `spectest` module.
struct SpectestExports {
  struct Function {
    std::string name;
    FuncType type;
  };
  struct Global {
    std::string name;
    GlobalType type;
    uint64_t bits;  // the value: an integer, or a float's bit pattern
  };
  std::vector<Function> functions;  // print, print_i32, …: they print their arguments and return nothing
  std::vector<Global> globals;
  TableType table;    // exported as "table"
  MemoryType memory;  // exported as "memory"
};
const SpectestExports& spectest_exports();

}  // namespace kiln::cli
