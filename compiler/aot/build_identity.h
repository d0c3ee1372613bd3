// Which build of the compiler is running: the GNU build ID of the binary this code was linked
// into, so that compile-cache entries made by another build (other code generation, same
// version number) are not reused.
#pragma once

#include <string>

namespace kiln {

// The build ID in hex, or "" when the binary carries none.
const std::string& compiler_build_id();

}  // namespace kiln
