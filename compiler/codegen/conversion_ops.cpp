// Conversions between value types: wrapping and extension, float↔int (trapping and
// saturating), float precision changes, reinterpretation and in-place sign extension.
#include "codegen/function_compiler.h"

#include <cmath>

namespace kiln::codegen {

bool FunctionCompiler::emit_conversion(const Instr& instr) {
  llvm::Type* i32 = builder_.getInt32Ty();
  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* f32 = builder_.getFloatTy();
  llvm::Type* f64 = builder_.getDoubleTy();
  auto saturating = [&](llvm::Intrinsic::ID id, llvm::Type* result) {
    llvm::Value* value = pop();
    push(builder_.CreateIntrinsic(id, {result, value->getType()}, {value}));
  };
  // Sign-extends the low `bits` of a value in place.
  auto extend_low = [&](unsigned bits) {
    llvm::Value* value = pop();
    push(builder_.CreateSExt(builder_.CreateTrunc(value, builder_.getIntNTy(bits)), value->getType()));
  };

  switch (instr.op) {
    case Op::I32WrapI64: push(builder_.CreateTrunc(pop(), i32)); return true;
    case Op::I64ExtendI32S: push(builder_.CreateSExt(pop(), i64)); return true;
    case Op::I64ExtendI32U: push(builder_.CreateZExt(pop(), i64)); return true;
    case Op::I32TruncF32S:
    case Op::I32TruncF64S: trapping_truncation(i32, true); return true;
    case Op::I32TruncF32U:
    case Op::I32TruncF64U: trapping_truncation(i32, false); return true;
    case Op::I64TruncF32S:
    case Op::I64TruncF64S: trapping_truncation(i64, true); return true;
    case Op::I64TruncF32U:
    case Op::I64TruncF64U: trapping_truncation(i64, false); return true;
    case Op::I32TruncSatF32S:
    case Op::I32TruncSatF64S: saturating(llvm::Intrinsic::fptosi_sat, i32); return true;
    case Op::I32TruncSatF32U:
    case Op::I32TruncSatF64U: saturating(llvm::Intrinsic::fptoui_sat, i32); return true;
    case Op::I64TruncSatF32S:
    case Op::I64TruncSatF64S: saturating(llvm::Intrinsic::fptosi_sat, i64); return true;
    case Op::I64TruncSatF32U:
    case Op::I64TruncSatF64U: saturating(llvm::Intrinsic::fptoui_sat, i64); return true;
    case Op::F32ConvertI32S:
    case Op::F32ConvertI64S: push(builder_.CreateSIToFP(pop(), f32)); return true;
    case Op::F32ConvertI32U:
    case Op::F32ConvertI64U: push(builder_.CreateUIToFP(pop(), f32)); return true;
    case Op::F64ConvertI32S:
    case Op::F64ConvertI64S: push(builder_.CreateSIToFP(pop(), f64)); return true;
    case Op::F64ConvertI32U:
    case Op::F64ConvertI64U: push(builder_.CreateUIToFP(pop(), f64)); return true;
    case Op::F32DemoteF64: {
      // LLVM folds demote(promote(x)) to x, which would keep a signaling NaN signaling.
      llvm::Value* value = pop();
      llvm::Value* demoted = builder_.CreateFPTrunc(value, f32);
      push(llvm::isa<llvm::FPExtInst>(value) ? quiet_nan(demoted) : demoted);
      return true;
    }
    case Op::F64PromoteF32: push(builder_.CreateFPExt(pop(), f64)); return true;
    case Op::I32ReinterpretF32: push(builder_.CreateBitCast(pop(), i32)); return true;
    case Op::I64ReinterpretF64: push(builder_.CreateBitCast(pop(), i64)); return true;
    case Op::F32ReinterpretI32: push(builder_.CreateBitCast(pop(), f32)); return true;
    case Op::F64ReinterpretI64: push(builder_.CreateBitCast(pop(), f64)); return true;
    case Op::I32Extend8S:
    case Op::I64Extend8S: extend_low(8); return true;
    case Op::I32Extend16S:
    case Op::I64Extend16S: extend_low(16); return true;
    case Op::I64Extend32S: extend_low(32); return true;
    default: return false;
  }
}

void FunctionCompiler::trapping_truncation(llvm::Type* result_type, bool is_signed) {
  llvm::Value* value = pop();
  llvm::Type* float_type = value->getType();
  unsigned bits = result_type->getIntegerBitWidth();
  trap_if(builder_.CreateFCmpUNO(value, value), TrapKind::InvalidConversionToInteger);

  // The result is representable exactly when lower < value < upper (after truncation toward
  // zero). Both bounds are powers of two (or next to them), so the float type holds them
  // exactly, except -2^(N-1) - 1 in a type too narrow for it; there the test becomes
  // value >= -2^(N-1), since no float of that type lies strictly between the two.
  double upper = std::ldexp(1.0, int(is_signed ? bits - 1 : bits));
  llvm::Value* too_large = builder_.CreateFCmpOGE(value, llvm::ConstantFP::get(float_type, upper));
  llvm::Value* too_small;
  if (!is_signed) {
    too_small = builder_.CreateFCmpOLE(value, llvm::ConstantFP::get(float_type, -1.0));
  } else {
    unsigned mantissa_bits = float_type->isFloatTy() ? 24 : 53;
    double min_value = -std::ldexp(1.0, int(bits - 1));
    too_small = mantissa_bits > bits ? builder_.CreateFCmpOLE(value, llvm::ConstantFP::get(float_type, min_value - 1.0))
                                     : builder_.CreateFCmpOLT(value, llvm::ConstantFP::get(float_type, min_value));
  }
  trap_if(builder_.CreateOr(too_large, too_small), TrapKind::IntegerOverflow);
  push(is_signed ? builder_.CreateFPToSI(value, result_type) : builder_.CreateFPToUI(value, result_type));
}

}  // namespace kiln::codegen
