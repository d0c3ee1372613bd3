// CodeMap lookups and its byte encoding: "KCM1", the function count, then per function its code
// size, its location count and per location its code offset, wasm offset, inlined-call count and
// inlined-call offsets; every number a u32 LE.
#include "kiln/code_map.h"

#include <algorithm>

namespace kiln {
namespace {

constexpr uint8_t kMagic[4] = {'K', 'C', 'M', '1'};

void put_u32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  std::optional<uint32_t> u32() {
    if (bytes_.size() - at_ < 4) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= uint32_t{bytes_[at_ + i]} << (8 * i);
    at_ += 4;
    return value;
  }
  size_t remaining() const { return bytes_.size() - at_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

}  // namespace

const CodeMap::Location* CodeMap::find(uint32_t defined, uint32_t code_offset) const {
  if (defined >= functions.size()) return nullptr;
  const Function& function = functions[defined];
  if (code_offset >= function.code_size) return nullptr;
  auto after =
      std::upper_bound(function.locations.begin(), function.locations.end(), code_offset,
                       [](uint32_t offset, const Location& location) { return offset < location.code_offset; });
  if (after == function.locations.begin()) return nullptr;
  const Location& location = *std::prev(after);
  return location.wasm_offset == 0 ? nullptr : &location;
}

std::optional<uint32_t> CodeMap::wasm_offset(uint32_t defined, uint32_t code_offset) const {
  const Location* location = find(defined, code_offset);
  if (location == nullptr) return std::nullopt;
  return location->wasm_offset;
}

std::vector<uint8_t> CodeMap::serialize() const {
  std::vector<uint8_t> out(std::begin(kMagic), std::end(kMagic));
  put_u32(out, static_cast<uint32_t>(functions.size()));
  for (const Function& function : functions) {
    put_u32(out, function.code_size);
    put_u32(out, static_cast<uint32_t>(function.locations.size()));
    for (const Location& location : function.locations) {
      put_u32(out, location.code_offset);
      put_u32(out, location.wasm_offset);
      put_u32(out, static_cast<uint32_t>(location.inlined_calls.size()));
      for (uint32_t call : location.inlined_calls) put_u32(out, call);
    }
  }
  return out;
}

std::optional<CodeMap> CodeMap::deserialize(std::span<const uint8_t> bytes) {
  if (bytes.size() < 4 || !std::equal(std::begin(kMagic), std::end(kMagic), bytes.begin())) return std::nullopt;
  Reader reader(bytes.subspan(4));
  std::optional<uint32_t> count = reader.u32();
  // Each function takes at least 8 bytes, so a count the rest cannot hold is a lie, not a reason
  // to allocate.
  if (!count || *count > reader.remaining() / 8) return std::nullopt;
  CodeMap map;
  map.functions.resize(*count);
  for (Function& function : map.functions) {
    std::optional<uint32_t> size = reader.u32();
    std::optional<uint32_t> locations = reader.u32();
    if (!size || !locations || *locations > reader.remaining() / 12) return std::nullopt;
    function.code_size = *size;
    function.locations.resize(*locations);
    uint32_t previous = 0;
    for (Location& location : function.locations) {
      std::optional<uint32_t> code_offset = reader.u32();
      std::optional<uint32_t> wasm_offset = reader.u32();
      std::optional<uint32_t> calls = reader.u32();
      if (!code_offset || !wasm_offset || !calls || *calls > reader.remaining() / 4) return std::nullopt;
      location.code_offset = *code_offset;
      location.wasm_offset = *wasm_offset;
      location.inlined_calls.resize(*calls);
      for (uint32_t& call : location.inlined_calls) call = *reader.u32();  // in bounds: checked above
      bool sorted = &location == function.locations.data() || location.code_offset > previous;
      if (!sorted || location.code_offset >= function.code_size) return std::nullopt;
      previous = location.code_offset;
    }
  }
  if (reader.remaining() != 0) return std::nullopt;
  return map;
}

}  // namespace kiln
