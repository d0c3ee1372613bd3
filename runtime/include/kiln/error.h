// The error every front-end stage reports: what kind of failure, where, and a message in
// the spirit of the spec's ("unexpected end", "type mismatch", "unknown function 3").
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace kiln {

enum class ErrorKind : uint8_t {
  Malformed,       // the bytes or text are not a module (decoding / parsing failed)
  Invalid,         // a well-formed module breaks a validation rule
  Unlinkable,      // imports do not match what the linker offers
  Uninstantiable,  // instantiation failed (e.g. a segment out of bounds, a trap in start)
  Io,              // a file could not be read or written
};
const char* to_string(ErrorKind kind);

// A position in source text; line and column count from 1.
struct TextLocation {
  uint32_t line = 0;
  uint32_t column = 0;
  bool known() const { return line != 0; }
};

class Error : public std::runtime_error {
 public:
  static constexpr uint64_t kNoOffset = UINT64_MAX;

  // A binary error at a byte offset (kNoOffset when there is none).
  Error(ErrorKind kind, std::string message, uint64_t offset = kNoOffset);
  // A text error at a line and column.
  Error(ErrorKind kind, std::string message, TextLocation location);

  ErrorKind kind() const { return kind_; }
  // The bare message, without location: what the spec tests compare against.
  const std::string& message() const { return message_; }
  uint64_t offset() const { return offset_; }
  TextLocation location() const { return location_; }

 private:
  ErrorKind kind_;
  std::string message_;
  uint64_t offset_ = kNoOffset;
  TextLocation location_;
};

}  // namespace kiln
