// The WAST script format of the spec tests: a .wast file parsed into commands (modules, actions and assertions),
// each with its line:column. Modules are kept as written and turned into a Module only when a command runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/module.h"
#include "text/sexpr.h"

namespace kiln::text {

// A module as a script writes it. Text modules keep their S-expression, which points into the script's
// source; `quote` modules keep their source text, since many are meant to be malformed.
struct WastModule {
  enum class Form : uint8_t { Text, Binary, Quote };
  Form form = Form::Text;
  bool is_definition = false;  // 3.0 `(module definition …)`: compiled, instantiated later by `module instance`
  std::string name;            // `$id` without the `$`; empty when there is none
  SExpr text;                  // Text: `(module $id? field…)`, without the `definition` keyword
  std::string source;          // Binary: the concatenated bytes; Quote: the concatenated text
  TextLocation location;
};

// A constant of a script: an argument of `invoke`, or a result expected exactly.
struct WastValue {
  ValType type = ValType::I32;
  uint64_t bits = 0;     // i32 / i64 zero-extended, f32 / f64 bit patterns, the host value N of `ref.extern N`
  V128 v128;             // V128
  bool is_null = false;  // references: `ref.null`
  friend bool operator==(const WastValue&, const WastValue&) = default;
};

// Which NaNs an expected float (or float lane) accepts; None means exactly the given bits.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

enum class LaneShape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };
unsigned lane_count(LaneShape shape);
unsigned lane_bits(LaneShape shape);

struct WastLane {
  NanPattern nan = NanPattern::None;
  uint64_t bits = 0;  // when nan is None
};

// One expected result of `assert_return`.
struct WastResult {
  enum class Kind : uint8_t {
    Exact,   // `value`, bit for bit
    Nan,     // an f32 / f64 (value.type) NaN of the class `nan`
    Lanes,   // a v128 compared lane by lane, each lane exactly or by NaN class
    AnyRef,  // `(ref.func)` / `(ref.extern)`: any non-null reference of value.type
  };
  Kind kind = Kind::Exact;
  WastValue value;
  NanPattern nan = NanPattern::None;
  LaneShape shape = LaneShape::I32x4;
  std::vector<WastLane> lanes;
};

// `(invoke $m? "name" arg…)` or `(get $m? "name")`.
struct WastAction {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::string module;  // the instance's `$id` without the `$`; empty for the most recent instance
  std::string field;   // the export's name
  std::vector<WastValue> args;
  TextLocation location;
};

struct WastCommand {
  enum class Kind : uint8_t {
    Module,                // define a module (and, unless a definition, instantiate it)
    ModuleInstance,        // 3.0 `(module instance $i? $m?)`
    Register,              // `(register "name" $m?)`: make an instance importable by a name
    Action,                // a bare invoke or get
    AssertReturn,          // an action and its expected results
    AssertTrap,            // an action, or a module whose instantiation traps
    AssertExhaustion,      // an action that exhausts the call stack
    AssertMalformed,       // a module that must not decode or parse
    AssertInvalid,         // a module that must decode but not validate
    AssertUnlinkable,      // a valid module whose imports cannot be satisfied
    AssertUninstantiable,  // a valid module whose instantiation fails
  };
  Kind kind = Kind::Module;
  TextLocation location;
  std::optional<WastModule> module;  // Module and the module assertions; AssertTrap holds a module or an action
  std::optional<WastAction> action;
  std::vector<WastResult> results;  // AssertReturn
  std::string failure;              // the expected failure message of every assertion but assert_return
  std::string name;                 // Register: the name to import by; ModuleInstance: the new instance's `$id`
  std::string module_name;          // Register: the instance's `$id`; ModuleInstance: the definition's `$id`
};

// The script keyword of a command kind: "module", "assert_return", …
const char* to_string(WastCommand::Kind kind);

// Parses a whole script. The commands refer to `source`, which must outlive them. Throws Error(Malformed) with
// line:column on a syntax error of the script; the modules inside are not parsed yet (see read_wast_module).
std::vector<WastCommand> parse_wast(std::string_view source);

// Decodes a binary module, parses a text or quoted one. Not validated. Throws Error(Malformed).
Module read_wast_module(const WastModule& module);

}  // namespace kiln::text
