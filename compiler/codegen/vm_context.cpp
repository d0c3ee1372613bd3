// VMContext field access at the offsets abi.h fixes.
#include "codegen/vm_context.h"

#include "kiln/abi.h"

namespace kiln::codegen {
namespace {

// Cache keys for values that are not a plain field: (field offset, element index + kElementBias).
constexpr uint64_t kFieldItself = 0;
constexpr uint64_t kElementBias = 1;
// Imported functions and type ids are arrays of records, not of pointers; their cache keys use
// made-up offsets past the VMContext so that they cannot collide with a field.
constexpr size_t kImportedCodeKey = sizeof(abi::VMContext) + 1;
constexpr size_t kImportedVmctxKey = sizeof(abi::VMContext) + 2;
constexpr size_t kTypeIdKey = sizeof(abi::VMContext) + 3;
constexpr size_t kFixedTableElementsKey = sizeof(abi::VMContext) + 4;

}  // namespace

llvm::LoadInst* VmContextAccess::invariant_load(llvm::Type* type, llvm::Value* address) {
  llvm::LoadInst* load = entry_.CreateLoad(type, address);
  load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(entry_.getContext(), {}));
  return load;
}

llvm::Value* VmContextAccess::pointer_field(size_t offset) {
  auto [it, inserted] = cache_.try_emplace({offset, kFieldItself}, nullptr);
  if (inserted) {
    llvm::Value* address = entry_.CreateConstInBoundsGEP1_64(entry_.getInt8Ty(), vmctx_, offset);
    it->second = invariant_load(entry_.getPtrTy(), address);
  }
  return it->second;
}

llvm::Value* VmContextAccess::pointer_array_element(size_t offset, uint64_t index) {
  auto [it, inserted] = cache_.try_emplace({offset, index + kElementBias}, nullptr);
  if (inserted) {
    llvm::Value* address = entry_.CreateConstInBoundsGEP1_64(entry_.getPtrTy(), pointer_field(offset), index);
    it->second = invariant_load(entry_.getPtrTy(), address);
  }
  return it->second;
}

llvm::Value* VmContextAccess::memory0_base() { return pointer_field(abi::offsets::kMemory0Base); }

llvm::Value* VmContextAccess::stack_limit() {
  auto [it, inserted] = cache_.try_emplace({abi::offsets::kStackLimit, kFieldItself}, nullptr);
  if (inserted) {
    llvm::Value* address = entry_.CreateConstInBoundsGEP1_64(entry_.getInt8Ty(), vmctx_, abi::offsets::kStackLimit);
    it->second = invariant_load(entry_.getInt64Ty(), address);
  }
  return it->second;
}

llvm::Value* VmContextAccess::interrupt_flag(llvm::IRBuilder<>& builder) {
  llvm::LoadInst* flag = builder.CreateLoad(builder.getInt32Ty(), pointer_field(abi::offsets::kInterrupt));
  // Atomic, so that the optimizer neither hoists it out of a loop nor assumes it unchanged.
  flag->setAtomic(llvm::AtomicOrdering::Monotonic);
  flag->setAlignment(llvm::Align(4));
  scope_.mark_state_load(flag);
  return flag;
}

llvm::Value* VmContextAccess::memory0_size(llvm::IRBuilder<>& builder) {
  llvm::Value* extent = pointer_field(abi::offsets::kMemory0);
  llvm::Value* address =
      builder.CreateConstInBoundsGEP1_64(builder.getInt8Ty(), extent, offsetof(abi::MemoryExtent, size));
  llvm::LoadInst* size = builder.CreateLoad(builder.getInt64Ty(), address);
  scope_.mark_state_load(size);
  return size;
}

llvm::Value* VmContextAccess::global_cell(uint32_t index) {
  return pointer_array_element(abi::offsets::kGlobals, index);
}

llvm::Value* VmContextAccess::table_extent(uint32_t table) {
  return pointer_array_element(abi::offsets::kTables, table);
}

std::optional<uint64_t> VmContextAccess::fixed_table_size(uint32_t table) const {
  // An imported table matches these limits only if its own size is fixed at the same number.
  const Limits& limits = tables_[table].limits;
  if (limits.max && *limits.max == limits.min) return limits.min;
  return std::nullopt;
}

llvm::Value* VmContextAccess::table_size(llvm::IRBuilder<>& builder, uint32_t table) {
  if (std::optional<uint64_t> size = fixed_table_size(table)) return builder.getInt64(*size);
  llvm::Value* address =
      builder.CreateConstInBoundsGEP1_64(builder.getInt8Ty(), table_extent(table), offsetof(abi::TableExtent, size));
  llvm::LoadInst* size = builder.CreateLoad(builder.getInt64Ty(), address);
  scope_.mark_state_load(size);
  return size;
}

llvm::Value* VmContextAccess::table_elements(llvm::IRBuilder<>& builder, uint32_t table) {
  static_assert(offsetof(abi::TableExtent, elements) == 0);
  // Only growing moves the element array.
  if (fixed_table_size(table)) {
    auto [it, inserted] = cache_.try_emplace({kFixedTableElementsKey, table}, nullptr);
    if (inserted) it->second = invariant_load(entry_.getPtrTy(), table_extent(table));
    return it->second;
  }
  llvm::LoadInst* elements = builder.CreateLoad(builder.getPtrTy(), table_extent(table));
  scope_.mark_state_load(elements);
  return elements;
}

std::pair<llvm::Value*, llvm::Value*> VmContextAccess::imported_function(uint32_t index) {
  auto load_member = [&](size_t key, size_t member_offset) {
    auto [it, inserted] = cache_.try_emplace({key, index}, nullptr);
    if (inserted) {
      llvm::Value* address =
          entry_.CreateConstInBoundsGEP1_64(entry_.getInt8Ty(), pointer_field(abi::offsets::kImportedFunctions),
                                            uint64_t{index} * sizeof(abi::ImportedFunction) + member_offset);
      it->second = invariant_load(entry_.getPtrTy(), address);
    }
    return it->second;
  };
  return {load_member(kImportedCodeKey, offsetof(abi::ImportedFunction, code)),
          load_member(kImportedVmctxKey, offsetof(abi::ImportedFunction, vmctx))};
}

llvm::Value* VmContextAccess::func_ref(uint32_t func_index) {
  return entry_.CreateConstInBoundsGEP1_64(entry_.getInt8Ty(), pointer_field(abi::offsets::kFuncRefs),
                                           uint64_t{func_index} * sizeof(abi::FuncRef));
}

llvm::Value* VmContextAccess::type_id(uint32_t type_index) {
  auto [it, inserted] = cache_.try_emplace({kTypeIdKey, type_index}, nullptr);
  if (inserted) {
    llvm::Value* address =
        entry_.CreateConstInBoundsGEP1_64(entry_.getInt32Ty(), pointer_field(abi::offsets::kTypeIds), type_index);
    it->second = invariant_load(entry_.getInt32Ty(), address);
  }
  return it->second;
}

}  // namespace kiln::codegen
