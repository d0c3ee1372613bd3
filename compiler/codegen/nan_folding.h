// When may LLVM fold a float operation with a constant operand into (a negation of) its other
// operand? Then a signaling NaN operand would come back unquieted, where wasm requires an
// arithmetic (quiet) NaN, so the code generator quiets the result. Other constants cannot be
// folded away, and their results need no extra work.
#pragma once

#include <cmath>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Instruction.h>

namespace kiln::codegen {

// True when `value` is a constant float (or a vector of equal lanes) equal to `expected`.
inline bool is_float_constant(llvm::Value* value, double expected) {
  auto* constant = llvm::dyn_cast<llvm::Constant>(value);
  if (!constant) return false;
  if (constant->getType()->isVectorTy()) constant = constant->getSplatValue();
  auto* scalar = llvm::dyn_cast_or_null<llvm::ConstantFP>(constant);
  if (!scalar) return false;
  const llvm::APFloat& apfloat = scalar->getValueAPF();
  bool same_sign = apfloat.isNegative() == std::signbit(expected);
  return same_sign && apfloat.convertToDouble() == expected;
}

// `a op b` with a constant operand that makes the operation an identity or a negation:
// x*±1, ±1*x, x/±1, x+(-0), (-0)+x, x-(+0), (-0)-x.
inline bool may_fold_to_operand(llvm::Instruction::BinaryOps opcode, llvm::Value* a, llvm::Value* b) {
  switch (opcode) {
    case llvm::Instruction::FMul:
      return is_float_constant(a, 1) || is_float_constant(a, -1) || is_float_constant(b, 1) ||
             is_float_constant(b, -1);
    case llvm::Instruction::FDiv:
      return is_float_constant(b, 1) || is_float_constant(b, -1);
    case llvm::Instruction::FAdd:
      return is_float_constant(a, -0.0) || is_float_constant(b, -0.0);
    case llvm::Instruction::FSub:
      return is_float_constant(b, 0.0) || is_float_constant(a, -0.0);
    default:
      return false;
  }
}

}  // namespace kiln::codegen
