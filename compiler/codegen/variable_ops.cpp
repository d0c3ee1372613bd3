// Locals (allocas that mem2reg turns into SSA values), globals (through their GlobalCell),
// and the parametric instructions drop and select.
#include "codegen/function_compiler.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_variable(const Instr& instr) {
  switch (instr.op) {
    case Op::LocalGet: push(builder_.CreateLoad(local_types_[instr.index], locals_[instr.index])); return true;
    case Op::LocalSet: builder_.CreateStore(pop(), locals_[instr.index]); return true;
    case Op::LocalTee: builder_.CreateStore(stack_.back(), locals_[instr.index]); return true;
    case Op::GlobalGet: {
      const GlobalType& global = wasm_.globals[instr.index];
      llvm::Type* type = codegen_.value_type(global.type);
      llvm::Value* cell = vm_.global_cell(instr.index);
      // An immutable global is set before any code of the instance runs and never again.
      if (!global.is_mutable) {
        push(vm_.invariant_load(type, cell));
        return true;
      }
      llvm::LoadInst* value = builder_.CreateLoad(type, cell);
      codegen_.memory_scope().mark_state_load(value);
      push(value);
      return true;
    }
    case Op::GlobalSet: builder_.CreateStore(pop(), vm_.global_cell(instr.index)); return true;
    case Op::Drop: {
      llvm::Value* value = pop();
      // A load whose value nobody uses would be deleted, and its out-of-bounds trap with it.
      if (value == last_load_result_ && last_load_ != nullptr) last_load_->setVolatile(true);
      return true;
    }
    case Op::Select:
    case Op::SelectT: {
      llvm::Value* condition = to_bool(pop());
      llvm::Value* if_false = pop();
      llvm::Value* if_true = pop();
      push(builder_.CreateSelect(condition, if_true, if_false));
      return true;
    }
    default: return false;
  }
}

}  // namespace kiln::codegen
