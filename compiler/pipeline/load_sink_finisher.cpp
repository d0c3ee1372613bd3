// Replaces the load sink after optimization. The sink (every loaded value or-ed into a value stored
// at each exit) keeps the optimizer from deleting loads, but as loop-carried or-chains it would
// cost every loop that loads; after optimization almost every load has other uses, and only the
// few without get a store of their own.
#include "pipeline/load_sink_finisher.h"

#include <algorithm>

#include <llvm/ADT/MapVector.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/DemandedBits.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/Local.h>

namespace kiln {
namespace {

// Instructions the sink may be made of: no effects, no memory read (so no load), no control.
bool is_pure(const llvm::Instruction& instruction) {
  return !instruction.mayHaveSideEffects() && !instruction.mayReadFromMemory() && !instruction.isTerminator() &&
         !instruction.isEHPad();
}

// The instructions whose every use leads only to the sink stores: the largest such set among the
// pure instructions the stores' values are computed from.
llvm::SmallPtrSet<llvm::Instruction*, 32> sink_only(llvm::ArrayRef<llvm::StoreInst*> stores) {
  llvm::SmallPtrSet<llvm::Instruction*, 32> set;
  llvm::SmallVector<llvm::Instruction*, 32> work;
  auto add = [&](llvm::Value* value) {
    auto* instruction = llvm::dyn_cast<llvm::Instruction>(value);
    if (instruction && is_pure(*instruction) && set.insert(instruction).second) work.push_back(instruction);
  };
  for (llvm::StoreInst* store : stores) add(store->getValueOperand());
  while (!work.empty()) {
    llvm::Instruction* instruction = work.pop_back_val();
    for (llvm::Value* operand : instruction->operands()) add(operand);
  }
  llvm::SmallPtrSet<llvm::StoreInst*, 8> store_set(stores.begin(), stores.end());
  auto used_elsewhere = [&](llvm::Instruction* instruction) {
    for (llvm::User* user : instruction->users()) {
      auto* store = llvm::dyn_cast<llvm::StoreInst>(user);
      if (!set.contains(llvm::cast<llvm::Instruction>(user)) && !(store && store_set.contains(store))) return true;
    }
    return false;
  };
  // Removing one member can make its operands used elsewhere: repeat until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (llvm::Instruction* instruction : llvm::SmallVector<llvm::Instruction*, 32>(set.begin(), set.end())) {
      if (used_elsewhere(instruction)) {
        set.erase(instruction);
        changed = true;
      }
    }
  }
  return set;
}

bool kept_by_other_uses(llvm::Instruction* value, llvm::DemandedBits& demanded, bool whole = false);

// Whether lane `lane` of `vector` (a loaded vector, or one made from it lane by lane, shuffled or
// recast) is needed by code that instruction selection must emit. Called with the lane that holds
// the access's highest byte, which is out of bounds whenever the access is: a narrower load
// without that lane would not fault. Follows at most `depth` instructions.
bool lane_needed(llvm::Value* vector, unsigned lane, unsigned depth, llvm::DemandedBits& demanded) {
  auto* type = llvm::cast<llvm::FixedVectorType>(vector->getType());
  unsigned count = type->getNumElements();
  for (llvm::User* user : vector->users()) {
    auto* instruction = llvm::cast<llvm::Instruction>(user);
    if (auto* store = llvm::dyn_cast<llvm::StoreInst>(instruction)) {
      if (store->getValueOperand() == vector) return true;
      continue;
    }
    if (llvm::isa<llvm::PHINode, llvm::ReturnInst>(instruction)) return true;
    auto* result = llvm::dyn_cast<llvm::FixedVectorType>(instruction->getType());
    if (auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(instruction)) {
      // A scalar from a vector (a reduction, a mask of sign bits, a test) needs every lane; an
      // intrinsic keeping the lane count is lane-wise (min, max, fma…) or mixes lanes by a runtime
      // index; others (parts of vectors) are not followed.
      if (!result) {
        if (!intrinsic->use_empty()) return true;
        continue;
      }
      if (result->getNumElements() == count && depth > 0 && lane_needed(intrinsic, lane, depth - 1, demanded)) {
        return true;
      }
      continue;
    }
    if (llvm::isa<llvm::CallBase>(instruction)) return true;
    if (depth == 0) continue;
    if (auto* extract = llvm::dyn_cast<llvm::ExtractElementInst>(instruction)) {
      auto* index = llvm::dyn_cast<llvm::ConstantInt>(extract->getIndexOperand());
      if (!index || index->getZExtValue() == lane) {
        // The lane as a scalar: needed whole (a variable index needs every lane).
        if (!index || kept_by_other_uses(extract, demanded, /*whole=*/true)) return true;
      }
      continue;
    }
    if (auto* insert = llvm::dyn_cast<llvm::InsertElementInst>(instruction)) {
      auto* index = llvm::dyn_cast<llvm::ConstantInt>(insert->getOperand(2));
      if (insert->getOperand(0) == vector && !(index && index->getZExtValue() == lane) &&
          lane_needed(insert, lane, depth - 1, demanded)) {
        return true;
      }
      continue;
    }
    if (auto* shuffle = llvm::dyn_cast<llvm::ShuffleVectorInst>(instruction)) {
      llvm::ArrayRef<int> mask = shuffle->getShuffleMask();
      for (unsigned operand = 0; operand < 2; ++operand) {
        if (shuffle->getOperand(operand) != vector) continue;
        for (unsigned position = 0; position < mask.size(); ++position) {
          if (mask[position] == int(lane + operand * count) && lane_needed(shuffle, position, depth - 1, demanded)) {
            return true;
          }
        }
      }
      continue;
    }
    if (!result) continue;
    if (llvm::isa<llvm::BitCastInst>(instruction)) {
      // The lane holding the same highest byte.
      uint64_t old_bytes = type->getScalarSizeInBits() / 8, new_bytes = result->getScalarSizeInBits() / 8;
      if (type->getScalarSizeInBits() % 8 != 0 || result->getScalarSizeInBits() % 8 != 0) continue;
      if (lane_needed(instruction, unsigned(((lane + 1) * old_bytes - 1) / new_bytes), depth - 1, demanded))
        return true;
      continue;
    }
    // Lane-wise: arithmetic, comparisons, selects and casts, but not truncation, which drops the
    // lane's high bytes.
    bool lanewise =
        llvm::isa<llvm::BinaryOperator, llvm::UnaryOperator, llvm::CmpInst, llvm::SelectInst>(instruction) ||
        (llvm::isa<llvm::CastInst>(instruction) && !llvm::isa<llvm::TruncInst>(instruction));
    if (lanewise && result->getNumElements() == count && lane_needed(instruction, lane, depth - 1, demanded)) {
      return true;
    }
  }
  return false;
}

// Whether code other than the sink keeps `value` (a load, or what the sink took from one) whole
// through instruction selection, which deletes unused loads and narrows partly used ones: its
// highest byte (or, with `whole`, all of it) must be needed.
bool kept_by_other_uses(llvm::Instruction* value, llvm::DemandedBits& demanded, bool whole) {
  if (value->use_empty()) return false;
  llvm::Type* type = value->getType();
  if (auto* vector = llvm::dyn_cast<llvm::FixedVectorType>(type)) {
    return lane_needed(value, vector->getNumElements() - 1, 6, demanded);
  }
  // An integer's highest bit lies in its highest byte.
  if (type->isIntegerTy()) {
    llvm::APInt bits = demanded.getDemandedBits(value);
    return whole ? bits.isAllOnes() : bits.isSignBitSet();
  }
  for (llvm::User* user : value->users()) {
    auto* cast = llvm::dyn_cast<llvm::BitCastInst>(user);
    if (!cast || !cast->getType()->isIntegerTy()) return true;
    llvm::APInt bits = demanded.getDemandedBits(cast);
    if (whole ? bits.isAllOnes() : bits.isSignBitSet()) return true;
  }
  return false;
}

// Whether `value` must be computed in its own block: some code of that block that stays there
// (a store, a call, a terminator, a phi of a successor fed from this block) needs it, directly or
// through pure instructions and plain loads of the block. Otherwise code generation may sink it (and a load it
// depends on) into the one successor that uses it, so that a path which skips that successor
// would skip the load and its trap.
bool pinned_to_block(llvm::Instruction* value) {
  if (llvm::isa<llvm::PHINode>(value)) return true;
  llvm::BasicBlock* block = value->getParent();
  llvm::SmallVector<llvm::Instruction*, 16> work{value};
  llvm::SmallPtrSet<llvm::Instruction*, 16> visited{value};
  while (!work.empty()) {
    llvm::Instruction* current = work.pop_back_val();
    for (llvm::Use& use : current->uses()) {
      auto* user = llvm::cast<llvm::Instruction>(use.getUser());
      if (auto* phi = llvm::dyn_cast<llvm::PHINode>(user)) {
        if (phi->getIncomingBlock(use) == block) return true;
        continue;
      }
      if (user->getParent() != block) continue;
      // A plain load can be sunk as well as pure code can.
      auto* load = llvm::dyn_cast<llvm::LoadInst>(user);
      if (!is_pure(*user) && !(load && load->isSimple())) return true;
      if (visited.insert(user).second) work.push_back(user);
    }
  }
  return false;
}

void finish_load_sink(llvm::Function& function, llvm::ArrayRef<llvm::StoreInst*> stores) {
  llvm::SmallPtrSet<llvm::Instruction*, 32> sink = sink_only(stores);
  // What the sink takes in: loads, and values some other code uses too.
  llvm::SmallVector<llvm::Instruction*, 32> inputs;
  llvm::SmallPtrSet<llvm::Instruction*, 32> seen;
  auto collect = [&](llvm::Instruction* from) {
    for (llvm::Value* operand : from->operands()) {
      auto* instruction = llvm::dyn_cast<llvm::Instruction>(operand);
      if (instruction && !sink.contains(instruction) && seen.insert(instruction).second) inputs.push_back(instruction);
    }
  };
  for (llvm::StoreInst* store : stores) collect(store);
  for (llvm::Instruction* instruction : sink) collect(instruction);

  for (llvm::StoreInst* store : stores) store->eraseFromParent();
  for (llvm::Instruction* instruction : sink) instruction->dropAllReferences();
  for (llvm::Instruction* instruction : sink) instruction->eraseFromParent();

  // Without the sink, code generation's own clean-up could fold branches (say, to blocks the
  // sink's stores had kept apart) and delete what then computes nothing, loads' uses included.
  // Do that clean-up here first, while a placeholder use keeps every input, so that the uses
  // judged below are the ones that survive.
  llvm::IRBuilder<> placeholder_builder(&function.getEntryBlock(), function.getEntryBlock().getFirstInsertionPt());
  llvm::AllocaInst* placeholder_slot =
      placeholder_builder.CreateAlloca(placeholder_builder.getInt8Ty(), placeholder_builder.getInt64(64));
  llvm::WeakVH placeholder_handle(placeholder_slot);
  for (llvm::Instruction* input : inputs) {
    llvm::Instruction* after = input->getNextNode();
    if (llvm::isa<llvm::PHINode>(input)) after = &*input->getParent()->getFirstInsertionPt();
    placeholder_builder.SetInsertPoint(after);
    placeholder_builder.CreateStore(input, placeholder_slot, /*isVolatile=*/true);
  }
  llvm::TargetTransformInfo cost_model(function.getDataLayout());
  for (bool changed = true; changed;) {
    changed = llvm::removeUnreachableBlocks(function);
    llvm::SmallVector<llvm::BasicBlock*, 32> blocks;
    for (llvm::BasicBlock& block : function) blocks.push_back(&block);
    for (llvm::WeakVH block : llvm::SmallVector<llvm::WeakVH, 32>(blocks.begin(), blocks.end())) {
      if (block) changed |= llvm::simplifyCFG(llvm::cast<llvm::BasicBlock>(block), cost_model);
    }
    llvm::SmallVector<llvm::WeakTrackingVH, 16> dead;
    for (llvm::Instruction& instruction : llvm::instructions(function)) {
      if (llvm::isInstructionTriviallyDead(&instruction)) dead.push_back(&instruction);
    }
    changed |= !dead.empty();
    llvm::RecursivelyDeleteTriviallyDeadInstructionsPermissive(dead);
  }
  // The placeholders are the slot's users (the clean-up may have merged or moved some); with no
  // inputs, the slot was unused and the clean-up deleted it.
  llvm::SmallVector<llvm::Instruction*, 32> live_inputs;
  if (placeholder_handle) {
    for (llvm::User* user : llvm::make_early_inc_range(placeholder_slot->users())) {
      auto* placeholder = llvm::cast<llvm::StoreInst>(user);
      // The clean-up may have replaced an input by a constant or an argument, which need nothing.
      if (auto* input = llvm::dyn_cast<llvm::Instruction>(placeholder->getValueOperand())) live_inputs.push_back(input);
      placeholder->eraseFromParent();
    }
    placeholder_slot->eraseFromParent();
  }
  inputs.assign(live_inputs.begin(), live_inputs.end());

  llvm::DominatorTree dominators(function);
  llvm::AssumptionCache assumptions(function);
  llvm::DemandedBits demanded(function, assumptions, dominators);
  llvm::SmallVector<llvm::Instruction*, 8> unkept;
  for (llvm::Instruction* input : inputs) {
    if (!kept_by_other_uses(input, demanded) || !pinned_to_block(input)) unkept.push_back(input);
  }
  if (unkept.empty()) return;
  // One slot takes every kept value (the vectorizer's loads may be wider than a v128): volatile
  // stores are never deleted or narrowed, so neither are the loads they store.
  const llvm::DataLayout& layout = function.getDataLayout();
  uint64_t slot_bytes = 16;
  for (llvm::Instruction* input : unkept) {
    slot_bytes = std::max<uint64_t>(slot_bytes, layout.getTypeStoreSize(input->getType()).getFixedValue());
  }
  llvm::BasicBlock& entry = function.getEntryBlock();
  llvm::IRBuilder<> builder(&entry, entry.getFirstInsertionPt());
  llvm::AllocaInst* slot = builder.CreateAlloca(builder.getInt8Ty(), builder.getInt64(slot_bytes), "load_keep");
  slot->setAlignment(llvm::Align(16));
  for (llvm::Instruction* input : unkept) {
    llvm::Instruction* after = input->getNextNode();
    if (llvm::isa<llvm::PHINode>(input)) after = &*input->getParent()->getFirstInsertionPt();
    builder.SetInsertPoint(after);
    llvm::StoreInst* keep = builder.CreateAlignedStore(input, slot, llvm::Align(16), /*isVolatile=*/true);
    keep->setDebugLoc(input->getDebugLoc());
  }
}

}  // namespace

void finish_load_sinks(llvm::Module& module) {
  llvm::GlobalVariable* global = module.getNamedGlobal(kLoadSinkGlobal);
  if (!global) return;
  llvm::MapVector<llvm::Function*, llvm::SmallVector<llvm::StoreInst*, 8>> stores;
  for (llvm::User* user : global->users()) {
    auto* store = llvm::dyn_cast<llvm::StoreInst>(user);
    if (store && store->getPointerOperand() == global) stores[store->getFunction()].push_back(store);
  }
  for (auto& [function, function_stores] : stores) finish_load_sink(*function, function_stores);
  if (global->use_empty()) global->eraseFromParent();
}

}  // namespace kiln
