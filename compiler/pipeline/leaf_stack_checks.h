// After optimization: the stack check of a leaf function with a small frame is dropped, since
// the stack the runtime keeps free below the limit (abi::kUncheckedLeafStack) holds its frame.
#pragma once

namespace llvm {
class Module;
}

namespace kiln {

// A leaf here calls nothing in the wasm convention (no wasm function, import, host function or
// table entry, so no further frame of wasm can follow its own) and its frame has a proven bound
// within abi::kUncheckedLeafStack; calls to the runtime's C helpers are allowed, as they never
// enter wasm again.
void drop_leaf_stack_checks(llvm::Module& module);

}  // namespace kiln
