// SIMD instructions that move lanes rather than compute on them: v128.const, shuffles, splats,
// lane access, the bitwise operations and the any/all/bitmask tests. Arithmetic lives in
// simd_integer_ops.cpp and simd_float_ops.cpp, memory access in simd_memory_ops.cpp.
#include "codegen/function_compiler.h"

#include <cstring>
#include <string_view>

namespace kiln::codegen {

bool FunctionCompiler::emit_simd(const Instr& instr) {
  if (op_info(instr.op).prefix != kPrefixFD) return false;
  if (emit_simd_memory(instr) || emit_simd_integer(instr) || emit_simd_float(instr)) return true;

  llvm::FixedVectorType* bytes = lanes(builder_.getInt8Ty(), 16);
  llvm::Type* i32 = builder_.getInt32Ty();
  auto binary = [&](auto make) {
    llvm::Value* rhs = pop();
    llvm::Value* lhs = pop();
    push(make(lhs, rhs));
  };
  auto splat = [&] {
    llvm::FixedVectorType* type = lanes_of(instr.op);
    llvm::Value* scalar = builder_.CreateTrunc(pop(), type->getElementType());  // i8 and i16 come as i32
    push_v128(builder_.CreateVectorSplat(type->getNumElements(), scalar));
  };
  auto extract_lane = [&](bool sign_extend) {
    llvm::Value* lane = builder_.CreateExtractElement(pop_lanes(lanes_of(instr.op)), instr.index);
    if (lane->getType()->getScalarSizeInBits() < 32) {  // i8 and i16 lanes widen to an i32
      lane = sign_extend ? builder_.CreateSExt(lane, i32) : builder_.CreateZExt(lane, i32);
    }
    push(lane);
  };
  auto replace_lane = [&] {
    llvm::FixedVectorType* type = lanes_of(instr.op);
    llvm::Value* scalar = builder_.CreateTrunc(pop(), type->getElementType());
    push_v128(builder_.CreateInsertElement(pop_lanes(type), scalar, instr.index));
  };
  auto all_true = [&] {
    llvm::Value* vector = pop_lanes(lanes_of(instr.op));
    push(from_bool(builder_.CreateAndReduce(builder_.CreateIsNotNull(vector))));
  };
  // The lanes' sign bits, lane 0 in bit 0: a vector of i1 is laid out like that as an integer.
  auto bitmask = [&] {
    llvm::FixedVectorType* type = lanes_of(instr.op);
    llvm::Value* signs = builder_.CreateIsNeg(pop_lanes(type));
    push(builder_.CreateZExt(builder_.CreateBitCast(signs, builder_.getIntNTy(type->getNumElements())), i32));
  };

  switch (instr.op) {
    case Op::V128Const: {
      uint64_t halves[2];
      std::memcpy(halves, instr.v128.bytes, sizeof halves);
      push(llvm::ConstantDataVector::get(context_, llvm::ArrayRef<uint64_t>(halves)));
      return true;
    }
    case Op::I8x16Shuffle: {
      llvm::Value* second = pop_lanes(bytes);
      llvm::Value* first = pop_lanes(bytes);
      int mask[16];
      for (int i = 0; i < 16; ++i) mask[i] = instr.v128.bytes[i];
      push_v128(builder_.CreateShuffleVector(first, second, mask));
      return true;
    }
    case Op::I8x16Swizzle: {
      llvm::Value* indices = pop_lanes(bytes);
      llvm::Value* table = pop_lanes(bytes);
      // Indices past 15 select 0. Masking them first keeps every lane's extract in range, which
      // LLVM recognizes as a single variable byte shuffle (pshufb, tbl) where the host has one.
      llvm::Value* masked = builder_.CreateAnd(indices, llvm::ConstantInt::get(bytes, 15));
      llvm::Value* picked = llvm::PoisonValue::get(bytes);
      for (unsigned i = 0; i < 16; ++i) {
        llvm::Value* index = builder_.CreateExtractElement(masked, i);
        picked = builder_.CreateInsertElement(picked, builder_.CreateExtractElement(table, index), i);
      }
      llvm::Value* in_range = builder_.CreateICmpULT(indices, llvm::ConstantInt::get(bytes, 16));
      push_v128(builder_.CreateSelect(in_range, picked, llvm::Constant::getNullValue(bytes)));
      return true;
    }
    case Op::I8x16Splat:
    case Op::I16x8Splat:
    case Op::I32x4Splat:
    case Op::I64x2Splat:
    case Op::F32x4Splat:
    case Op::F64x2Splat: splat(); return true;
    case Op::I8x16ExtractLaneS:
    case Op::I16x8ExtractLaneS: extract_lane(true); return true;
    case Op::I8x16ExtractLaneU:
    case Op::I16x8ExtractLaneU:
    case Op::I32x4ExtractLane:
    case Op::I64x2ExtractLane:
    case Op::F32x4ExtractLane:
    case Op::F64x2ExtractLane: extract_lane(false); return true;
    case Op::I8x16ReplaceLane:
    case Op::I16x8ReplaceLane:
    case Op::I32x4ReplaceLane:
    case Op::I64x2ReplaceLane:
    case Op::F32x4ReplaceLane:
    case Op::F64x2ReplaceLane: replace_lane(); return true;

    case Op::V128Not: push(builder_.CreateNot(pop())); return true;
    case Op::V128And: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateAnd(a, b); }); return true;
    case Op::V128Andnot:
      binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateAnd(a, builder_.CreateNot(b)); });
      return true;
    case Op::V128Or: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateOr(a, b); }); return true;
    case Op::V128Xor: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateXor(a, b); }); return true;
    case Op::V128Bitselect: {
      llvm::Value* mask = pop();
      llvm::Value* if_clear = pop();
      llvm::Value* if_set = pop();
      push(builder_.CreateOr(builder_.CreateAnd(if_set, mask), builder_.CreateAnd(if_clear, builder_.CreateNot(mask))));
      return true;
    }
    case Op::V128AnyTrue:
      push(from_bool(builder_.CreateIsNotNull(builder_.CreateBitCast(pop(), builder_.getInt128Ty()))));
      return true;
    case Op::I8x16AllTrue:
    case Op::I16x8AllTrue:
    case Op::I32x4AllTrue:
    case Op::I64x2AllTrue: all_true(); return true;
    case Op::I8x16Bitmask:
    case Op::I16x8Bitmask:
    case Op::I32x4Bitmask:
    case Op::I64x2Bitmask: bitmask(); return true;
    default: return false;
  }
}

llvm::FixedVectorType* FunctionCompiler::lanes_of(Op op) {
  std::string_view name = op_name(op);
  std::string_view shape = name.substr(0, name.find('.'));
  if (shape == "i8x16") return lanes(builder_.getInt8Ty(), 16);
  if (shape == "i16x8") return lanes(builder_.getInt16Ty(), 8);
  if (shape == "i32x4") return lanes(builder_.getInt32Ty(), 4);
  if (shape == "f32x4") return lanes(builder_.getFloatTy(), 4);
  if (shape == "f64x2") return lanes(builder_.getDoubleTy(), 2);
  return lanes(builder_.getInt64Ty(), 2);  // i64x2, and v128 as it is kept
}

llvm::Value* FunctionCompiler::quiet_nan_lanes(llvm::Value* value) {
  auto* type = llvm::cast<llvm::FixedVectorType>(value->getType());
  llvm::Type* int_type = llvm::VectorType::getInteger(type);
  // The quiet bit is the mantissa's top bit.
  unsigned mantissa_bits = type->getElementType()->isFloatTy() ? 23 : 52;
  llvm::Value* quieted = builder_.CreateOr(builder_.CreateBitCast(value, int_type),
                                           llvm::ConstantInt::get(int_type, uint64_t{1} << (mantissa_bits - 1)));
  return builder_.CreateSelect(builder_.CreateFCmpUNO(value, value), builder_.CreateBitCast(quieted, type), value);
}

}  // namespace kiln::codegen
