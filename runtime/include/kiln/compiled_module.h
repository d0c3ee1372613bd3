// A module ready to instantiate: its model and the machine code a compiler made of it.
#pragma once

#include <memory>
#include <string>

#include "kiln/compiled_code.h"
#include "kiln/module.h"

namespace kiln {

class CompiledModule {
 public:
  // Throws std::invalid_argument when `code` does not fit `module`: one function per defined
  // function, and entries and host thunks either absent or one per type.
  CompiledModule(std::shared_ptr<const Module> module, std::shared_ptr<const CompiledCode> code);

  // Loads a shared object made by `kiln compile` (no LLVM needed): checks its ELF headers, its
  // kiln header, ABI version and checksum, and that this CPU has every feature the code assumes,
  // then maps it. The code stays loaded (and known to the trap handler) while the result or a
  // copy lives. Throws kiln::Error with a message naming `path` when the file is refused.
  static CompiledModule load_precompiled(const std::string& path);

  const Module& module() const { return *module_; }
  const CompiledCode& code() const { return *code_; }

 private:
  std::shared_ptr<const Module> module_;
  std::shared_ptr<const CompiledCode> code_;
};

}  // namespace kiln
