// SIMD memory access: v128 loads and stores, extending, splatting and zero-filling loads, and
// single-lane loads and stores. Like the scalar accesses of memory_ops.cpp they are unaligned
// (wasm's alignment is only a hint) and checked for bounds by effective_address as needed.
#include "codegen/function_compiler.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_simd_memory(const Instr& instr) {
  const OpInfo& info = op_info(instr.op);
  if (info.imm != Imm::MemArg && info.imm != Imm::MemArgLane) return false;
  // The accessed width (the lane of a lane, splat or zero load) is the natural alignment.
  unsigned access_bits = 8u << info.arg;
  llvm::Type* access_lane = builder_.getIntNTy(access_bits);
  llvm::FixedVectorType* access_lanes = lanes(access_lane, 128 / access_bits);

  // Pops the address; a `drop` of what `finish_load` pushes makes the load volatile, as for
  // scalar loads, so that its trap survives.
  auto load = [&](llvm::Type* type) {
    llvm::LoadInst* value = builder_.CreateAlignedLoad(type, effective_address(instr, type), llvm::Align(1));
    codegen_.memory_scope().mark_memory_access(value);
    keep_load(value);
    last_load_ = value;
    return value;
  };
  auto finish_load = [&](llvm::Value* result) {
    push_v128(result);
    last_load_result_ = stack_.back();
  };
  // Eight bytes of narrow lanes, each widened to twice its width.
  auto extending_load = [&](unsigned narrow_bits, bool sign_extend) {
    unsigned count = 64 / narrow_bits;
    llvm::Value* narrow = load(lanes(builder_.getIntNTy(narrow_bits), count));
    llvm::FixedVectorType* wide = lanes(builder_.getIntNTy(2 * narrow_bits), count);
    finish_load(sign_extend ? builder_.CreateSExt(narrow, wide) : builder_.CreateZExt(narrow, wide));
  };
  auto store = [&](llvm::Value* value) {
    codegen_.memory_scope().mark_memory_access(
        builder_.CreateAlignedStore(value, effective_address(instr, value->getType()), llvm::Align(1)));
  };

  switch (instr.op) {
    case Op::V128Load: finish_load(load(lanes(builder_.getInt64Ty(), 2))); return true;
    case Op::V128Load8x8S: extending_load(8, true); return true;
    case Op::V128Load8x8U: extending_load(8, false); return true;
    case Op::V128Load16x4S: extending_load(16, true); return true;
    case Op::V128Load16x4U: extending_load(16, false); return true;
    case Op::V128Load32x2S: extending_load(32, true); return true;
    case Op::V128Load32x2U: extending_load(32, false); return true;
    case Op::V128Load8Splat:
    case Op::V128Load16Splat:
    case Op::V128Load32Splat:
    case Op::V128Load64Splat:
      finish_load(builder_.CreateVectorSplat(access_lanes->getNumElements(), load(access_lane)));
      return true;
    case Op::V128Load32Zero:
    case Op::V128Load64Zero:
      finish_load(
          builder_.CreateInsertElement(llvm::Constant::getNullValue(access_lanes), load(access_lane), uint64_t{0}));
      return true;
    case Op::V128Load8Lane:
    case Op::V128Load16Lane:
    case Op::V128Load32Lane:
    case Op::V128Load64Lane: {
      llvm::Value* vector = pop_lanes(access_lanes);
      finish_load(builder_.CreateInsertElement(vector, load(access_lane), instr.index));
      return true;
    }
    case Op::V128Store: {
      llvm::Value* value = pop();
      store(value);
      return true;
    }
    case Op::V128Store8Lane:
    case Op::V128Store16Lane:
    case Op::V128Store32Lane:
    case Op::V128Store64Lane: {
      llvm::Value* lane = builder_.CreateExtractElement(pop_lanes(access_lanes), instr.index);
      store(lane);
      return true;
    }
    default: return false;
  }
}

}  // namespace kiln::codegen
