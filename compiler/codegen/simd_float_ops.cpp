// SIMD float arithmetic, comparisons and rounding, and the conversions between float and
// integer lanes. NaNs follow the scalar rules of numeric_ops.cpp lane by lane: abs and neg touch
// only the sign bit, pmin/pmax select an operand as they are defined to, and where LLVM could
// hand a signaling NaN back unquieted (folding with a constant, minimum/maximum, a demote that
// folds against a promote) the result's NaN lanes are quieted.
#include "codegen/function_compiler.h"
#include "codegen/nan_folding.h"

namespace kiln::codegen {

bool FunctionCompiler::emit_simd_float(const Instr& instr) {
  using P = llvm::CmpInst::Predicate;
  llvm::FixedVectorType* type = lanes_of(instr.op);
  llvm::Type* i32 = builder_.getInt32Ty();
  llvm::Type* f32 = builder_.getFloatTy();
  llvm::Type* f64 = builder_.getDoubleTy();

  auto binary = [&](auto make) {
    llvm::Value* rhs = pop_lanes(type);
    llvm::Value* lhs = pop_lanes(type);
    push_v128(make(lhs, rhs));
  };
  auto unary = [&](auto make) { push_v128(make(pop_lanes(type))); };
  auto intrinsic1 = [&](llvm::Intrinsic::ID id) { unary([&](llvm::Value* a) { return call_intrinsic(id, {a}); }); };
  // LLVM folds x*1, x-0 and the like to x, which would pass a signaling NaN through (nan_folding.h).
  auto arithmetic = [&](llvm::Instruction::BinaryOps opcode) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      llvm::Value* result = builder_.CreateBinOp(opcode, a, b);
      return may_fold_to_operand(opcode, a, b, function_->getParent()->getDataLayout()) ? quiet_nan_lanes(result)
                                                                                        : result;
    });
  };
  auto min_max = [&](llvm::Intrinsic::ID id) {
    binary([&](llvm::Value* a, llvm::Value* b) { return quiet_nan_lanes(call_intrinsic(id, {a, b})); });
  };
  // pmin is `b < a ? b : a` and pmax `a < b ? b : a`, exactly: NaN operands pass unchanged.
  auto pseudo_min_max = [&](bool is_max) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      llvm::Value* pick_b = is_max ? builder_.CreateFCmpOLT(a, b) : builder_.CreateFCmpOLT(b, a);
      return builder_.CreateSelect(pick_b, b, a);
    });
  };
  auto sign_bit_op = [&](bool flip) {
    unary([&](llvm::Value* a) {
      llvm::Type* int_type = llvm::VectorType::getInteger(type);
      llvm::APInt sign = llvm::APInt::getSignMask(type->getScalarSizeInBits());
      llvm::Value* as_int = builder_.CreateBitCast(a, int_type);
      as_int = flip ? builder_.CreateXor(as_int, llvm::ConstantInt::get(int_type, sign))
                    : builder_.CreateAnd(as_int, llvm::ConstantInt::get(int_type, ~sign));
      return as_int;
    });
  };
  auto compare = [&](P predicate) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      return builder_.CreateSExt(builder_.CreateFCmp(predicate, a, b), llvm::VectorType::getInteger(type));
    });
  };
  auto operand = [&](llvm::Type* lane, unsigned count) { return pop_lanes(lanes(lane, count)); };
  auto low_half = [&](llvm::Value* vector) { return builder_.CreateShuffleVector(vector, {0, 1}); };
  // Two lanes, then two zero lanes.
  auto zero_high = [&](llvm::Value* pair) {
    return builder_.CreateShuffleVector(pair, llvm::Constant::getNullValue(pair->getType()), {0, 1, 2, 3});
  };
  auto saturating = [&](llvm::Intrinsic::ID id, llvm::Value* value, llvm::Type* result) {
    return builder_.CreateIntrinsic(id, {result, value->getType()}, {value});
  };

  switch (instr.op) {
    case Op::F32x4Add:
    case Op::F64x2Add: arithmetic(llvm::Instruction::FAdd); return true;
    case Op::F32x4Sub:
    case Op::F64x2Sub: arithmetic(llvm::Instruction::FSub); return true;
    case Op::F32x4Mul:
    case Op::F64x2Mul: arithmetic(llvm::Instruction::FMul); return true;
    case Op::F32x4Div:
    case Op::F64x2Div: arithmetic(llvm::Instruction::FDiv); return true;
    case Op::F32x4Sqrt:
    case Op::F64x2Sqrt: intrinsic1(llvm::Intrinsic::sqrt); return true;
    case Op::F32x4Ceil:
    case Op::F64x2Ceil: intrinsic1(llvm::Intrinsic::ceil); return true;
    case Op::F32x4Floor:
    case Op::F64x2Floor: intrinsic1(llvm::Intrinsic::floor); return true;
    case Op::F32x4Trunc:
    case Op::F64x2Trunc: intrinsic1(llvm::Intrinsic::trunc); return true;
    case Op::F32x4Nearest:
    case Op::F64x2Nearest: intrinsic1(llvm::Intrinsic::roundeven); return true;
    case Op::F32x4Min:
    case Op::F64x2Min: min_max(llvm::Intrinsic::minimum); return true;
    case Op::F32x4Max:
    case Op::F64x2Max: min_max(llvm::Intrinsic::maximum); return true;
    case Op::F32x4Pmin:
    case Op::F64x2Pmin: pseudo_min_max(false); return true;
    case Op::F32x4Pmax:
    case Op::F64x2Pmax: pseudo_min_max(true); return true;
    case Op::F32x4Abs:
    case Op::F64x2Abs: sign_bit_op(false); return true;
    case Op::F32x4Neg:
    case Op::F64x2Neg: sign_bit_op(true); return true;

    // Ordered comparisons are false on NaN; `ne` is the one that is true on NaN.
    case Op::F32x4Eq:
    case Op::F64x2Eq: compare(P::FCMP_OEQ); return true;
    case Op::F32x4Ne:
    case Op::F64x2Ne: compare(P::FCMP_UNE); return true;
    case Op::F32x4Lt:
    case Op::F64x2Lt: compare(P::FCMP_OLT); return true;
    case Op::F32x4Gt:
    case Op::F64x2Gt: compare(P::FCMP_OGT); return true;
    case Op::F32x4Le:
    case Op::F64x2Le: compare(P::FCMP_OLE); return true;
    case Op::F32x4Ge:
    case Op::F64x2Ge: compare(P::FCMP_OGE); return true;

    case Op::F32x4ConvertI32x4S: push_v128(builder_.CreateSIToFP(operand(i32, 4), type)); return true;
    case Op::F32x4ConvertI32x4U: push_v128(builder_.CreateUIToFP(operand(i32, 4), type)); return true;
    case Op::F64x2ConvertLowI32x4S: push_v128(builder_.CreateSIToFP(low_half(operand(i32, 4)), type)); return true;
    case Op::F64x2ConvertLowI32x4U: push_v128(builder_.CreateUIToFP(low_half(operand(i32, 4)), type)); return true;
    case Op::I32x4TruncSatF32x4S:
      push_v128(saturating(llvm::Intrinsic::fptosi_sat, operand(f32, 4), type));
      return true;
    case Op::I32x4TruncSatF32x4U:
      push_v128(saturating(llvm::Intrinsic::fptoui_sat, operand(f32, 4), type));
      return true;
    case Op::I32x4TruncSatF64x2SZero:
      push_v128(zero_high(saturating(llvm::Intrinsic::fptosi_sat, operand(f64, 2), lanes(i32, 2))));
      return true;
    case Op::I32x4TruncSatF64x2UZero:
      push_v128(zero_high(saturating(llvm::Intrinsic::fptoui_sat, operand(f64, 2), lanes(i32, 2))));
      return true;
    case Op::F32x4DemoteF64x2Zero:
      // Quieted always: the chain of bitcasts and shuffles to a promote is too long to look for.
      push_v128(zero_high(quiet_nan_lanes(builder_.CreateFPTrunc(operand(f64, 2), lanes(f32, 2)))));
      return true;
    case Op::F64x2PromoteLowF32x4: push_v128(builder_.CreateFPExt(low_half(operand(f32, 4)), type)); return true;
    default: return false;
  }
}

}  // namespace kiln::codegen
