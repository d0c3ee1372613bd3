// Dropping the entry stack check (FunctionCompiler::finish_entry) of small leaf functions: in call-
// heavy code such as handlers reached through call_indirect, the check is a load, a compare and a
// branch of a body that may be two instructions.
#include "pipeline/leaf_stack_checks.h"

#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>
#include <llvm/Transforms/Utils/Local.h>

#include "kiln/abi.h"

namespace kiln {
namespace {

// The frame of a function this small fits the unchecked stack with room to spare: at most one
// spill slot of 32 bytes per instruction (8 KiB), its own stack slots (4 KiB) and the callee-saved
// registers.
constexpr size_t kMaxLeafInstructions = 256;
constexpr uint64_t kMaxLeafStackSlotBytes = 4 * 1024;
static_assert(kMaxLeafInstructions * 32 + kMaxLeafStackSlotBytes + 1024 <= abi::kUncheckedLeafStack);

bool is_small_leaf(const llvm::Function& function) {
  const llvm::DataLayout& layout = function.getParent()->getDataLayout();
  size_t instructions = 0;
  uint64_t slot_bytes = 0;
  for (const llvm::BasicBlock& block : function) {
    for (const llvm::Instruction& instruction : block) {
      if (++instructions > kMaxLeafInstructions) return false;
      if (const auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction)) {
        // Wasm functions, imports, host thunks and table entries are all called in the wasm convention.
        if (call->getCallingConv() == llvm::CallingConv::Tail) return false;
      } else if (const auto* slot = llvm::dyn_cast<llvm::AllocaInst>(&instruction)) {
        std::optional<llvm::TypeSize> size = slot->getAllocationSize(layout);
        if (!size || size->isScalable()) return false;
        slot_bytes += size->getFixedValue();
        if (slot_bytes > kMaxLeafStackSlotBytes) return false;
      }
    }
  }
  return true;
}

// The stack check's compare: frameaddress, ptrtoint, then icmp against the limit.
llvm::ICmpInst* stack_check_of(llvm::Function& function) {
  for (llvm::Instruction& instruction : function.getEntryBlock()) {
    auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(&instruction);
    if (!intrinsic || intrinsic->getIntrinsicID() != llvm::Intrinsic::frameaddress || !intrinsic->hasOneUse()) continue;
    auto* address = llvm::dyn_cast<llvm::PtrToIntInst>(intrinsic->user_back());
    if (!address || !address->hasOneUse()) return nullptr;
    return llvm::dyn_cast<llvm::ICmpInst>(address->user_back());
  }
  return nullptr;
}

}  // namespace

void drop_leaf_stack_checks(llvm::Module& module) {
  for (llvm::Function& function : module) {
    if (function.isDeclaration() || !is_small_leaf(function)) continue;
    llvm::ICmpInst* check = stack_check_of(function);
    if (!check) continue;
    check->replaceAllUsesWith(llvm::ConstantInt::getFalse(module.getContext()));
    llvm::RecursivelyDeleteTriviallyDeadInstructions(check);
    // The branch to the trap now has a constant condition; fold it and drop the trap block.
    llvm::ConstantFoldTerminator(&function.getEntryBlock(), /*DeleteDeadConditions=*/true);
    llvm::removeUnreachableBlocks(function);
  }
}

}  // namespace kiln
