// `kiln run --cache`: compiled shared objects on disk, keyed by aot_cache_key, so that a second
// run of the same module skips compilation.
#pragma once

#include <optional>
#include <string>

#include "kiln/aot.h"
#include "kiln/compiled_module.h"

namespace kiln::cli {

// $XDG_CACHE_HOME/kiln, else ~/.cache/kiln.
std::string default_cache_directory();

struct CachedCompile {
  CompiledModule compiled;
  bool hit;           // loaded from the cache, without compiling
  std::string entry;  // the cache file
};

// Loads the entry for `file` compiled with `options`, or compiles it and stores the entry (a
// temp file renamed into place, so that concurrent runs never see half an entry). An entry that
// does not load is compiled again. Throws kiln::Error.
CachedCompile compile_with_cache(const std::string& file, const std::string& directory, const AotOptions& options);

}  // namespace kiln::cli

namespace kiln::cli {

// What `kiln run FILE` runs: a shared object from `kiln compile` loaded as it is, else the module
// compiled through the cache in `cache_directory` when given (reporting hit or miss on stderr
// when `cache_stats`), else JIT-compiled. Throws kiln::Error.
CompiledModule load_for_run(const std::string& file, const CompileOptions& compile,
                            const std::optional<std::string>& cache_directory, bool cache_stats);

}  // namespace kiln::cli
