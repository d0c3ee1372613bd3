// The symbol names of what a compiled module defines: the runtime's list (kiln/symbol_names.h),
// which the loader of shared objects shares, under codegen's namespace.
#pragma once

#include "kiln/symbol_names.h"

namespace kiln::codegen {

using abi::entry_symbol;
using abi::function_symbol;
using abi::host_thunk_symbol;

}  // namespace kiln::codegen
