// lld as a library. It is not safe to run on two threads at once, so one link at a time; it
// reads and writes files, so the object and the result pass through a private temp directory.
#include "aot/shared_object_linker.h"

#include <mutex>

#include <lld/Common/Driver.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include "kiln/error.h"

LLD_HAS_DRIVER(elf)

namespace kiln::aot {
namespace {

// Removes the temp directory and what is in it, however linking ends.
class TempDirectory {
 public:
  TempDirectory() {
    if (llvm::sys::fs::createUniqueDirectory("kiln-aot", path_))
      throw Error(ErrorKind::Io, "cannot create a temporary directory to link in");
  }
  ~TempDirectory() { llvm::sys::fs::remove_directories(path_); }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  std::string file(const std::string& name) const {
    llvm::SmallString<256> joined(path_);
    llvm::sys::path::append(joined, name);
    return std::string(joined);
  }

 private:
  llvm::SmallString<256> path_;
};

}  // namespace

std::vector<uint8_t> link_shared_object(const std::vector<const llvm::MemoryBuffer*>& objects) {
  TempDirectory directory;
  std::vector<std::string> inputs;
  for (const llvm::MemoryBuffer* object : objects) {
    inputs.push_back(directory.file("part" + std::to_string(inputs.size()) + ".o"));
    std::error_code error;
    llvm::raw_fd_ostream stream(inputs.back(), error);
    if (error) throw Error(ErrorKind::Io, "cannot write " + inputs.back() + ": " + error.message());
    stream << object->getBuffer();
  }
  std::string output = directory.file("module.so");
  // -Bsymbolic: calls between the module's own functions are direct, not through the PLT.
  // Undefined symbols (C library functions LLVM may call, e.g. for rounding) stay for the
  // dynamic linker, which finds them in any process.
  std::vector<const char*> args = {"ld.lld", "-shared",     "-Bsymbolic", "--hash-style=gnu",
                                   "-z",     "noexecstack", "-o",         output.c_str()};
  for (const std::string& input : inputs) args.push_back(input.c_str());
  std::string messages;
  llvm::raw_string_ostream errors(messages);
  llvm::raw_null_ostream ignored;
  static std::mutex lld_mutex;
  lld::Result result;
  {
    std::lock_guard<std::mutex> lock(lld_mutex);
    result = lld::lldMain(args, ignored, errors, {{lld::Gnu, &lld::elf::link}});
  }
  if (result.retCode != 0 || !result.canRunAgain)
    throw Error(ErrorKind::Io, "linking the shared object failed: " + messages);
  auto linked = llvm::MemoryBuffer::getFile(output, false, false);
  if (!linked) throw Error(ErrorKind::Io, "cannot read the linked shared object: " + linked.getError().message());
  return {(*linked)->getBufferStart(), (*linked)->getBufferEnd()};
}

}  // namespace kiln::aot
