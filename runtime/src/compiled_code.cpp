// Finding the function a program counter lies in, for code whose functions never move.
#include "kiln/compiled_code.h"

namespace kiln {

std::optional<CompiledCode::CodePosition> CompiledCode::find_code(uintptr_t pc) const {
  for (uint32_t defined = 0; defined < code_map.functions.size() && defined < functions.size(); ++defined) {
    auto begin = reinterpret_cast<uintptr_t>(functions[defined]);
    if (pc >= begin && pc - begin < code_map.functions[defined].code_size)
      return CodePosition{defined, static_cast<uint32_t>(pc - begin)};
  }
  return std::nullopt;
}

}  // namespace kiln
