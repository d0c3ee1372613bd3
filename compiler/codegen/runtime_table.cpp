// Calls into the runtime through a table in the module, not through symbols the process must
// export: one code path for JIT-compiled code and for shared objects loaded into any host.
#include "codegen/runtime_table.h"

#include <llvm/IR/IRBuilder.h>

#include "kiln/abi.h"

namespace kiln::codegen {

void define_runtime_table(llvm::Module& module, const RuntimeFunctions& functions, bool define) {
  llvm::LLVMContext& context = module.getContext();
  llvm::PointerType* ptr = llvm::PointerType::get(context, 0);
  auto* table_type = llvm::ArrayType::get(ptr, abi::kRuntimeFunctionCount);
  // Writable and externally visible: the loader finds it by name and fills it.
  auto* table =
      new llvm::GlobalVariable(module, table_type, false, llvm::GlobalValue::ExternalLinkage,
                               define ? llvm::Constant::getNullValue(table_type) : nullptr, abi::kRuntimeTableSymbol);
  // A declaration stays preemptible (reached through the GOT): in a shared object, a PC-relative
  // reference to another object's exported symbol would not link.
  table->setDSOLocal(define);
  const std::pair<llvm::Function*, abi::RuntimeFunction> stubs[] = {
      {functions.memory_grow, abi::kRtMemoryGrow},
      {functions.memory_fill, abi::kRtMemoryFill},
      {functions.memory_copy, abi::kRtMemoryCopy},
      {functions.memory_init, abi::kRtMemoryInit},
      {functions.data_drop, abi::kRtDataDrop},
      {functions.table_grow, abi::kRtTableGrow},
      {functions.table_fill, abi::kRtTableFill},
      {functions.table_copy, abi::kRtTableCopy},
      {functions.table_init, abi::kRtTableInit},
      {functions.elem_drop, abi::kRtElemDrop},
      {functions.trap, abi::kRtTrap},
  };
  for (auto [function, slot] : stubs) {
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", function));
    llvm::Value* entry = builder.CreateConstInBoundsGEP2_32(table_type, table, 0, slot);
    llvm::Value* target = builder.CreateLoad(ptr, entry, "target");
    std::vector<llvm::Value*> args;
    for (llvm::Argument& arg : function->args()) args.push_back(&arg);
    llvm::CallInst* call = builder.CreateCall(function->getFunctionType(), target, args);
    call->setAttributes(function->getAttributes());
    if (function->doesNotReturn()) {
      builder.CreateUnreachable();
    } else if (function->getReturnType()->isVoidTy()) {
      builder.CreateRetVoid();
    } else {
      builder.CreateRet(call);
    }
  }
}

void remove_unused_runtime_stubs(RuntimeFunctions& functions) {
  for (llvm::Function** stub :
       {&functions.memory_grow, &functions.memory_fill, &functions.memory_copy, &functions.memory_init,
        &functions.data_drop, &functions.table_grow, &functions.table_fill, &functions.table_copy,
        &functions.table_init, &functions.elem_drop, &functions.trap}) {
    if (*stub != nullptr && (*stub)->use_empty()) {
      (*stub)->eraseFromParent();
      *stub = nullptr;
    }
  }
}

}  // namespace kiln::codegen
