// Constants, integer and float arithmetic, comparisons and bit counting, with wasm's exact
// semantics where LLVM's differ: division traps instead of being undefined, shift counts wrap,
// min/max propagate NaN, abs/neg/copysign touch only the sign bit (NaN payloads survive), and
// arithmetic never passes a signaling NaN through unquieted.
#include "codegen/function_compiler.h"
#include "codegen/nan_folding.h"

#include <llvm/ADT/APFloat.h>

namespace kiln::codegen {

bool FunctionCompiler::emit_numeric(const Instr& instr) {
  auto binary = [&](auto make) {
    llvm::Value* rhs = pop();
    llvm::Value* lhs = pop();
    push(make(lhs, rhs));
  };
  auto unary = [&](auto make) { push(make(pop())); };
  auto compare_int = [&](llvm::CmpInst::Predicate predicate) {
    binary([&](llvm::Value* a, llvm::Value* b) { return from_bool(builder_.CreateICmp(predicate, a, b)); });
  };
  auto compare_float = [&](llvm::CmpInst::Predicate predicate) {
    binary([&](llvm::Value* a, llvm::Value* b) { return from_bool(builder_.CreateFCmp(predicate, a, b)); });
  };
  auto intrinsic1 = [&](llvm::Intrinsic::ID id) { unary([&](llvm::Value* a) { return call_intrinsic(id, {a}); }); };
  // LLVM folds x*1, x-0, x/1, -0-x and the like to x (or its negation) and lowers min/max by
  // selecting an operand: both would hand a signaling NaN operand back unquieted, where wasm
  // requires an arithmetic NaN (nan_folding.h).
  auto float_arithmetic = [&](llvm::Instruction::BinaryOps opcode) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      llvm::Value* result = builder_.CreateBinOp(opcode, a, b);
      return may_fold_to_operand(opcode, a, b, function_->getParent()->getDataLayout()) ? quiet_nan(result) : result;
    });
  };
  auto min_max = [&](llvm::Intrinsic::ID id) {
    binary([&](llvm::Value* a, llvm::Value* b) { return quiet_nan(call_intrinsic(id, {a, b})); });
  };
  // Counts are taken modulo the width, as wasm defines them; LLVM's shifts are poison past it.
  auto shift = [&](llvm::Instruction::BinaryOps opcode, unsigned bits) {
    binary([&](llvm::Value* a, llvm::Value* b) {
      llvm::Value* count = builder_.CreateAnd(b, llvm::ConstantInt::get(b->getType(), bits - 1));
      return builder_.CreateBinOp(opcode, a, count);
    });
  };
  auto rotate = [&](llvm::Intrinsic::ID funnel) {
    binary([&](llvm::Value* a, llvm::Value* b) { return call_intrinsic(funnel, {a, a, b}); });
  };
  auto eqz = [&] { unary([&](llvm::Value* a) { return from_bool(builder_.CreateIsNull(a)); }); };
  auto count_zeros = [&](llvm::Intrinsic::ID id) {
    // The zero-input case is defined in wasm (the width), so zero is not poison here.
    unary([&](llvm::Value* a) { return builder_.CreateIntrinsic(id, {a->getType()}, {a, builder_.getFalse()}); });
  };

  using P = llvm::CmpInst::Predicate;
  switch (instr.op) {
    case Op::I32Const: push(builder_.getInt32(uint32_t(instr.bits))); return true;
    case Op::I64Const: push(builder_.getInt64(instr.bits)); return true;
    case Op::F32Const:
      push(llvm::ConstantFP::get(context_,
                                 llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, uint32_t(instr.bits)))));
      return true;
    case Op::F64Const:
      push(llvm::ConstantFP::get(context_, llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, instr.bits))));
      return true;

    case Op::I32Eqz:
    case Op::I64Eqz: eqz(); return true;
    case Op::I32Eq:
    case Op::I64Eq: compare_int(P::ICMP_EQ); return true;
    case Op::I32Ne:
    case Op::I64Ne: compare_int(P::ICMP_NE); return true;
    case Op::I32LtS:
    case Op::I64LtS: compare_int(P::ICMP_SLT); return true;
    case Op::I32LtU:
    case Op::I64LtU: compare_int(P::ICMP_ULT); return true;
    case Op::I32GtS:
    case Op::I64GtS: compare_int(P::ICMP_SGT); return true;
    case Op::I32GtU:
    case Op::I64GtU: compare_int(P::ICMP_UGT); return true;
    case Op::I32LeS:
    case Op::I64LeS: compare_int(P::ICMP_SLE); return true;
    case Op::I32LeU:
    case Op::I64LeU: compare_int(P::ICMP_ULE); return true;
    case Op::I32GeS:
    case Op::I64GeS: compare_int(P::ICMP_SGE); return true;
    case Op::I32GeU:
    case Op::I64GeU: compare_int(P::ICMP_UGE); return true;

    // Ordered comparisons are false on NaN; `ne` is the one that is true on NaN.
    case Op::F32Eq:
    case Op::F64Eq: compare_float(P::FCMP_OEQ); return true;
    case Op::F32Ne:
    case Op::F64Ne: compare_float(P::FCMP_UNE); return true;
    case Op::F32Lt:
    case Op::F64Lt: compare_float(P::FCMP_OLT); return true;
    case Op::F32Gt:
    case Op::F64Gt: compare_float(P::FCMP_OGT); return true;
    case Op::F32Le:
    case Op::F64Le: compare_float(P::FCMP_OLE); return true;
    case Op::F32Ge:
    case Op::F64Ge: compare_float(P::FCMP_OGE); return true;

    case Op::I32Clz:
    case Op::I64Clz: count_zeros(llvm::Intrinsic::ctlz); return true;
    case Op::I32Ctz:
    case Op::I64Ctz: count_zeros(llvm::Intrinsic::cttz); return true;
    case Op::I32Popcnt:
    case Op::I64Popcnt: intrinsic1(llvm::Intrinsic::ctpop); return true;
    case Op::I32Add:
    case Op::I64Add: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateAdd(a, b); }); return true;
    case Op::I32Sub:
    case Op::I64Sub: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateSub(a, b); }); return true;
    case Op::I32Mul:
    case Op::I64Mul: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateMul(a, b); }); return true;
    case Op::I32DivS:
    case Op::I32DivU:
    case Op::I32RemS:
    case Op::I32RemU: integer_division(instr.op, 32); return true;
    case Op::I64DivS:
    case Op::I64DivU:
    case Op::I64RemS:
    case Op::I64RemU: integer_division(instr.op, 64); return true;
    case Op::I32And:
    case Op::I64And: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateAnd(a, b); }); return true;
    case Op::I32Or:
    case Op::I64Or: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateOr(a, b); }); return true;
    case Op::I32Xor:
    case Op::I64Xor: binary([&](llvm::Value* a, llvm::Value* b) { return builder_.CreateXor(a, b); }); return true;
    case Op::I32Shl: shift(llvm::Instruction::Shl, 32); return true;
    case Op::I64Shl: shift(llvm::Instruction::Shl, 64); return true;
    case Op::I32ShrS: shift(llvm::Instruction::AShr, 32); return true;
    case Op::I64ShrS: shift(llvm::Instruction::AShr, 64); return true;
    case Op::I32ShrU: shift(llvm::Instruction::LShr, 32); return true;
    case Op::I64ShrU: shift(llvm::Instruction::LShr, 64); return true;
    // Funnel shifts of a value with itself are rotates, and take their count modulo the width.
    case Op::I32Rotl:
    case Op::I64Rotl: rotate(llvm::Intrinsic::fshl); return true;
    case Op::I32Rotr:
    case Op::I64Rotr: rotate(llvm::Intrinsic::fshr); return true;

    case Op::F32Abs:
    case Op::F64Abs: push(float_bits_op(pop(), true, false)); return true;
    case Op::F32Neg:
    case Op::F64Neg: push(float_bits_op(pop(), false, true)); return true;
    case Op::F32Copysign:
    case Op::F64Copysign: binary([&](llvm::Value* a, llvm::Value* b) { return copysign(a, b); }); return true;
    case Op::F32Ceil:
    case Op::F64Ceil: intrinsic1(llvm::Intrinsic::ceil); return true;
    case Op::F32Floor:
    case Op::F64Floor: intrinsic1(llvm::Intrinsic::floor); return true;
    case Op::F32Trunc:
    case Op::F64Trunc: intrinsic1(llvm::Intrinsic::trunc); return true;
    case Op::F32Nearest:
    case Op::F64Nearest: intrinsic1(llvm::Intrinsic::roundeven); return true;
    case Op::F32Sqrt:
    case Op::F64Sqrt: intrinsic1(llvm::Intrinsic::sqrt); return true;
    case Op::F32Add:
    case Op::F64Add: float_arithmetic(llvm::Instruction::FAdd); return true;
    case Op::F32Sub:
    case Op::F64Sub: float_arithmetic(llvm::Instruction::FSub); return true;
    case Op::F32Mul:
    case Op::F64Mul: float_arithmetic(llvm::Instruction::FMul); return true;
    case Op::F32Div:
    case Op::F64Div: float_arithmetic(llvm::Instruction::FDiv); return true;
    case Op::F32Min:
    case Op::F64Min: min_max(llvm::Intrinsic::minimum); return true;
    case Op::F32Max:
    case Op::F64Max: min_max(llvm::Intrinsic::maximum); return true;
    default: return false;
  }
}

void FunctionCompiler::integer_division(Op op, unsigned bits) {
  llvm::Value* rhs = pop();
  llvm::Value* lhs = pop();
  llvm::Type* type = rhs->getType();
  trap_if(builder_.CreateIsNull(rhs), TrapKind::IntegerDivideByZero);
  llvm::Value* minus_one = llvm::ConstantInt::getSigned(type, -1);
  llvm::Value* min_value = llvm::ConstantInt::get(type, llvm::APInt::getSignedMinValue(bits));
  switch (op) {
    case Op::I32DivS:
    case Op::I64DivS: {
      llvm::Value* overflows =
          builder_.CreateAnd(builder_.CreateICmpEQ(lhs, min_value), builder_.CreateICmpEQ(rhs, minus_one));
      trap_if(overflows, TrapKind::IntegerOverflow);
      push(builder_.CreateSDiv(lhs, rhs));
      return;
    }
    case Op::I32RemS:
    case Op::I64RemS: {
      // INT_MIN % -1 is 0 in wasm but undefined in LLVM; x % 1 is the same 0 for every x.
      llvm::Value* divisor =
          builder_.CreateSelect(builder_.CreateICmpEQ(rhs, minus_one), llvm::ConstantInt::get(type, 1), rhs);
      push(builder_.CreateSRem(lhs, divisor));
      return;
    }
    case Op::I32DivU:
    case Op::I64DivU: push(builder_.CreateUDiv(lhs, rhs)); return;
    default: push(builder_.CreateURem(lhs, rhs)); return;
  }
}

llvm::Value* FunctionCompiler::float_bits_op(llvm::Value* value, bool clear_sign, bool flip_sign) {
  llvm::Type* float_type = value->getType();
  unsigned bits = float_type->getPrimitiveSizeInBits();
  llvm::Type* int_type = builder_.getIntNTy(bits);
  llvm::Value* as_int = builder_.CreateBitCast(value, int_type);
  llvm::APInt sign = llvm::APInt::getSignMask(bits);
  if (clear_sign) as_int = builder_.CreateAnd(as_int, llvm::ConstantInt::get(int_type, ~sign));
  if (flip_sign) as_int = builder_.CreateXor(as_int, llvm::ConstantInt::get(int_type, sign));
  return builder_.CreateBitCast(as_int, float_type);
}

llvm::Value* FunctionCompiler::quiet_nan(llvm::Value* value) {
  llvm::Type* float_type = value->getType();
  unsigned bits = float_type->getPrimitiveSizeInBits();
  llvm::Type* int_type = builder_.getIntNTy(bits);
  // The quiet bit is the mantissa's top bit.
  unsigned mantissa_bits = float_type->isFloatTy() ? 23 : 52;
  llvm::Value* quieted = builder_.CreateOr(builder_.CreateBitCast(value, int_type),
                                           llvm::ConstantInt::get(int_type, uint64_t{1} << (mantissa_bits - 1)));
  return builder_.CreateSelect(builder_.CreateFCmpUNO(value, value), builder_.CreateBitCast(quieted, float_type),
                               value);
}

llvm::Value* FunctionCompiler::copysign(llvm::Value* magnitude, llvm::Value* sign) {
  llvm::Type* float_type = magnitude->getType();
  unsigned bits = float_type->getPrimitiveSizeInBits();
  llvm::Type* int_type = builder_.getIntNTy(bits);
  llvm::APInt sign_mask = llvm::APInt::getSignMask(bits);
  llvm::Value* magnitude_bits =
      builder_.CreateAnd(builder_.CreateBitCast(magnitude, int_type), llvm::ConstantInt::get(int_type, ~sign_mask));
  llvm::Value* sign_bits =
      builder_.CreateAnd(builder_.CreateBitCast(sign, int_type), llvm::ConstantInt::get(int_type, sign_mask));
  return builder_.CreateBitCast(builder_.CreateOr(magnitude_bits, sign_bits), float_type);
}

}  // namespace kiln::codegen
