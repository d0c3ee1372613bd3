// The text format (WAT) → module model, and the map from a parsed module's offsets back to the text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "kiln/module.h"
#include "kiln/validator.h"

namespace kiln {

// Where the parts of a module parsed from text were written. Validation errors name byte offsets,
// which a text module has none of; so when asked for a map, the parser gives every function
// body, constant expression and entity distinct synthetic offsets, as if they were laid out one
// after another in a binary (the first at 1), and records the line:column behind each.
class TextSourceMap {
 public:
  // Each entity's offset, to pass to validate_module.
  EntityOffsets entities;

  // Where the instruction, constant expression or entity at `offset` was written; unknown for
  // an offset the parser did not give out.
  TextLocation locate(uint64_t offset) const;

  // For the parser. Gives out `size` consecutive offsets and returns the first; 0 once offsets
  // would pass 32 bits (the width of the model's), after which nothing is located at all.
  uint32_t reserve(uint64_t size);
  // Records that the bytes from `offset` up to the next mark came from `location`. Marks are
  // made in increasing order of offset.
  void mark(uint64_t offset, TextLocation location);

 private:
  struct Mark {
    uint64_t offset;
    TextLocation location;
  };
  std::vector<Mark> marks_;
  uint64_t end_ = 1;  // the next offset to give out
  bool exhausted_ = false;
};

// Parses a `.wat` source: one `(module …)` or the bare module fields. Throws Error(Malformed)
// with line:column on a syntax error. The result is not yet validated. With `map`, the module's
// offsets are synthetic and `map` receives where they came from.
Module parse_wat(std::string_view source);
Module parse_wat(std::string_view source, TextSourceMap* map);

}  // namespace kiln
