// Typed access from generated code to the VMContext fields of abi.h. Fields that cannot change
// while the instance lives are loaded once per function, in its entry block, as invariant
// loads; extents that grow (memory size, table size and elements) are loaded at each use, except
// those of a table whose limits fix its size (min == max): that one can never grow.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <llvm/IR/IRBuilder.h>

#include "codegen/module_codegen.h"
#include "kiln/abi.h"

namespace kiln::codegen {

class VmContextAccess {
 public:
  // `entry` builds into the function's entry block, which dominates every use.
  VmContextAccess(llvm::IRBuilder<>& entry, llvm::Value* vmctx, const MemoryAliasScope& scope,
                  const std::vector<TableType>& tables)
      : entry_(entry), vmctx_(vmctx), scope_(scope), tables_(tables) {}

  llvm::Value* vmctx() const { return vmctx_; }
  llvm::Value* memory0_base();
  llvm::Value* stack_limit();
  // The current size of memory 0 in bytes, loaded where `builder` stands.
  llvm::Value* memory0_size(llvm::IRBuilder<>& builder);
  // The GlobalCell* of a global.
  llvm::Value* global_cell(uint32_t index);
  // A table's current size (an i64) and its element array, loaded where `builder` stands unless
  // the table's size is fixed.
  llvm::Value* table_size(llvm::IRBuilder<>& builder, uint32_t table);
  llvm::Value* table_elements(llvm::IRBuilder<>& builder, uint32_t table);
  // The {code, vmctx} of an imported function.
  std::pair<llvm::Value*, llvm::Value*> imported_function(uint32_t index);
  // The FuncRef* that ref.func of a function yields.
  llvm::Value* func_ref(uint32_t func_index);
  // The store's interrupt flag, loaded where `builder` stands (another thread sets it).
  llvm::Value* interrupt_flag(llvm::IRBuilder<>& builder);
  // Where the store's remaining fuel lives (an int64_t).
  llvm::Value* fuel_counter() { return pointer_field(abi::offsets::kFuel); }
  // The canonical type id of a type index.
  llvm::Value* type_id(uint32_t type_index);

  // A load of a value that never changes once the instance runs.
  llvm::LoadInst* invariant_load(llvm::Type* type, llvm::Value* address);

 private:
  // A pointer field of the VMContext at `offset`, loaded once.
  llvm::Value* pointer_field(size_t offset);
  // The TableExtent* of a table.
  llvm::Value* table_extent(uint32_t table);
  // The size of a table whose limits allow no other, if they do.
  std::optional<uint64_t> fixed_table_size(uint32_t table) const;
  // Element `index` of the pointer array whose address is the VMContext field at `offset`.
  llvm::Value* pointer_array_element(size_t offset, uint64_t index);

  llvm::IRBuilder<>& entry_;
  llvm::Value* vmctx_;
  const MemoryAliasScope& scope_;
  const std::vector<TableType>& tables_;
  std::map<std::pair<size_t, uint64_t>, llvm::Value*> cache_;
};

}  // namespace kiln::codegen
