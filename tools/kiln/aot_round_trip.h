// `kiln wast --aot`: each module goes the whole AOT way — compiled to a shared object, written
// out, loaded back by the runtime's loader with its deserialized metadata — before it runs.
#pragma once

#include "kiln/aot.h"
#include "kiln/compiled_module.h"

namespace kiln::cli {

// Compiles `module` to a shared object and loads it back. Throws kiln::Error.
CompiledModule aot_round_trip(const Module& module, const AotOptions& options);

}  // namespace kiln::cli
