// When may LLVM fold a float operation with a constant operand into (a negation of) its other
// operand? Then a signaling NaN operand would come back unquieted, where wasm requires an
// arithmetic (quiet) NaN, so the code generator quiets the result. Other constants cannot be
// folded away, and their results need no extra work.
#pragma once

#include <cmath>

#include <llvm/Analysis/ConstantFolding.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/IR/Instruction.h>

namespace kiln::codegen {

// Whether `value` may be, in every lane, the float `expected` once LLVM folds it: false for a
// non-constant or a constant that differs, true when it equals it or cannot be looked into.
inline bool may_be_float_constant(llvm::Value* value, double expected, const llvm::DataLayout& layout) {
  auto* constant = llvm::dyn_cast<llvm::Constant>(value);
  if (!constant) return false;
  // v128 constants reach float lanes through a bitcast from <2 x i64>; fold it to see the lanes.
  if (llvm::Constant* folded = llvm::ConstantFoldConstant(constant, layout)) constant = folded;
  if (constant->getType()->isVectorTy()) {
    llvm::Constant* splat = constant->getSplatValue();
    if (!splat) return llvm::isa<llvm::ConstantExpr>(constant);  // distinct lanes never fold away
    constant = splat;
  }
  auto* scalar = llvm::dyn_cast<llvm::ConstantFP>(constant);
  if (!scalar) return true;
  const llvm::APFloat& apfloat = scalar->getValueAPF();
  return apfloat.isNegative() == std::signbit(expected) && apfloat.convertToDouble() == expected;
}

// `a op b` with a constant operand that makes the operation an identity or a negation:
// x*±1, ±1*x, x/±1, x+(-0), (-0)+x, x-(+0), (-0)-x.
inline bool may_fold_to_operand(llvm::Instruction::BinaryOps opcode, llvm::Value* a, llvm::Value* b,
                                const llvm::DataLayout& layout) {
  auto is = [&](llvm::Value* value, double expected) { return may_be_float_constant(value, expected, layout); };
  switch (opcode) {
    case llvm::Instruction::FMul: return is(a, 1) || is(a, -1) || is(b, 1) || is(b, -1);
    case llvm::Instruction::FDiv: return is(b, 1) || is(b, -1);
    case llvm::Instruction::FAdd: return is(a, -0.0) || is(b, -0.0);
    case llvm::Instruction::FSub: return is(b, 0.0) || is(a, -0.0);
    default: return false;
  }
}

}  // namespace kiln::codegen
