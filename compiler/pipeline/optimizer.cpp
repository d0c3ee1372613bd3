// Optimization through the new pass manager, then machine code through the target's legacy
// code generation pipeline (which LLVM 19 still uses for emission).
#include "pipeline/optimizer.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>

#include "kiln/error.h"
#include "pipeline/load_sink_finisher.h"

namespace kiln {

void optimize_module(llvm::Module& module, llvm::TargetMachine& machine, unsigned opt_level) {
  if (opt_level == 0) return;
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
