// Shared objects for `kiln wast --aot` live in a private temp directory, each under a name used
// once (the dynamic linker reuses a loaded object whose name matches), and are unlinked as soon
// as they are mapped.
#include "aot_round_trip.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kiln/error.h"

namespace kiln::cli {
namespace {

class TempDirectory {
 public:
  TempDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kiln-wast-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw Error(ErrorKind::Io, "cannot create a temporary directory");
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  std::filesystem::path next_file() { return path_ / (std::to_string(next_.fetch_add(1)) + ".so"); }

 private:
  std::filesystem::path path_;
  std::atomic<uint64_t> next_{0};
};

}  // namespace

CompiledModule aot_round_trip(const Module& module, const AotOptions& options) {
  static TempDirectory directory;
  std::vector<uint8_t> bytes = aot_compile(module, options);
  std::filesystem::path path = directory.next_file();
  {
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!file.flush()) throw Error(ErrorKind::Io, "cannot write " + path.string());
  }
  struct Unlink {
    std::filesystem::path path;
    ~Unlink() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } unlink_after{path};
  return CompiledModule::load_precompiled(path.string());
}

}  // namespace kiln::cli
