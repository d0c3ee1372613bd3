// The WAT module parser, over S-expressions (see sexpr.h). parse_wat() in kiln/text.h is the
// entry for whole files; the WAST script parser calls these for its `(module …)` commands.
#pragma once

#include <span>
#include <string>

#include "kiln/module.h"
#include "kiln/text.h"
#include "text/sexpr.h"

namespace kiln::text {

// Parses the text form `(module $id? field…)`. If `id` is given it receives the module's
// `$id` without the `$` (empty when there is none). Throws Error(Malformed) with line:column.
// With `map`, the module's offsets are synthetic and `map` receives where they came from.
Module parse_module(const SExpr& form, std::string* id = nullptr, TextSourceMap* map = nullptr);

// Parses bare module fields: a `.wat` file without the `(module …)` wrapper.
Module parse_module_fields(std::span<const SExpr> fields, TextSourceMap* map = nullptr);

}  // namespace kiln::text
