// CompiledModule: the module and its code, checked to fit each other.
#include "kiln/compiled_module.h"

#include <stdexcept>

namespace kiln {

CompiledModule::CompiledModule(std::shared_ptr<const Module> module, std::shared_ptr<const CompiledCode> code)
    : module_(std::move(module)), code_(std::move(code)) {
  if (!module_ || !code_) throw std::invalid_argument("compiled module without a module or code");
  size_t types = module_->types.size();
  if (code_->functions.size() != module_->num_defined_functions())
    throw std::invalid_argument("compiled code has " + std::to_string(code_->functions.size()) +
                                " functions for a module that defines " +
                                std::to_string(module_->num_defined_functions()));
  if ((!code_->entries.empty() && code_->entries.size() != types) ||
      (!code_->host_thunks.empty() && code_->host_thunks.size() != types))
    throw std::invalid_argument("compiled code needs one entry trampoline and host thunk per type");
}

}  // namespace kiln
