// An ORC materialization unit for one group of a lazily compiled module's functions: it stands
// for their symbols in the bodies' JITDylib and compiles them when one is first looked up.
#pragma once

#include <vector>

#include <llvm/ExecutionEngine/Orc/Core.h>

namespace kiln::jit {

class LazyCode;

class LazyGroupUnit : public llvm::orc::MaterializationUnit {
 public:
  // `functions`: indices in the function index space; `symbols`: the same, interned.
  LazyGroupUnit(LazyCode& code, std::vector<uint32_t> functions, llvm::orc::SymbolFlagsMap symbols);

  llvm::StringRef getName() const override { return "kiln lazy function group"; }
  void materialize(std::unique_ptr<llvm::orc::MaterializationResponsibility> responsibility) override;

 private:
  // Only called when another definition replaces one of ours, which kiln never makes.
  void discard(const llvm::orc::JITDylib&, const llvm::orc::SymbolStringPtr&) override {}

  LazyCode& code_;  // outlives the unit: removing its JITDylibs destroys the units not yet run
  std::vector<uint32_t> functions_;
};

}  // namespace kiln::jit
