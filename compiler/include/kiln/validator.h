// The WebAssembly 2.0 validation rules.
#pragma once

#include "kiln/module.h"

namespace kiln {

// Throws Error(Invalid) naming the rule broken and its byte offset; returns when valid.
void validate_module(const Module& module);

}  // namespace kiln
