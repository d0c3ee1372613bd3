// Optimization through the new pass manager, then machine code through the target's legacy
// code generation pipeline (which LLVM 19 still uses for emission).
#include "pipeline/optimizer.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>

#include <mutex>

#include "kiln/error.h"
#include "pipeline/constant_folding.h"
#include "pipeline/leaf_stack_checks.h"
#include "pipeline/load_sink_finisher.h"

namespace kiln {
namespace {

// Keeps IndVarSimplify from widening i32 induction variables to i64. A wasm address is the
// zero extension of an i32 that may wrap, and clang's wasm loops often count a negative index up
// to zero (the access being `index + constant`). Widened by zero extension, such an index makes
// every access `(wide + constant) & 0xffffffff`: a 32-bit add and a mask per access, in a form
// that is not an affine 64-bit recurrence. Left narrow, scalar evolution proves from the trip
// count that `index + constant` does not wrap and loop strength reduction turns each access into
// one pointer plus a constant displacement (the SIMD kernels' inner loops lose 2 of 3
// instructions per access; the stencil's loop body halves). LLVM offers no per-pipeline switch,
// only this process-wide option, which kiln sets once, before its first optimization.
void keep_induction_variables_narrow() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::StringMap<llvm::cl::Option*>& options = llvm::cl::getRegisteredOptions();
    auto found = options.find("indvars-widen-indvars");
    // addOccurrence parses the value as the option's own type, so no cast is needed.
    if (found != options.end()) (void)found->second->addOccurrence(0, found->first(), "false");
  });
}

}  // namespace

void optimize_module(llvm::Module& module, llvm::TargetMachine& machine, unsigned opt_level) {
  if (opt_level == 0) {
    fold_constant_instructions(module);
    return;
  }
  keep_induction_variables_narrow();
  llvm::LoopAnalysisManager loop_analyses;
  llvm::FunctionAnalysisManager function_analyses;
  llvm::CGSCCAnalysisManager cgscc_analyses;
  llvm::ModuleAnalysisManager module_analyses;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(module_analyses);
  builder.registerCGSCCAnalyses(cgscc_analyses);
  builder.registerFunctionAnalyses(function_analyses);
  builder.registerLoopAnalyses(loop_analyses);
  builder.crossRegisterProxies(loop_analyses, function_analyses, cgscc_analyses, module_analyses);
  static const llvm::OptimizationLevel kLevels[] = {llvm::OptimizationLevel::O1, llvm::OptimizationLevel::O2,
                                                    llvm::OptimizationLevel::O3};
  llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(kLevels[std::min(opt_level, 3u) - 1]);
  passes.run(module, module_analyses);
  finish_load_sinks(module);
  drop_leaf_stack_checks(module);
}

namespace {

std::unique_ptr<llvm::MemoryBuffer> emit(llvm::Module& module, llvm::TargetMachine& machine,
                                         llvm::CodeGenFileType type) {
  llvm::SmallVector<char, 0> output;
  llvm::raw_svector_ostream stream(output);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, stream, nullptr, type)) {
    throw Error(ErrorKind::Io, "the LLVM target cannot emit this kind of file");
  }
  passes.run(module);
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(output), module.getModuleIdentifier(), false);
}

}  // namespace

std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module& module, llvm::TargetMachine& machine) {
  return emit(module, machine, llvm::CodeGenFileType::ObjectFile);
}

std::unique_ptr<llvm::MemoryBuffer> emit_assembly(llvm::Module& module, llvm::TargetMachine& machine) {
  return emit(module, machine, llvm::CodeGenFileType::AssemblyFile);
}

}  // namespace kiln
