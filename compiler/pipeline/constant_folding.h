// Folding of instructions whose operands are all constants, for -O0, where no optimization pass
// does it. Instruction selection must not see chains of constant vector operations: LLVM 19's
// DAG combiner can loop forever on some (a v128 comparison of constants, shifted by i8x16.shl,
// compared again and tested by all_true: test/cli/constant_vector_chain.wat).
#pragma once

namespace llvm {
class Module;
}

namespace kiln {

// Replaces every instruction that neither reads nor writes memory and whose operands are (or fold
// to) constants by the constant it computes, with the module's data layout.
void fold_constant_instructions(llvm::Module& module);

}  // namespace kiln
