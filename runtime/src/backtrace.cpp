// Symbolizing trap PCs. Runs after the trap's jump, so it may allocate; it only looks things up.
#include "backtrace.h"

#include <algorithm>
#include <cstdio>

#include "instance_state.h"

namespace kiln::detail {
namespace {

// The defined function whose body holds wasm byte `offset` (bodies lie in offset order), else
// `fallback`.
uint32_t body_holding(const Module& module, uint32_t offset, uint32_t fallback) {
  auto holds = [&](const FunctionBody& body) {
    return offset >= body.code_offset && offset - body.code_offset < body.code.size();
  };
  if (holds(module.bodies[fallback])) return fallback;  // the common case: not inlined
  auto after = std::upper_bound(module.bodies.begin(), module.bodies.end(), offset,
                                [](uint32_t at, const FunctionBody& body) { return at < body.code_offset; });
  if (after == module.bodies.begin()) return fallback;
  if (!holds(*std::prev(after))) return fallback;
  return static_cast<uint32_t>(std::prev(after) - module.bodies.begin());
}

// Appends the frames of `pc` if it lies in a wasm function of `compiled`: the function's own
// frame, and before it the frames of functions inlined into it there. Returns whether it did.
bool append_frames_in(const CompiledModule& compiled, uintptr_t pc, std::vector<TrapFrame>& backtrace) {
  const CompiledCode& code = compiled.code();
  const CodeMap& map = code.code_map;
  const Module& module = compiled.module();
  std::optional<CompiledCode::CodePosition> position = code.find_code(pc);
  if (!position) return false;
  uint32_t defined = position->defined;
  const CodeMap::Location* location = map.find(defined, position->code_offset);
  if (location == nullptr) {
    uint32_t func_index = module.num_imported_functions + defined;
    backtrace.push_back({func_index, module.function_name(func_index), std::nullopt});
    return true;
  }
  // Code inlined from another function keeps that function's offsets; the body holding an
  // offset says whose instruction it is.
  auto add = [&](uint32_t offset) {
    uint32_t func_index = module.num_imported_functions + body_holding(module, offset, defined);
    backtrace.push_back({func_index, module.function_name(func_index), offset});
  };
  add(location->wasm_offset);
  for (uint32_t call : location->inlined_calls) add(call);
  return true;
}

}  // namespace

void append_wasm_frames(std::span<const std::unique_ptr<Instance>> instances, const TrapPcs& pcs,
                        std::vector<TrapFrame>& backtrace) {
  for (uint32_t i = 0; i < pcs.count; ++i) {
    // A return address points after its call, which may be the last instruction of a function
    // (calls that never return); the call itself is the byte before.
    uintptr_t pc = i == 0 && pcs.first_is_fault ? pcs.pcs[i] : pcs.pcs[i] - 1;
    const CompiledCode* previous = nullptr;
    for (const std::unique_ptr<Instance>& instance : instances) {
      const CompiledModule& compiled = instance->state().compiled;
      if (&compiled.code() == previous) continue;  // instances of one module share their code
      previous = &compiled.code();
      if (append_frames_in(compiled, pc, backtrace)) break;
    }
  }
}

}  // namespace kiln::detail

namespace kiln {

std::string format_backtrace(const std::vector<TrapFrame>& backtrace) {
  std::string text;
  for (size_t i = 0; i < backtrace.size(); ++i) {
    const TrapFrame& frame = backtrace[i];
    char line[48];
    if (frame.offset) {
      std::snprintf(line, sizeof line, "%5zu: %#8x - ", i, *frame.offset);
    } else {
      std::snprintf(line, sizeof line, "%5zu: %8s - ", i, "?");
    }
    text += line;
    text += frame.func_name;
    text += '\n';
  }
  return text;
}

}  // namespace kiln
