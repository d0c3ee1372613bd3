// Loading AOT shared objects: check everything that can be checked before and after dlopen,
// fill the module's runtime function table, and register its code with the trap handler.
#include <dlfcn.h>
#include <link.h>

#include <cstring>
#include <fstream>

#include "elf_check.h"
#include "kiln/aot_format.h"
#include "kiln/compiled_module.h"
#include "kiln/cpu_features.h"
#include "kiln/error.h"
#include "kiln/module_serialization.h"
#include "kiln/symbol_names.h"
#include "trap_handler.h"

namespace kiln {
namespace {

// Compiled code that lives in a dlopen'ed shared object.
class SharedObjectCode : public CompiledCode {
 public:
  explicit SharedObjectCode(void* handle) : handle_(handle) {}
  ~SharedObjectCode() override {
    for (const void* begin : code_ranges_) unregister_code_range(begin);
    dlclose(handle_);
  }
  SharedObjectCode(const SharedObjectCode&) = delete;
  SharedObjectCode& operator=(const SharedObjectCode&) = delete;

  void* handle() const { return handle_; }
  // Registers the object's executable segments with the trap handler, until destruction.
  void register_code(const std::string& path);

 private:
  void* handle_;
  std::vector<const void*> code_ranges_;
};

void SharedObjectCode::register_code(const std::string& path) {
  link_map* map = nullptr;
  // Without its ranges registered, a fault in the code would crash the process instead of trapping.
  if (dlinfo(handle_, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr)
    throw Error(ErrorKind::Io, path + ": cannot find the loaded code: " + dlerror());
  struct Search {
    ElfW(Addr) base;
    std::vector<std::pair<const void*, size_t>> ranges;
  } search{map->l_addr, {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* wanted = static_cast<Search*>(data);
        if (info->dlpi_addr != wanted->base) return 0;
        for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type == PT_LOAD && (segment.p_flags & PF_X))
            wanted->ranges.emplace_back(reinterpret_cast<const void*>(info->dlpi_addr + segment.p_vaddr),
                                        segment.p_memsz);
        }
        return 1;
      },
      &search);
  for (auto [begin, size] : search.ranges) {
    register_code_range(begin, size);
    code_ranges_.push_back(begin);
  }
}

std::vector<uint8_t> read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) throw Error(ErrorKind::Io, path + ": cannot open the file");
  std::vector<uint8_t> bytes(static_cast<size_t>(file.tellg()));
  file.seekg(0);
  if (!file.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size())))
    throw Error(ErrorKind::Io, path + ": cannot read the file");
  return bytes;
}

void check_cpu_features(const aot::Header& header, const std::string& path) {
  std::string missing;
  for (const std::string& feature : header.cpu_features) {
    if (host_has_cpu_feature(feature)) continue;
    if (!missing.empty()) missing += ", ";
    missing += feature;
  }
  if (!missing.empty())
    throw Error(ErrorKind::Malformed, path + ": compiled for a CPU with " + missing +
                                          ", which this CPU lacks; compile it again here or with --target-cpu generic");
}

}  // namespace

CompiledModule CompiledModule::load_precompiled(const std::string& path) {
  detail::check_elf_shared_object(read_whole_file(path), path);
  // A name without a slash would send dlopen searching the library path rather than opening the file.
  std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw Error(ErrorKind::Malformed, path + ": cannot load: " + dlerror());
  // From here the handle belongs to `code`, which closes it on every error path.
  auto code = std::make_shared<SharedObjectCode>(handle);
  auto symbol = [&](const std::string& name) {
    void* address = dlsym(handle, name.c_str());
    if (address == nullptr) throw Error(ErrorKind::Malformed, path + ": not a kiln shared object (no " + name + ")");
    return address;
  };
  const auto* metadata_size = static_cast<const uint64_t*>(symbol(aot::kMetadataSizeSymbol));
  const auto* metadata_bytes = static_cast<const uint8_t*>(symbol(aot::kMetadataSymbol));
  // The stored size is only trusted when the symbol table agrees: reading past the symbol could
  // leave the mapping.
  Dl_info info;
  void* symbol_entry = nullptr;
  if (dladdr1(metadata_bytes, &info, &symbol_entry, RTLD_DL_SYMENT) == 0 || symbol_entry == nullptr ||
      static_cast<const ElfW(Sym)*>(symbol_entry)->st_size != *metadata_size)
    throw Error(ErrorKind::Malformed,
                path + ": kiln metadata: its size does not match its symbol's; the file is corrupted");
  aot::Metadata metadata;
  std::shared_ptr<const Module> module;
  try {
    metadata = aot::read_metadata({metadata_bytes, size_t(*metadata_size)});
    module = std::make_shared<const Module>(deserialize_module(metadata.module));
  } catch (const Error& error) {
    throw Error(ErrorKind::Malformed, path + ": " + error.message());
  }
  check_cpu_features(metadata.header, path);

  for (uint32_t index = module->num_imported_functions; index < module->functions.size(); ++index)
    code->functions.push_back(symbol(abi::function_symbol(index)));
  for (uint32_t type_index = 0; type_index < module->types.size(); ++type_index) {
    code->entries.push_back(reinterpret_cast<abi::EntryTrampoline>(symbol(abi::entry_symbol(type_index))));
    code->host_thunks.push_back(symbol(abi::host_thunk_symbol(type_index)));
  }
  code->bounds_checks = metadata.header.bounds_checks;
  code->guard_bytes = metadata.header.guard_bytes;
  code->interruptible = metadata.header.interruptible;
  code->consumes_fuel = metadata.header.consumes_fuel;
  for (const auto& [name, blob] : metadata.extra_blobs) {
    if (name != aot::kCodeMapBlob) continue;
    std::optional<CodeMap> map = CodeMap::deserialize(blob);
    if (!map || map->functions.size() != code->functions.size())
      throw Error(ErrorKind::Malformed, path + ": kiln metadata: its code map is corrupted");
    code->code_map = std::move(*map);
  }
  // A second load of the same file shares the mapping (and table) with the first, whose code may
  // be running: write the table only when it is not filled yet.
  auto* table = static_cast<const void**>(symbol(abi::kRuntimeTableSymbol));
  if (std::memcmp(table, abi::runtime_function_table(), sizeof(void*) * abi::kRuntimeFunctionCount) != 0)
    std::memcpy(table, abi::runtime_function_table(), sizeof(void*) * abi::kRuntimeFunctionCount);
  code->register_code(path);
  return CompiledModule(std::move(module), std::move(code));
}

}  // namespace kiln
