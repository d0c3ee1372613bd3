// The `name` custom section: names of the module, its functions and their locals, for messages
// and tools. The spec's appendix makes it optional, so a malformed one is ignored, not an error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "kiln/module.h"

namespace kiln {

// Decodes a name section's payload (after the section's own name); `base` is the module offset
// of payload[0]. Returns nullopt when the payload is not a well-formed name section.
std::optional<Names> decode_name_section(std::span<const uint8_t> payload, uint64_t base);

}  // namespace kiln
