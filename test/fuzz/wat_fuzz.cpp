// libFuzzer entry for the text front end: any text must parse or be rejected with a
// kiln::Error; and a module that parses and validates must survive write → decode unchanged
// and still validate. A crash, a sanitizer report, a hang or a mismatch is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "kiln/writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kiln::Module module;
  try {
    module = kiln::parse_wat(std::string_view(reinterpret_cast<const char*>(data), size));
    kiln::validate_module(module);
  } catch (const kiln::Error&) {
    return 0;  // rejecting the input is a correct outcome
  }
  try {
    kiln::Module decoded = kiln::decode_module(kiln::write_module(module));
    kiln::validate_module(decoded);
    if (!(decoded.types == module.types && decoded.bodies == module.bodies && decoded.exports == module.exports &&
          decoded.elements == module.elements && decoded.data == module.data))
      throw kiln::Error(kiln::ErrorKind::Invalid, "round trip changed the module");
  } catch (const kiln::Error& error) {
    std::fprintf(stderr, "valid text module failed its binary round trip: %s\n", error.what());
    std::abort();
  }
  return 0;
}
