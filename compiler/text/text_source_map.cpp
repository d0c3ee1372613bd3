// The map from a text module's synthetic offsets back to line:column (see kiln/text.h).
#include <algorithm>
#include <limits>

#include "kiln/text.h"

namespace kiln {

TextLocation TextSourceMap::locate(uint64_t offset) const {
  if (exhausted_ || offset >= end_) return {};
  auto after = std::upper_bound(marks_.begin(), marks_.end(), offset,
                                [](uint64_t wanted, const Mark& mark) { return wanted < mark.offset; });
  if (after == marks_.begin()) return {};
  return std::prev(after)->location;
}

uint32_t TextSourceMap::reserve(uint64_t size) {
  if (exhausted_ || size > std::numeric_limits<uint32_t>::max() - end_) {
    exhausted_ = true;
    return 0;
  }
  auto first = static_cast<uint32_t>(end_);
  end_ += size;
  return first;
}

void TextSourceMap::mark(uint64_t offset, TextLocation location) {
  if (!exhausted_) marks_.push_back(Mark{offset, location});
}

}  // namespace kiln
