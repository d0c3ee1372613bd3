// Calls: direct calls to defined functions, calls through an import's {code, vmctx} slot, and
// call_indirect through a funcref table with its bounds, null and signature checks. Every call
// uses the wasm convention (tailcc, vmctx first).
#include "codegen/function_compiler.h"

#include "kiln/abi.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_call(const Instr& instr) {
  switch (instr.op) {
    case Op::Call: {
      uint32_t type_index = wasm_.functions[instr.index];
      if (instr.index < wasm_.num_imported_functions) {
        auto [code, callee_vmctx] = vm_.imported_function(instr.index);
        call_with_convention(type_index, code, callee_vmctx);
      } else {
        call_with_convention(type_index, codegen_.defined_function(instr.index), vm_.vmctx());
      }
      return true;
    }
    case Op::CallIndirect: call_indirect(instr); return true;
    default: return false;
  }
}

void FunctionCompiler::call_with_convention(uint32_t type_index, llvm::Value* callee, llvm::Value* callee_vmctx) {
  const FuncType& type = wasm_.types[type_index];
  std::vector<llvm::Value*> args{callee_vmctx};
  for (llvm::Value* arg : pop_values(type.params.size())) args.push_back(arg);
  llvm::CallInst* call = builder_.CreateCall(codegen_.function_type(type_index), callee, args);
  call->setCallingConv(llvm::CallingConv::Tail);
  if (type.results.size() == 1) {
    push(call);
  } else {
    for (unsigned i = 0; i < type.results.size(); ++i) push(builder_.CreateExtractValue(call, i));
  }
}

void FunctionCompiler::call_indirect(const Instr& instr) {
  uint32_t type_index = instr.index;
  llvm::Value* index = builder_.CreateZExt(pop(), builder_.getInt64Ty());
  trap_if(builder_.CreateICmpUGE(index, vm_.table_size(builder_, instr.index2)), TrapKind::UndefinedElement);
  llvm::Value* elements = vm_.table_elements(builder_, instr.index2);
  llvm::Value* element_address = builder_.CreateInBoundsGEP(builder_.getPtrTy(), elements, index);
  llvm::LoadInst* func_ref = builder_.CreateLoad(builder_.getPtrTy(), element_address);
  codegen_.memory_scope().mark_state_load(func_ref);
  trap_if(builder_.CreateIsNull(func_ref), TrapKind::UninitializedElement);

  // A FuncRef never changes once made, so its fields load as invariant.
  auto field = [&](llvm::Type* type, size_t offset) {
    llvm::Value* address = builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), func_ref, offset);
    llvm::LoadInst* load = builder_.CreateLoad(type, address);
    load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(context_, {}));
    return load;
  };
  llvm::Value* actual_type = field(builder_.getInt32Ty(), offsetof(abi::FuncRef, type_id));
  trap_if(builder_.CreateICmpNE(actual_type, vm_.type_id(type_index)), TrapKind::IndirectCallTypeMismatch);
  llvm::Value* code = field(builder_.getPtrTy(), offsetof(abi::FuncRef, code));
  llvm::Value* callee_vmctx = field(builder_.getPtrTy(), offsetof(abi::FuncRef, vmctx));
  call_with_convention(type_index, code, callee_vmctx);
}

}  // namespace kiln::codegen
