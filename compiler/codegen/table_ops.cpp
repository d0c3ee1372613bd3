// Tables and references: table.get/set/size read the table's extent directly; growing, filling,
// copying and initializing go to the runtime. ref.func yields the instance's FuncRef record.
#include "codegen/function_compiler.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_table(const Instr& instr) {
  const RuntimeFunctions& runtime = codegen_.runtime();
  llvm::Type* i64 = builder_.getInt64Ty();
  auto zext64 = [&](llvm::Value* value) { return builder_.CreateZExt(value, i64); };
  auto index_arg = [&](uint32_t index) { return builder_.getInt32(index); };

  switch (instr.op) {
    case Op::TableGet: {
      llvm::Value* address = table_element_address(instr.index, pop());
      llvm::LoadInst* element = builder_.CreateLoad(builder_.getPtrTy(), address);
      codegen_.memory_scope().mark_state_load(element);
      push(element);
      return true;
    }
    case Op::TableSet: {
      llvm::Value* value = pop();
      llvm::Value* address = table_element_address(instr.index, pop());
      builder_.CreateStore(value, address);
      return true;
    }
    case Op::TableSize: {
      llvm::Value* size = vm_.table_size(builder_, instr.index);
      push(builder_.CreateTrunc(size, builder_.getInt32Ty()));
      return true;
    }
    case Op::TableGrow: {
      llvm::Value* delta = zext64(pop());
      llvm::Value* init = pop();
      llvm::Value* old_size =
          builder_.CreateCall(runtime.table_grow, {vm_.vmctx(), index_arg(instr.index), init, delta});
      push(builder_.CreateTrunc(old_size, builder_.getInt32Ty()));
      return true;
    }
    case Op::TableFill: {
      llvm::Value* length = zext64(pop());
      llvm::Value* value = pop();
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.table_fill, {vm_.vmctx(), index_arg(instr.index), destination, value, length});
      return true;
    }
    case Op::TableCopy: {
      llvm::Value* length = zext64(pop());
      llvm::Value* source = zext64(pop());
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.table_copy,
                          {vm_.vmctx(), index_arg(instr.index), index_arg(instr.index2), destination, source, length});
      return true;
    }
    case Op::TableInit: {
      llvm::Value* length = zext64(pop());
      llvm::Value* source = zext64(pop());
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.table_init,
                          {vm_.vmctx(), index_arg(instr.index2), index_arg(instr.index), destination, source, length});
      return true;
    }
    case Op::ElemDrop: builder_.CreateCall(runtime.elem_drop, {vm_.vmctx(), index_arg(instr.index)}); return true;
    case Op::RefNull: push(llvm::ConstantPointerNull::get(builder_.getPtrTy())); return true;
    case Op::RefIsNull: push(from_bool(builder_.CreateIsNull(pop()))); return true;
    case Op::RefFunc: push(vm_.func_ref(instr.index)); return true;
    default: return false;
  }
}

llvm::Value* FunctionCompiler::table_element_address(uint32_t table, llvm::Value* index) {
  llvm::Value* index64 = builder_.CreateZExt(index, builder_.getInt64Ty());
  trap_if(builder_.CreateICmpUGE(index64, vm_.table_size(builder_, table)), TrapKind::TableOutOfBounds);
  return builder_.CreateInBoundsGEP(builder_.getPtrTy(), vm_.table_elements(builder_, table), index64);
}

}  // namespace kiln::codegen
