// A module ready to instantiate: its model and the machine code a compiler made of it.
#pragma once

#include <memory>

#include "kiln/compiled_code.h"
#include "kiln/module.h"

namespace kiln {

class CompiledModule {
 public:
  // Throws std::invalid_argument when `code` does not fit `module`: one function per defined
  // function, and entries and host thunks either absent or one per type.
  CompiledModule(std::shared_ptr<const Module> module, std::shared_ptr<const CompiledCode> code);

  const Module& module() const { return *module_; }
  const CompiledCode& code() const { return *code_; }

 private:
  std::shared_ptr<const Module> module_;
  std::shared_ptr<const CompiledCode> code_;
};

}  // namespace kiln
