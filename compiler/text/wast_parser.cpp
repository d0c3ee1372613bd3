// The WAST script parser: S-expressions → commands, with the script's syntax checked and its constants parsed
// (text/numbers.h). Modules are only captured here; read_wast_module turns one into a Module when it runs.
#include <algorithm>
#include <iterator>
#include <span>

#include "kiln/decoder.h"
#include "kiln/text.h"
#include "text/numbers.h"
#include "text/wast.h"
#include "text/wat_parser.h"

namespace kiln::text {

unsigned lane_count(LaneShape shape) { return 128 / lane_bits(shape); }

unsigned lane_bits(LaneShape shape) {
  switch (shape) {
    case LaneShape::I8x16: return 8;
    case LaneShape::I16x8: return 16;
    case LaneShape::I64x2:
    case LaneShape::F64x2: return 64;
    case LaneShape::I32x4:
    case LaneShape::F32x4: break;
  }
  return 32;
}

const char* to_string(WastCommand::Kind kind) {
  switch (kind) {
    case WastCommand::Kind::Module: return "module";
    case WastCommand::Kind::ModuleInstance: return "module instance";
    case WastCommand::Kind::Register: return "register";
    case WastCommand::Kind::Action: return "action";
    case WastCommand::Kind::AssertReturn: return "assert_return";
    case WastCommand::Kind::AssertTrap: return "assert_trap";
    case WastCommand::Kind::AssertExhaustion: return "assert_exhaustion";
    case WastCommand::Kind::AssertMalformed: return "assert_malformed";
    case WastCommand::Kind::AssertInvalid: return "assert_invalid";
    case WastCommand::Kind::AssertUnlinkable: return "assert_unlinkable";
    case WastCommand::Kind::AssertUninstantiable: return "assert_uninstantiable";
  }
  return "command";
}

namespace {

// Walks the items of one list after its head keyword, failing with the location of whatever is wrong.
class Items {
 public:
  explicit Items(const SExpr& list) : list_(list) {}

  bool done() const { return next_ >= list_.items.size(); }
  bool peek_keyword(std::string_view word) const { return !done() && list_.items[next_].is_keyword(word); }

  const SExpr& take(const char* what) {
    if (done()) fail(list_.end_location, std::string("missing ") + what);
    return list_.items[next_++];
  }
  const SExpr& take_list(const char* what) {
    const SExpr& item = take(what);
    if (!item.is_list) fail(item.location, std::string("unexpected token, expected ") + what);
    return item;
  }
  const Token& take_atom(const char* what) {
    const SExpr& item = take(what);
    if (item.is_list) fail(item.location, std::string("unexpected list, expected ") + what);
    return item.atom;
  }
  std::string take_string(const char* what) {
    const Token& token = take_atom(what);
    if (token.kind != Token::Kind::String) fail(token.location, std::string("unexpected token, expected ") + what);
    return token.value;
  }
  // An optional `$id`, without the `$`; empty when absent.
  std::string take_id() {
    if (done() || !list_.items[next_].is_atom(Token::Kind::Id)) return {};
    return list_.items[next_++].atom.value;
  }
  void expect_end() const {
    if (!done()) fail(list_.items[next_].location, "unexpected token");
  }

 private:
  const SExpr& list_;
  size_t next_ = 1;  // items[0] is the head keyword
};

std::optional<LaneShape> lane_shape_from(std::string_view word) {
  static constexpr std::pair<std::string_view, LaneShape> kShapes[] = {
      {"i8x16", LaneShape::I8x16}, {"i16x8", LaneShape::I16x8}, {"i32x4", LaneShape::I32x4},
      {"i64x2", LaneShape::I64x2}, {"f32x4", LaneShape::F32x4}, {"f64x2", LaneShape::F64x2},
  };
  for (const auto& [name, shape] : kShapes)
    if (word == name) return shape;
  return std::nullopt;
}

bool is_float_shape(LaneShape shape) { return shape == LaneShape::F32x4 || shape == LaneShape::F64x2; }

std::optional<NanPattern> nan_pattern_of(const Token& token) {
  if (token.kind != Token::Kind::Keyword) return std::nullopt;
  if (token.text == "nan:canonical") return NanPattern::Canonical;
  if (token.text == "nan:arithmetic") return NanPattern::Arithmetic;
  return std::nullopt;
}

// Whether a constant is an argument (a plain value) or an expected result (which may also be a pattern).
enum class Context : uint8_t { Argument, Result };

WastLane parse_lane(const Token& token, LaneShape shape, Context context) {
  WastLane lane;
  if (is_float_shape(shape)) {
    if (auto nan = nan_pattern_of(token); nan && context == Context::Result) {
      lane.nan = *nan;
      return lane;
    }
    lane.bits = shape == LaneShape::F32x4 ? parse_f32_bits(token) : parse_f64_bits(token);
  } else {
    lane.bits = parse_int_bits(token, lane_bits(shape));
  }
  return lane;
}

// `(i32.const N)`, `(v128.const SHAPE lane…)`, `(ref.null func|extern)`, `(ref.extern N)`, and in results also
// NaN patterns, `(ref.func)` and `(ref.extern)`.
WastResult parse_constant(const SExpr& form, Context context) {
  if (form.items.empty() || !form.items[0].is_atom(Token::Kind::Keyword))
    fail(form.location, "unexpected token, expected a constant");
  std::string_view head = form.items[0].atom.text;
  Items items(form);
  WastResult result;
  if (head == "i32.const" || head == "i64.const") {
    result.value.type = head == "i32.const" ? ValType::I32 : ValType::I64;
    result.value.bits = parse_int_bits(items.take_atom("a number"), head == "i32.const" ? 32 : 64);
  } else if (head == "f32.const" || head == "f64.const") {
    result.value.type = head == "f32.const" ? ValType::F32 : ValType::F64;
    const Token& token = items.take_atom("a number");
    if (auto nan = nan_pattern_of(token); nan && context == Context::Result) {
      result.kind = WastResult::Kind::Nan;
      result.nan = *nan;
    } else {
      result.value.bits = result.value.type == ValType::F32 ? parse_f32_bits(token) : parse_f64_bits(token);
    }
  } else if (head == "v128.const") {
    result.value.type = ValType::V128;
    result.kind = WastResult::Kind::Lanes;
    const Token& shape_token = items.take_atom("a vector shape");
    auto shape = lane_shape_from(shape_token.text);
    if (!shape || shape_token.kind != Token::Kind::Keyword) fail(shape_token.location, "unexpected token");
    result.shape = *shape;
    for (unsigned i = 0; i < lane_count(*shape); ++i)
      result.lanes.push_back(parse_lane(items.take_atom("a lane value"), *shape, context));
  } else if (head == "ref.null") {
    const Token& heap_type = items.take_atom("a reference kind");
    if (heap_type.text == "func") {
      result.value.type = ValType::FuncRef;
    } else if (heap_type.text == "extern") {
      result.value.type = ValType::ExternRef;
    } else {
      fail(heap_type.location, "unexpected token, expected func or extern");
    }
    result.value.is_null = true;
  } else if (head == "ref.extern" || (head == "ref.func" && context == Context::Result)) {
    result.value.type = head == "ref.extern" ? ValType::ExternRef : ValType::FuncRef;
    if (items.done() && context == Context::Result)
      result.kind = WastResult::Kind::AnyRef;
    else if (head == "ref.extern")
      result.value.bits = parse_u32(items.take_atom("a host reference number"));
  } else {
    fail(form.items[0].location, "unexpected token, expected a constant");
  }
  items.expect_end();
  return result;
}

// An argument's lanes, which are never NaN patterns, as the v128 they spell (lane 0 in the lowest bytes).
WastValue assemble_v128(const WastResult& parsed) {
  WastValue value;
  value.type = ValType::V128;
  unsigned lane_bytes = lane_bits(parsed.shape) / 8;
  for (size_t i = 0; i < parsed.lanes.size(); ++i)
    for (unsigned b = 0; b < lane_bytes; ++b)
      value.v128.bytes[i * lane_bytes + b] = static_cast<uint8_t>(parsed.lanes[i].bits >> (8 * b));
  return value;
}

WastValue parse_value(const SExpr& form) {
  WastResult result = parse_constant(form, Context::Argument);
  return result.kind == WastResult::Kind::Lanes ? assemble_v128(result) : result.value;
}

WastAction parse_action(const SExpr& form) {
  WastAction action;
  action.location = form.location;
  Items items(form);
  if (form.is_form("invoke")) {
    action.kind = WastAction::Kind::Invoke;
  } else if (form.is_form("get")) {
    action.kind = WastAction::Kind::Get;
  } else {
    fail(form.location, "unexpected token, expected an action (invoke or get)");
  }
  action.module = items.take_id();
  action.field = items.take_string("an export name string");
  if (action.kind == WastAction::Kind::Invoke) {
    while (!items.done()) action.args.push_back(parse_value(items.take_list("an argument")));
  }
  items.expect_end();
  return action;
}

// `(module definition? $id? …)` where … is `binary "…"*`, `quote "…"*` or the module's fields.
WastModule capture_module(const SExpr& form) {
  WastModule module;
  module.location = form.location;
  Items items(form);
  if (items.peek_keyword("definition")) {
    items.take("definition");
    module.is_definition = true;
  }
  module.name = items.take_id();
  if (items.peek_keyword("binary") || items.peek_keyword("quote")) {
    module.form =
        items.take("binary or quote").is_keyword("binary") ? WastModule::Form::Binary : WastModule::Form::Quote;
    while (!items.done()) module.source += items.take_string("a string");
    return module;
  }
  module.form = WastModule::Form::Text;
  module.text = form;
  if (module.is_definition) module.text.items.erase(module.text.items.begin() + 1);
  return module;
}

// A top-level `(module …)`: a module, or 3.0's `(module instance $i? $m?)`.
WastCommand parse_module_command(const SExpr& form) {
  WastCommand command;
  command.location = form.location;
  Items items(form);
  if (!items.peek_keyword("instance")) {
    command.module = capture_module(form);
    return command;
  }
  items.take("instance");
  command.kind = WastCommand::Kind::ModuleInstance;
  command.name = items.take_id();
  command.module_name = items.take_id();
  items.expect_end();
  return command;
}

std::optional<WastCommand::Kind> module_assertion_kind(std::string_view head) {
  if (head == "assert_malformed") return WastCommand::Kind::AssertMalformed;
  if (head == "assert_invalid") return WastCommand::Kind::AssertInvalid;
  if (head == "assert_unlinkable") return WastCommand::Kind::AssertUnlinkable;
  if (head == "assert_uninstantiable") return WastCommand::Kind::AssertUninstantiable;
  return std::nullopt;
}

WastCommand parse_command(const SExpr& form) {
  if (!form.is_list || form.items.empty() || !form.items[0].is_atom(Token::Kind::Keyword))
    fail(form.location, "unexpected token, expected a command");
  std::string_view head = form.items[0].atom.text;
  if (head == "module") return parse_module_command(form);
  WastCommand command;
  command.location = form.location;
  if (head == "invoke" || head == "get") {
    command.kind = WastCommand::Kind::Action;
    command.action = parse_action(form);
    return command;
  }
  Items items(form);
  if (head == "register") {
    command.kind = WastCommand::Kind::Register;
    command.name = items.take_string("a module name string");
    command.module_name = items.take_id();
  } else if (head == "assert_return") {
    command.kind = WastCommand::Kind::AssertReturn;
    command.action = parse_action(items.take_list("an action"));
    while (!items.done()) command.results.push_back(parse_constant(items.take_list("a result"), Context::Result));
  } else if (head == "assert_trap") {
    command.kind = WastCommand::Kind::AssertTrap;
    const SExpr& target = items.take_list("an action or a module");
    if (target.is_form("module"))
      command.module = capture_module(target);
    else
      command.action = parse_action(target);
    command.failure = items.take_string("a failure message");
  } else if (head == "assert_exhaustion") {
    command.kind = WastCommand::Kind::AssertExhaustion;
    command.action = parse_action(items.take_list("an action"));
    command.failure = items.take_string("a failure message");
  } else if (auto kind = module_assertion_kind(head)) {
    command.kind = *kind;
    const SExpr& module = items.take_list("a module");
    if (!module.is_form("module")) fail(module.location, "unexpected token, expected a module");
    command.module = capture_module(module);
    command.failure = items.take_string("a failure message");
  } else {
    fail(form.items[0].location, "unknown command " + std::string(head));
  }
  items.expect_end();
  return command;
}

bool is_module_field(const SExpr& form) {
  static constexpr std::string_view kFields[] = {"type",   "import", "func",  "table", "memory",
                                                 "global", "export", "start", "elem",  "data"};
  return std::ranges::any_of(kFields, [&](std::string_view field) { return form.is_form(field); });
}

// A script that is the bare fields of one module (as inline-module.wast is) defines that module, wrapped here in
// the `(module …)` the WAT parser expects.
WastCommand inline_module(std::vector<SExpr> fields) {
  SExpr wrapper;
  wrapper.is_list = true;
  wrapper.location = fields[0].location;
  wrapper.end_location = fields.back().end_location;
  SExpr keyword;
  keyword.atom.kind = Token::Kind::Keyword;
  keyword.atom.text = "module";
  keyword.atom.location = keyword.location = wrapper.location;
  wrapper.items.push_back(std::move(keyword));
  std::ranges::move(fields, std::back_inserter(wrapper.items));
  WastCommand command;
  command.location = wrapper.location;
  command.module = capture_module(wrapper);
  return command;
}

}  // namespace

std::vector<WastCommand> parse_wast(std::string_view source) {
  std::vector<SExpr> forms = parse_sexprs(source);
  if (!forms.empty() && is_module_field(forms[0])) return {inline_module(std::move(forms))};
  std::vector<WastCommand> commands;
  commands.reserve(forms.size());
  for (const SExpr& form : forms) commands.push_back(parse_command(form));
  return commands;
}

Module read_wast_module(const WastModule& module) {
  switch (module.form) {
    case WastModule::Form::Text: return parse_module(module.text);
    case WastModule::Form::Binary:
      return decode_module(std::span(reinterpret_cast<const uint8_t*>(module.source.data()), module.source.size()));
    case WastModule::Form::Quote: break;
  }
  return parse_wat(module.source);
}

}  // namespace kiln::text
