// A function group's unit hands the compilation to the LazyCode that owns the module.
#include "jit/lazy_group_unit.h"

#include "jit/lazy_code.h"

namespace kiln::jit {

LazyGroupUnit::LazyGroupUnit(LazyCode& code, std::vector<uint32_t> functions, llvm::orc::SymbolFlagsMap symbols)
    : MaterializationUnit(Interface(std::move(symbols), nullptr)), code_(code), functions_(std::move(functions)) {}

void LazyGroupUnit::materialize(std::unique_ptr<llvm::orc::MaterializationResponsibility> responsibility) {
  code_.materialize_group(std::move(responsibility), functions_);
}

}  // namespace kiln::jit
