// How the API tests turn a text module into compiled code: parsed, written to the binary form and
// decoded again (so that byte offsets, which trap locations use, are those of a real module
// binary, name section included), validated, and JIT-compiled.
#pragma once

#include <memory>
#include <string_view>

#include "kiln/compiled_module.h"
#include "kiln/decoder.h"
#include "kiln/jit.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "kiln/writer.h"

namespace kiln::test {

inline std::shared_ptr<Module> parse_module(std::string_view wat) {
  auto module = std::make_shared<Module>(decode_module(write_module(parse_wat(wat))));
  validate_module(*module);
  return module;
}

inline CompiledModule compile_wat(std::string_view wat, const CompileOptions& options = {}) {
  std::shared_ptr<Module> module = parse_module(wat);
  return CompiledModule(module, jit_compile(*module, options));
}

}  // namespace kiln::test
