// Linear memory: loads and stores of every width, and memory.size/grow/fill/copy/init and
// data.drop. With guard regions (the default), memory 0 reserves 4 GiB plus a guard, so an
// access out of bounds faults and the fault becomes a trap; only static offsets the guard cannot
// cover, and every access in explicit mode, compare their end with the memory's current size.
#include "codegen/function_compiler.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_memory(const Instr& instr) {
  llvm::Type* i8 = builder_.getInt8Ty();
  llvm::Type* i16 = builder_.getInt16Ty();
  llvm::Type* i32 = builder_.getInt32Ty();
  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* f32 = builder_.getFloatTy();
  llvm::Type* f64 = builder_.getDoubleTy();
  const RuntimeFunctions& runtime = codegen_.runtime();
  auto memory_index = [&] { return builder_.getInt32(instr.mem.memory); };
  auto zext64 = [&](llvm::Value* value) { return builder_.CreateZExt(value, i64); };

  switch (instr.op) {
    case Op::I32Load: load(instr, i32, i32, false); return true;
    case Op::I64Load: load(instr, i64, i64, false); return true;
    case Op::F32Load: load(instr, f32, f32, false); return true;
    case Op::F64Load: load(instr, f64, f64, false); return true;
    case Op::I32Load8S: load(instr, i8, i32, true); return true;
    case Op::I32Load8U: load(instr, i8, i32, false); return true;
    case Op::I32Load16S: load(instr, i16, i32, true); return true;
    case Op::I32Load16U: load(instr, i16, i32, false); return true;
    case Op::I64Load8S: load(instr, i8, i64, true); return true;
    case Op::I64Load8U: load(instr, i8, i64, false); return true;
    case Op::I64Load16S: load(instr, i16, i64, true); return true;
    case Op::I64Load16U: load(instr, i16, i64, false); return true;
    case Op::I64Load32S: load(instr, i32, i64, true); return true;
    case Op::I64Load32U: load(instr, i32, i64, false); return true;
    case Op::I32Store:
    case Op::I64Store:
    case Op::F32Store:
    case Op::F64Store: store(instr, nullptr); return true;
    case Op::I32Store8:
    case Op::I64Store8: store(instr, i8); return true;
    case Op::I32Store16:
    case Op::I64Store16: store(instr, i16); return true;
    case Op::I64Store32: store(instr, i32); return true;
    case Op::MemorySize: {
      llvm::Value* pages = builder_.CreateLShr(vm_.memory0_size(builder_), 16);
      push(builder_.CreateTrunc(pages, i32));
      return true;
    }
    case Op::MemoryGrow: {
      llvm::Value* delta = zext64(pop());
      llvm::Value* old_pages = builder_.CreateCall(runtime.memory_grow, {vm_.vmctx(), memory_index(), delta});
      // -1 (failure) truncates to the i32 -1 wasm expects.
      push(builder_.CreateTrunc(old_pages, i32));
      return true;
    }
    case Op::MemoryFill: {
      llvm::Value* length = zext64(pop());
      llvm::Value* value = pop();
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.memory_fill, {vm_.vmctx(), memory_index(), destination, value, length});
      return true;
    }
    case Op::MemoryCopy: {
      llvm::Value* length = zext64(pop());
      llvm::Value* source = zext64(pop());
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.memory_copy,
                          {vm_.vmctx(), builder_.getInt32(0), builder_.getInt32(0), destination, source, length});
      return true;
    }
    case Op::MemoryInit: {
      llvm::Value* length = zext64(pop());
      llvm::Value* source = zext64(pop());
      llvm::Value* destination = zext64(pop());
      builder_.CreateCall(runtime.memory_init, {vm_.vmctx(), builder_.getInt32(instr.index2),
                                                builder_.getInt32(instr.index), destination, source, length});
      return true;
    }
    case Op::DataDrop:
      builder_.CreateCall(runtime.data_drop, {vm_.vmctx(), builder_.getInt32(instr.index)});
      return true;
    default: return false;
  }
}

llvm::Value* FunctionCompiler::effective_address(const Instr& instr, llvm::Type* accessed) {
  llvm::Value* wasm_address = pop();
  // Addresses are 64-bit from here on, so that the sum cannot wrap and memory64 is a type change.
  llvm::Value* address = builder_.CreateZExt(wasm_address, builder_.getInt64Ty());
  llvm::Value* offset = builder_.CreateAdd(address, builder_.getInt64(instr.mem.offset), "", true, true);
  // At most 2^33 + 16: no wrap.
  uint64_t access_bytes = accessed->getPrimitiveSizeInBits().getFixedValue() / 8;
  bool check = codegen_.needs_bounds_check(instr.mem.offset);
  // A constant address is decided here: below the memory's minimum size it is always in bounds, at
  // or past its maximum always out. Checking it explicitly otherwise costs little (such accesses are
  // a C program's globals, almost always below the minimum), and it keeps the trap of an access
  // whose value goes unused, which the optimizer would delete together with its fault.
  if (auto* constant = llvm::dyn_cast<llvm::ConstantInt>(wasm_address)) {
    uint64_t end = constant->getZExtValue() + instr.mem.offset + access_bytes;
    switch (codegen_.constant_access_bounds(end)) {
      case ConstantAccess::InBounds: check = false; break;
      case ConstantAccess::OutOfBounds: trap_if(builder_.getTrue(), TrapKind::MemoryOutOfBounds); break;
      case ConstantAccess::DependsOnSize: check = true; break;
    }
  }
  if (check) {
    // The size is loaded here, not hoisted, since calls and memory.grow change it; the optimizer
    // may still reuse it where nothing in between can.
    llvm::Value* end = builder_.CreateAdd(offset, builder_.getInt64(access_bytes), "", true, true);
    trap_if(builder_.CreateICmpUGT(end, vm_.memory0_size(builder_)), TrapKind::MemoryOutOfBounds);
  }
  return builder_.CreateInBoundsGEP(builder_.getInt8Ty(), vm_.memory0_base(), offset);
}

void FunctionCompiler::load(const Instr& instr, llvm::Type* memory_type, llvm::Type* result_type, bool sign_extend) {
  llvm::Value* address = effective_address(instr, memory_type);
  llvm::LoadInst* value = builder_.CreateAlignedLoad(memory_type, address, llvm::Align(1));
  codegen_.memory_scope().mark_memory_access(value);
  keep_load(value);
  llvm::Value* result = value;
  if (memory_type != result_type) {
    result = sign_extend ? builder_.CreateSExt(value, result_type) : builder_.CreateZExt(value, result_type);
  }
  last_load_ = value;
  last_load_result_ = result;
  push(result);
}

void FunctionCompiler::store(const Instr& instr, llvm::Type* memory_type) {
  llvm::Value* value = pop();
  if (memory_type != nullptr) value = builder_.CreateTrunc(value, memory_type);
  llvm::Value* address = effective_address(instr, value->getType());
  codegen_.memory_scope().mark_memory_access(builder_.CreateAlignedStore(value, address, llvm::Align(1)));
}

}  // namespace kiln::codegen
