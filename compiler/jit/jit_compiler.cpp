// jit_compile: codegen → optimization → object code → linked into this process by ORC.
#include "kiln/jit.h"

#include <chrono>
#include <cstring>

#include "codegen/symbol_names.h"
#include "jit/jit_engine.h"
#include "jit/lazy_code.h"
#include "kiln/error.h"
#include "pipeline/host_target.h"
#include "pipeline/partitioned_compile.h"

namespace kiln {
namespace {

// The JIT's compiled code: its symbols' addresses, valid while its JITDylib lives.
class JitCode : public CompiledCode {
 public:
  explicit JitCode(llvm::orc::JITDylib& dylib) : dylib_(dylib) {}
  ~JitCode() override { jit::JitEngine::get().remove(dylib_); }
  JitCode(const JitCode&) = delete;
  JitCode& operator=(const JitCode&) = delete;
  llvm::orc::JITDylib& dylib() const { return dylib_; }

 private:
  llvm::orc::JITDylib& dylib_;
};

}  // namespace

std::shared_ptr<const CompiledCode> jit_compile(const Module& module, const CompileOptions& options) {
  if (options.lazy) return std::make_shared<jit::LazyCode>(module, options);
  PartitionTarget target{.make_machine = [&] { return create_host_target_machine(options.opt_level); }, .prepare = {}};
  CompiledObjects compiled = compile_objects(module, options, target);

  auto link_start = std::chrono::steady_clock::now();
  jit::JitEngine& engine = jit::JitEngine::get();
  auto code = std::make_shared<JitCode>(engine.add_objects(std::move(compiled.objects)));
  code->code_map = std::move(compiled.code_map);
  std::vector<std::string> symbols;
  for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
    symbols.push_back(codegen::function_symbol(index));
  }
  for (uint32_t type_index = 0; type_index < module.types.size(); ++type_index) {
    symbols.push_back(codegen::entry_symbol(type_index));
    symbols.push_back(codegen::host_thunk_symbol(type_index));
  }
  symbols.push_back(abi::kRuntimeTableSymbol);
  code->bounds_checks = options.bounds_checks;
  code->guard_bytes = options.guard_bytes;
  code->interruptible = options.interruptible;
  code->consumes_fuel = options.consume_fuel;
  std::vector<const void*> addresses = engine.lookup(code->dylib(), symbols);
  if (options.stats)
    options.stats->link += std::chrono::duration<double>(std::chrono::steady_clock::now() - link_start).count();
  code->functions.assign(addresses.begin(), addresses.begin() + module.num_defined_functions());
  size_t next = module.num_defined_functions();
  for (uint32_t type_index = 0; type_index < module.types.size(); ++type_index) {
    code->entries.push_back(reinterpret_cast<abi::EntryTrampoline>(const_cast<void*>(addresses[next++])));
    code->host_thunks.push_back(addresses[next++]);
  }
  // Before any of the code can run: how it reaches the runtime (abi.h).
  std::memcpy(const_cast<void*>(addresses[next]), abi::runtime_function_table(),
              sizeof(void*) * abi::kRuntimeFunctionCount);
  return code;
}

}  // namespace kiln
