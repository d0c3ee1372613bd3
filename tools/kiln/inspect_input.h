// What `kiln ir`, `kiln asm` and `kiln explore` read alike: the module (a text module as its binary encoding, so
// that offsets are those `kiln wat2wasm` would write) and the options that pick its functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiln/inspect.h"
#include "kiln/module.h"

namespace kiln::cli {

// Loads `file` and resolves `selectors` (--func) into `options`. Returns the exit code to stop
// with, after reporting why, or nullopt to go on.
std::optional<int> load_inspect_input(const std::string& command, const std::string& file,
                                      const std::vector<std::string>& selectors, Module& module,
                                      InspectOptions& options);

}  // namespace kiln::cli
