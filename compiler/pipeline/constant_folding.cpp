// A worklist over each function: an instruction that folds hands its users a constant operand, so
// they are looked at again.
#include "pipeline/constant_folding.h"

#include <llvm/ADT/SetVector.h>
#include <llvm/Analysis/ConstantFolding.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>

#include <vector>

namespace kiln {
namespace {

void fold_function(llvm::Function& function, const llvm::DataLayout& layout) {
  std::vector<llvm::Instruction*> worklist;
  for (llvm::BasicBlock& block : function) {
    for (llvm::Instruction& instruction : block) worklist.push_back(&instruction);
  }
  llvm::SmallSetVector<llvm::Instruction*, 16> folded;
  while (!worklist.empty()) {
    llvm::Instruction* instruction = worklist.back();
    worklist.pop_back();
    // Loads stay (their traps), and so does anything else with an effect.
    if (folded.contains(instruction) || instruction->mayReadOrWriteMemory() || instruction->isTerminator()) continue;
    llvm::Constant* constant = llvm::ConstantFoldInstruction(instruction, layout);
    if (constant == nullptr) continue;
    for (llvm::User* user : instruction->users()) worklist.push_back(llvm::cast<llvm::Instruction>(user));
    instruction->replaceAllUsesWith(constant);
    folded.insert(instruction);
  }
  for (llvm::Instruction* instruction : folded) instruction->eraseFromParent();
}

}  // namespace

void fold_constant_instructions(llvm::Module& module) {
  for (llvm::Function& function : module) {
    if (!function.isDeclaration()) fold_function(function, module.getDataLayout());
  }
}

}  // namespace kiln
