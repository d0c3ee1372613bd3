// The page `kiln explore` writes, with markers for its title and data (see explore_template.cpp).
#pragma once

#include <string_view>

namespace kiln::inspect {

// An HTML document with "@TITLE@" in its <title> and, after it, "@DATA@" as the contents of a
// <script type="application/json"> element.
extern const std::string_view kExploreTemplate;

}  // namespace kiln::inspect
