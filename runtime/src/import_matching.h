// The spec's import matching: each provided extern against the type its import declares.
#pragma once

#include <span>

#include "kiln/func.h"
#include "kiln/module.h"
#include "kiln/type_registry.h"

namespace kiln {

// Throws Error(Unlinkable, "incompatible import type") for the first import `imports` does not
// satisfy (or when their numbers differ).
void check_imports(TypeRegistry& types, const Module& module, std::span<const Extern> imports);

}  // namespace kiln
