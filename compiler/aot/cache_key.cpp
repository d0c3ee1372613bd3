// The key of compile cache entries: everything the compiled code depends on, hashed.
#include <llvm/Support/SHA256.h>

#include "aot/build_identity.h"
#include "kiln/abi.h"
#include "kiln/aot.h"
#include "pipeline/host_target.h"

namespace kiln {

std::string aot_cache_key(const std::vector<uint8_t>& module_bytes, const AotOptions& options) {
  llvm::SHA256 hash;
  // Each part is length-prefixed, so that no two different lists of parts hash the same bytes.
  auto add = [&](llvm::ArrayRef<uint8_t> part) {
    uint64_t size = part.size();
    hash.update(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(&size), sizeof size));
    hash.update(part);
  };
  auto add_text = [&](const std::string& text) { add({reinterpret_cast<const uint8_t*>(text.data()), text.size()}); };
  add(module_bytes);
  add_text(options.kiln_version);
  // The version number alone would let an older build's code, correct but maybe slower, be reused.
  add_text(compiler_build_id());
  add_text(llvm_version());
  add_text(std::to_string(abi::kAbiVersion));
  const CompileOptions& compile = options.compile;
  add_text(std::to_string(compile.opt_level) + "/" + std::to_string(int(compile.bounds_checks)) + "/" +
           std::to_string(compile.guard_bytes) + "/" + std::to_string(compile.wasm_offsets) + "/" +
           std::to_string(compile.interruptible) + "/" + std::to_string(compile.consume_fuel) + "/" +
           std::to_string(compile.trap_unused_loads));
  add_text(host_target_triple());
  add_text(aot_target_description(options.target_cpu));
  std::array<uint8_t, 32> digest = hash.final();
  static const char kHex[] = "0123456789abcdef";
  std::string key;
  for (uint8_t byte : digest) {
    key += kHex[byte >> 4];
    key += kHex[byte & 15];
  }
  return key;
}

}  // namespace kiln
