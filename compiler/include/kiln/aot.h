// Ahead-of-time compilation: a validated module becomes an ELF shared object (code, trampolines,
// module metadata and a header) that CompiledModule::load_precompiled loads without LLVM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/jit.h"
#include "kiln/module.h"

namespace kiln {

struct AotOptions {
  CompileOptions compile;
  // "host" (this CPU, limited to the features the loader can check), "generic" (the
  // architecture's baseline) or an LLVM CPU name such as "haswell".
  std::string target_cpu = "host";
  std::string kiln_version;  // recorded in the header
};

// What `kiln compile --emit=` writes: IR as `kiln ir` prints it (before or after optimization),
// the AOT target's assembly, its relocatable object, or the loadable shared object.
enum class AotOutput { LlvmIr, OptimizedIr, Assembly, Object, SharedObject };

// Compiles `module` for `options` and returns the bytes of `output`. Throws kiln::Error when
// the CPU is unknown or LLVM or the linker fail.
std::vector<uint8_t> aot_compile(const Module& module, const AotOptions& options,
                                 AotOutput output = AotOutput::SharedObject);

// The CPU and features AOT code for `target_cpu` assumes, as "cpu:+f1,+f2" (for cache keys).
std::string aot_target_description(const std::string& target_cpu);

}  // namespace kiln

namespace kiln {

// A compile cache's key for a module's bytes compiled with `options`: a SHA-256, in hex, of the
// bytes, kiln's and LLVM's versions, the compiler's build ID, the ABI version, the options and the
// target's CPU features.
std::string aot_cache_key(const std::vector<uint8_t>& module_bytes, const AotOptions& options);

}  // namespace kiln
