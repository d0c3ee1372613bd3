// SIMD integer arithmetic: lane-wise add/sub/mul (plain and saturating), min/max, abs, neg,
// averages, shifts, comparisons and popcnt, and the instructions that change lane width:
// narrowing with saturation, extension, extending multiplies, pairwise adds, the dot product and
// q15mulr. Widening is written as extend-then-compute in plain vector IR, which LLVM matches to
// the host's widening instructions where they exist.
#include "codegen/function_compiler.h"

#include <vector>

namespace kiln::codegen {
namespace {

// `count` lanes of `vector` starting at `first`, `stride` apart.
llvm::Value* pick_lanes(llvm::IRBuilder<>& builder, llvm::Value* vector, unsigned first, unsigned count,
                        unsigned stride) {
  std::vector<int> mask;
  for (unsigned i = 0; i < count; ++i) mask.push_back(int(first + i * stride));
  return builder.CreateShuffleVector(vector, mask);
}

// The lanes of `a` followed by those of `b`.
llvm::Value* concatenate(llvm::IRBuilder<>& builder, llvm::Value* a, llvm::Value* b) {
  std::vector<int> mask;
  for (unsigned i = 0; i < 2 * llvm::cast<llvm::FixedVectorType>(a->getType())->getNumElements(); ++i) {
    mask.push_back(int(i));
  }
  return builder.CreateShuffleVector(a, b, mask);
}

llvm::Value* extend(llvm::IRBuilder<>& builder, llvm::Value* vector, llvm::Type* type, bool is_signed) {
  return is_signed ? builder.CreateSExt(vector, type) : builder.CreateZExt(vector, type);
}

// Each pair of adjacent lanes summed into one lane of half the count.
llvm::Value* add_pairs(llvm::IRBuilder<>& builder, llvm::Value* vector) {
  unsigned half = llvm::cast<llvm::FixedVectorType>(vector->getType())->getNumElements() / 2;
  return builder.CreateAdd(pick_lanes(builder, vector, 0, half, 2), pick_lanes(builder, vector, 1, half, 2));
}

}  // namespace

bool FunctionCompiler::emit_simd_integer(const Instr& instr) {
  using P = llvm::CmpInst::Predicate;
  // Most instructions here work on the lanes their mnemonic names; those that change lane width
  // name their result's lanes, and `narrow` and `wide` are the halved and doubled shapes.
  llvm::FixedVectorType* type = lanes_of(instr.op);
  if (!type->getElementType()->isIntegerTy()) return false;
  unsigned bits = type->getScalarSizeInBits();
  unsigned count = type->getNumElements();
  auto narrow = [&] { return lanes(builder_.getIntNTy(bits / 2), count * 2); };
  auto wide = [&] { return lanes(builder_.getIntNTy(bits * 2), count / 2); };

  auto binary_on = [&](llvm::FixedVectorType* operands, auto make) {
    llvm::Value* rhs = pop_lanes(operands);
    llvm::Value* lhs = pop_lanes(operands);
    push_v128(make(lhs, rhs));
  };
  auto binary = [&](auto make) { binary_on(type, make); };
  auto unary = [&](auto make) { push_v128(make(pop_lanes(type))); };
  auto intrinsic2 = [&](llvm::Intrinsic::ID id) {
    binary([&](llvm::Value* a, llvm::Value* b) { return call_intrinsic(id, {a, b}); });
  };
  auto compare = [&](P predicate) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      return builder_.CreateSExt(builder_.CreateICmp(predicate, a, b), type);
    });
  };
  // The count is an i32 taken modulo the lane width.
  auto shift = [&](llvm::Instruction::BinaryOps opcode) {
    llvm::Value* count_value = builder_.CreateAnd(pop(), builder_.getInt32(bits - 1));
    llvm::Value* lane_count = builder_.CreateZExtOrTrunc(count_value, type->getElementType());
    llvm::Value* vector = pop_lanes(type);
    push_v128(builder_.CreateBinOp(opcode, vector, builder_.CreateVectorSplat(count, lane_count)));
  };
  // Both operands' lanes side by side, each clamped to the narrow range. The operands are
  // signed either way; only the range differs.
  auto narrow_saturating = [&](bool is_signed) {
    binary_on(wide(), [&](llvm::Value* a, llvm::Value* b) {
      llvm::Value* joined = concatenate(builder_, a, b);
      llvm::Type* joined_type = joined->getType();
      llvm::APInt low = is_signed ? llvm::APInt::getSignedMinValue(bits).sext(2 * bits) : llvm::APInt(2 * bits, 0);
      llvm::APInt high = is_signed ? llvm::APInt::getSignedMaxValue(bits).zext(2 * bits)
                                   : llvm::APInt::getMaxValue(bits).zext(2 * bits);
      llvm::Value* clamped = call_intrinsic(llvm::Intrinsic::smax, {joined, llvm::ConstantInt::get(joined_type, low)});
      clamped = call_intrinsic(llvm::Intrinsic::smin, {clamped, llvm::ConstantInt::get(joined_type, high)});
      return builder_.CreateTrunc(clamped, type);
    });
  };
  // The low or high half of a narrow operand's lanes, extended to the result's lanes.
  auto extended_half = [&](llvm::Value* operand, bool high, bool is_signed) {
    return extend(builder_, pick_lanes(builder_, operand, high ? count : 0, count, 1), type, is_signed);
  };
  auto extend_half = [&](bool high, bool is_signed) { push_v128(extended_half(pop_lanes(narrow()), high, is_signed)); };
  auto extending_multiply = [&](bool high, bool is_signed) {
    binary_on(narrow(), [&](llvm::Value* a, llvm::Value* b) {
      return builder_.CreateMul(extended_half(a, high, is_signed), extended_half(b, high, is_signed));
    });
  };
  auto extending_add_pairwise = [&](bool is_signed) {
    llvm::Value* extended = extend(builder_, pop_lanes(narrow()), lanes(type->getElementType(), count * 2), is_signed);
    push_v128(add_pairs(builder_, extended));
  };

  auto add = [&](llvm::Value* a, llvm::Value* b) { return builder_.CreateAdd(a, b); };
  auto sub = [&](llvm::Value* a, llvm::Value* b) { return builder_.CreateSub(a, b); };
  auto mul = [&](llvm::Value* a, llvm::Value* b) { return builder_.CreateMul(a, b); };

  switch (instr.op) {
    case Op::I8x16Add:
    case Op::I16x8Add:
    case Op::I32x4Add:
    case Op::I64x2Add: binary(add); return true;
    case Op::I8x16Sub:
    case Op::I16x8Sub:
    case Op::I32x4Sub:
    case Op::I64x2Sub: binary(sub); return true;
    case Op::I16x8Mul:
    case Op::I32x4Mul:
    case Op::I64x2Mul: binary(mul); return true;
    case Op::I8x16AddSatS:
    case Op::I16x8AddSatS: intrinsic2(llvm::Intrinsic::sadd_sat); return true;
    case Op::I8x16AddSatU:
    case Op::I16x8AddSatU: intrinsic2(llvm::Intrinsic::uadd_sat); return true;
    case Op::I8x16SubSatS:
    case Op::I16x8SubSatS: intrinsic2(llvm::Intrinsic::ssub_sat); return true;
    case Op::I8x16SubSatU:
    case Op::I16x8SubSatU: intrinsic2(llvm::Intrinsic::usub_sat); return true;
    case Op::I8x16MinS:
    case Op::I16x8MinS:
    case Op::I32x4MinS: intrinsic2(llvm::Intrinsic::smin); return true;
    case Op::I8x16MinU:
    case Op::I16x8MinU:
    case Op::I32x4MinU: intrinsic2(llvm::Intrinsic::umin); return true;
    case Op::I8x16MaxS:
    case Op::I16x8MaxS:
    case Op::I32x4MaxS: intrinsic2(llvm::Intrinsic::smax); return true;
    case Op::I8x16MaxU:
    case Op::I16x8MaxU:
    case Op::I32x4MaxU: intrinsic2(llvm::Intrinsic::umax); return true;
    case Op::I8x16AvgrU:
    case Op::I16x8AvgrU:
      // (a + b + 1) / 2 without overflow, in lanes twice as wide.
      binary([&](llvm::Value* a, llvm::Value* b) {
        llvm::FixedVectorType* widened = lanes(builder_.getIntNTy(2 * bits), count);
        llvm::Value* sum = add(builder_.CreateZExt(a, widened), builder_.CreateZExt(b, widened));
        sum = add(sum, llvm::ConstantInt::get(widened, 1));
        return builder_.CreateTrunc(builder_.CreateLShr(sum, 1), type);
      });
      return true;
    case Op::I16x8Q15mulrSatS:
      // (a * b + 0x4000) >> 15 in 32-bit lanes; only -0x8000 * -0x8000 leaves the i16 range.
      binary([&](llvm::Value* a, llvm::Value* b) {
        llvm::FixedVectorType* widened = lanes(builder_.getInt32Ty(), count);
        llvm::Value* product = mul(builder_.CreateSExt(a, widened), builder_.CreateSExt(b, widened));
        llvm::Value* rounded = builder_.CreateAShr(add(product, llvm::ConstantInt::get(widened, 0x4000)), 15);
        rounded = call_intrinsic(llvm::Intrinsic::smin, {rounded, llvm::ConstantInt::get(widened, 0x7FFF)});
        return builder_.CreateTrunc(rounded, type);
      });
      return true;
    case Op::I8x16Abs:
    case Op::I16x8Abs:
    case Op::I32x4Abs:
    case Op::I64x2Abs:
      // The most negative value is its own absolute value in wasm, not poison.
      unary([&](llvm::Value* a) { return call_intrinsic(llvm::Intrinsic::abs, {a, builder_.getFalse()}); });
      return true;
    case Op::I8x16Neg:
    case Op::I16x8Neg:
    case Op::I32x4Neg:
    case Op::I64x2Neg: unary([&](llvm::Value* a) { return builder_.CreateNeg(a); }); return true;
    case Op::I8x16Popcnt:
      unary([&](llvm::Value* a) { return call_intrinsic(llvm::Intrinsic::ctpop, {a}); });
      return true;

    case Op::I8x16Shl:
    case Op::I16x8Shl:
    case Op::I32x4Shl:
    case Op::I64x2Shl: shift(llvm::Instruction::Shl); return true;
    case Op::I8x16ShrS:
    case Op::I16x8ShrS:
    case Op::I32x4ShrS:
    case Op::I64x2ShrS: shift(llvm::Instruction::AShr); return true;
    case Op::I8x16ShrU:
    case Op::I16x8ShrU:
    case Op::I32x4ShrU:
    case Op::I64x2ShrU: shift(llvm::Instruction::LShr); return true;

    case Op::I8x16Eq:
    case Op::I16x8Eq:
    case Op::I32x4Eq:
    case Op::I64x2Eq: compare(P::ICMP_EQ); return true;
    case Op::I8x16Ne:
    case Op::I16x8Ne:
    case Op::I32x4Ne:
    case Op::I64x2Ne: compare(P::ICMP_NE); return true;
    case Op::I8x16LtS:
    case Op::I16x8LtS:
    case Op::I32x4LtS:
    case Op::I64x2LtS: compare(P::ICMP_SLT); return true;
    case Op::I8x16LtU:
    case Op::I16x8LtU:
    case Op::I32x4LtU: compare(P::ICMP_ULT); return true;
    case Op::I8x16GtS:
    case Op::I16x8GtS:
    case Op::I32x4GtS:
    case Op::I64x2GtS: compare(P::ICMP_SGT); return true;
    case Op::I8x16GtU:
    case Op::I16x8GtU:
    case Op::I32x4GtU: compare(P::ICMP_UGT); return true;
    case Op::I8x16LeS:
    case Op::I16x8LeS:
    case Op::I32x4LeS:
    case Op::I64x2LeS: compare(P::ICMP_SLE); return true;
    case Op::I8x16LeU:
    case Op::I16x8LeU:
    case Op::I32x4LeU: compare(P::ICMP_ULE); return true;
    case Op::I8x16GeS:
    case Op::I16x8GeS:
    case Op::I32x4GeS:
    case Op::I64x2GeS: compare(P::ICMP_SGE); return true;
    case Op::I8x16GeU:
    case Op::I16x8GeU:
    case Op::I32x4GeU: compare(P::ICMP_UGE); return true;

    case Op::I8x16NarrowI16x8S:
    case Op::I16x8NarrowI32x4S: narrow_saturating(true); return true;
    case Op::I8x16NarrowI16x8U:
    case Op::I16x8NarrowI32x4U: narrow_saturating(false); return true;
    case Op::I16x8ExtendLowI8x16S:
    case Op::I32x4ExtendLowI16x8S:
    case Op::I64x2ExtendLowI32x4S: extend_half(false, true); return true;
    case Op::I16x8ExtendHighI8x16S:
    case Op::I32x4ExtendHighI16x8S:
    case Op::I64x2ExtendHighI32x4S: extend_half(true, true); return true;
    case Op::I16x8ExtendLowI8x16U:
    case Op::I32x4ExtendLowI16x8U:
    case Op::I64x2ExtendLowI32x4U: extend_half(false, false); return true;
    case Op::I16x8ExtendHighI8x16U:
    case Op::I32x4ExtendHighI16x8U:
    case Op::I64x2ExtendHighI32x4U: extend_half(true, false); return true;
    case Op::I16x8ExtmulLowI8x16S:
    case Op::I32x4ExtmulLowI16x8S:
    case Op::I64x2ExtmulLowI32x4S: extending_multiply(false, true); return true;
    case Op::I16x8ExtmulHighI8x16S:
    case Op::I32x4ExtmulHighI16x8S:
    case Op::I64x2ExtmulHighI32x4S: extending_multiply(true, true); return true;
    case Op::I16x8ExtmulLowI8x16U:
    case Op::I32x4ExtmulLowI16x8U:
    case Op::I64x2ExtmulLowI32x4U: extending_multiply(false, false); return true;
    case Op::I16x8ExtmulHighI8x16U:
    case Op::I32x4ExtmulHighI16x8U:
    case Op::I64x2ExtmulHighI32x4U: extending_multiply(true, false); return true;
    case Op::I16x8ExtaddPairwiseI8x16S:
    case Op::I32x4ExtaddPairwiseI16x8S: extending_add_pairwise(true); return true;
    case Op::I16x8ExtaddPairwiseI8x16U:
    case Op::I32x4ExtaddPairwiseI16x8U: extending_add_pairwise(false); return true;
    case Op::I32x4DotI16x8S:
      // The products' pairwise sums wrap: -0x8000 * -0x8000 twice is 2^31.
      binary_on(narrow(), [&](llvm::Value* a, llvm::Value* b) {
        llvm::FixedVectorType* widened = lanes(type->getElementType(), count * 2);
        return add_pairs(builder_, mul(builder_.CreateSExt(a, widened), builder_.CreateSExt(b, widened)));
      });
      return true;
    default: return false;
  }
}

}  // namespace kiln::codegen
