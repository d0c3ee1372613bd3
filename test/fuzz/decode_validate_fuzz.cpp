// libFuzzer entry: any byte string must either decode and validate or be rejected with a
// kiln::Error; a crash, a sanitizer report, a hang or a runaway allocation is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    kiln::Module module = kiln::decode_module(std::span<const uint8_t>(data, size));
    kiln::validate_module(module);
  } catch (const kiln::Error&) {
    // Rejecting the input is a correct outcome.
  }
  return 0;
}
