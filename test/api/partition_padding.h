// Test text that makes a function body too large to join its caller's partition or group.
#pragma once

#include <string>

#include "pipeline/function_partitioner.h"

namespace kiln {

// Instructions that make a body larger than kSmallFunctionBytes (each drop of a 3-byte constant
// is 5 bytes), so that it leads its own partition or group.
inline std::string padding() {
  std::string text;
  for (size_t bytes = 0; bytes <= kSmallFunctionBytes; bytes += 5) text += " (drop (i32.const 1000000))";
  return text;
}

}  // namespace kiln
