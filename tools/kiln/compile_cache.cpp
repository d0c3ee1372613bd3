// The compile cache's files: one `<key>.so` per entry, written to a unique temp name first.
#include "compile_cache.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "kiln/error.h"
#include "kiln/jit.h"
#include "kiln/loader.h"

namespace kiln::cli {
namespace {

void write_atomically(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::random_device random;
  std::filesystem::path temp = path;
  temp += ".tmp." + std::to_string(getpid()) + "." + std::to_string(random());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!file.flush()) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw Error(ErrorKind::Io, "cannot write the cache entry " + temp.string());
    }
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::filesystem::remove(temp, error);
    throw Error(ErrorKind::Io, "cannot store the cache entry " + path.string());
  }
}

bool is_shared_object(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  char magic[4] = {};
  return file.read(magic, sizeof magic) && std::string_view(magic, 4) ==
                                               "\x7f"
                                               "ELF";
}

}  // namespace

std::string default_cache_directory() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/kiln";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/kiln";
  return ".kiln-cache";
}

CachedCompile compile_with_cache(const std::string& file, const std::string& directory, const AotOptions& options) {
  std::vector<uint8_t> bytes = read_file(file);
  std::filesystem::path entry = std::filesystem::path(directory) / (aot_cache_key(bytes, options) + ".so");
  std::error_code error;
  if (std::filesystem::exists(entry, error)) {
    try {
      return {CompiledModule::load_precompiled(entry.string()), true, entry.string()};
    } catch (const Error&) {
      // A damaged entry (a disk error, a crash of an older kiln) is compiled again below.
    }
  }
  Module module = load_module(bytes, options.compile.stats);
  std::vector<uint8_t> shared_object = aot_compile(module, options);
  std::filesystem::create_directories(directory, error);
  if (error) throw Error(ErrorKind::Io, "cannot create the cache directory " + directory + ": " + error.message());
  write_atomically(entry, shared_object);
  return {CompiledModule::load_precompiled(entry.string()), false, entry.string()};
}

CompiledModule load_for_run(const std::string& file, const CompileOptions& compile,
                            const std::optional<std::string>& cache_directory, bool cache_stats) {
  if (is_shared_object(file)) return CompiledModule::load_precompiled(file);
  if (cache_directory) {
    AotOptions options;
    options.compile = compile;
    options.kiln_version = KILN_VERSION;
    CachedCompile cached = compile_with_cache(file, *cache_directory, options);
    if (cache_stats)
      std::cerr << "kiln: compile cache " << (cached.hit ? "hit" : "miss") << ": " << cached.entry << '\n';
    return cached.compiled;
  }
  auto module = std::make_shared<const Module>(load_module_file(file, compile.stats));
  return CompiledModule(module, jit_compile(*module, compile));
}

}  // namespace kiln::cli
