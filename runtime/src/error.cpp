// Formatting of kiln::Error: "<kind> at <where>: <message>".
#include "kiln/error.h"

#include <cstdio>

namespace kiln {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed module";
    case ErrorKind::Invalid: return "invalid module";
    case ErrorKind::Unlinkable: return "unlinkable module";
    case ErrorKind::Uninstantiable: return "uninstantiable module";
    case ErrorKind::Io: return "i/o error";
  }
  return "error";
}

namespace {
std::string describe(ErrorKind kind, const std::string& message, const std::string& where) {
  std::string text = to_string(kind);
  if (!where.empty()) text += " at " + where;
  return text + ": " + message;
}

std::string hex_offset(uint64_t offset) {
  if (offset == Error::kNoOffset) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "offset 0x%llx", static_cast<unsigned long long>(offset));
  return buffer;
}
}  // namespace

Error::Error(ErrorKind kind, std::string message, uint64_t offset)
    : std::runtime_error(describe(kind, message, hex_offset(offset))),
      kind_(kind),
      message_(std::move(message)),
      offset_(offset) {}

Error::Error(ErrorKind kind, std::string message, TextLocation location)
    : std::runtime_error(
          describe(kind, message,
                   location.known() ? std::to_string(location.line) + ":" + std::to_string(location.column) : "")),
      kind_(kind),
      message_(std::move(message)),
      location_(location) {}

}  // namespace kiln
