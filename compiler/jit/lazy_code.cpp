// Lazy compilation with ORC's lazy re-exports. Each module gets two JITDylibs:
//   - "stubs": the object compiled up front (entry trampolines, host thunks, the runtime table)
//     and, per defined function, a lazy re-export of its symbol: an indirect stub whose pointer
//     starts at a call-through trampoline and is set to the body once that is compiled;
//   - "bodies": a LazyGroupUnit per function group (a function and the small functions it calls
//     first, compiled together so that they can be inlined). Its link order leaves itself out, so
//     a group's calls into other groups resolve to their stubs and linking one group never
//     compiles another; calls within a group stay direct.
// Everything that takes a function's address (table entries, ref.func, exports, the start
// function) takes it from CompiledCode::functions, which are the stubs. ORC's stubs rather than
// kiln's own: its x86-64 resolver saves every argument register (the C ones, which `tailcc` uses
// too) and leaves the stack as the caller made it, so it serves every wasm signature, and its
// lookups make a second thread calling a function that is being compiled wait for that compile.
#include "jit/lazy_code.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <optional>
#include <thread>

#include <llvm/TargetParser/Host.h>

#include "codegen/module_codegen.h"
#include "codegen/symbol_names.h"
#include "jit/jit_engine.h"
#include "jit/lazy_group_unit.h"
#include "kiln/error.h"
#include "kiln/trap.h"
#include "pipeline/function_partitioner.h"
#include "pipeline/host_target.h"
#include "pipeline/partitioned_compile.h"

namespace kiln::jit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

[[noreturn]] void fail(const std::string& what, llvm::Error error) {
  throw Error(ErrorKind::Io, what + ": " + llvm::toString(std::move(error)));
}

// Lazily compiled code runs in this process: the host's CPU, as eager JIT code.
PartitionTarget host_target(const CompileOptions& options) {
  return {.make_machine = [level = options.opt_level] { return create_host_target_machine(level); }, .prepare = {}};
}

// A first call compiles on the calling thread's behalf, and that thread may be deep in a wasm
// recursion, near the end of its stack: LLVM gets a fresh thread with a full stack instead.
PartitionResult compile_on_fresh_stack(const Module& module, const CompileOptions& options,
                                       const codegen::CodegenPart& part) {
  std::optional<PartitionResult> result;
  std::exception_ptr failure;
  std::thread thread([&] {
    try {
      result = compile_partition(module, options, host_target(options), &part);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  thread.join();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

// Where a call lands when its function could not be compiled (the error is already reported):
// the caller passed its vmctx first, as the wasm convention does, so it can end the call with a
// trap through the runtime's table.
__attribute__((noinline)) void compile_failed(abi::VMContext* vmctx) {
  auto trap = reinterpret_cast<void (*)(abi::VMContext*, uint32_t)>(
      const_cast<void*>(abi::runtime_function_table()[abi::kRtTrap]));
  trap(vmctx, static_cast<uint32_t>(TrapKind::CompileFailed));
}

}  // namespace

LazyCode::LazyCode(const Module& module, const CompileOptions& options)
    : module_(std::make_shared<const Module>(module)), options_(options), engine_(JitEngine::get()) {
  options_.stats = nullptr;  // the caller's stats need not outlive the code; stats() reports instead
  uint32_t defined_count = static_cast<uint32_t>(module_->num_defined_functions());
  code_map.functions.resize(defined_count);
  body_starts_.assign(defined_count, 0);
  stats_.functions_total = defined_count;
  bounds_checks = options.bounds_checks;
  guard_bytes = options.guard_bytes;
  interruptible = options.interruptible;
  consumes_fuel = options.consume_fuel;

  Clock::time_point start = Clock::now();
  PartitionResult shared = compile_on_fresh_stack(*module_, options_, codegen::CodegenPart{.functions = {}});
  if (options.stats) {
    options.stats->partitions = 1;
    options.stats->threads = 1;
    options.stats->ir_emission += shared.ir_emission;
    options.stats->optimization += shared.optimization;
    options.stats->codegen += shared.codegen;
    options.stats->parallel_wall += seconds_since(start);
  }
  start = Clock::now();
  stubs_dylib_ = &engine_.create_dylib();
  bodies_dylib_ = &engine_.create_dylib();
  try {
    bodies_dylib_->setLinkOrder({{stubs_dylib_, llvm::orc::JITDylibLookupFlags::MatchAllSymbols},
                                 {&engine_.runtime_dylib(), llvm::orc::JITDylibLookupFlags::MatchAllSymbols}},
                                false);
    if (llvm::Error error = engine_.linker().add(*stubs_dylib_, std::move(shared.object)))
      fail("cannot link compiled code", std::move(error));
    define_groups();
    define_stubs();
    look_up_symbols();
  } catch (...) {
    engine_.remove(*bodies_dylib_);
    engine_.remove(*stubs_dylib_);
    throw;
  }
  if (options.stats) options.stats->link += seconds_since(start);
}

LazyCode::~LazyCode() {
  // The bodies link against the stubs: they go first. The stub and trampoline managers, which
  // own the stubs' memory, are destroyed after both.
  engine_.remove(*bodies_dylib_);
  engine_.remove(*stubs_dylib_);
}

void LazyCode::define_groups() {
  llvm::orc::ExecutionSession& session = engine_.session();
  std::vector<uint32_t> leaders = function_groups(*module_);
  std::vector<std::vector<uint32_t>> groups(leaders.size());
  for (uint32_t defined = 0; defined < leaders.size(); ++defined)
    groups[leaders[defined]].push_back(module_->num_imported_functions + defined);
  for (std::vector<uint32_t>& functions : groups) {
    if (functions.empty()) continue;
    llvm::orc::SymbolFlagsMap symbols;
    for (uint32_t index : functions)
      symbols[session.intern(codegen::function_symbol(index))] =
          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable;
    auto unit = std::make_unique<LazyGroupUnit>(*this, std::move(functions), std::move(symbols));
    if (llvm::Error error = bodies_dylib_->define(std::move(unit)))
      fail("cannot define lazy functions", std::move(error));
  }
}

void LazyCode::define_stubs() {
  llvm::orc::ExecutionSession& session = engine_.session();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  auto call_through =
      llvm::orc::createLocalLazyCallThroughManager(triple, session, llvm::orc::ExecutorAddr::fromPtr(&compile_failed));
  if (!call_through) fail("cannot set up lazy compilation", call_through.takeError());
  call_through_ = std::move(*call_through);
  stub_manager_ = llvm::orc::createLocalIndirectStubsManagerBuilder(triple)();
  llvm::orc::SymbolAliasMap aliases;
  for (uint32_t index = module_->num_imported_functions; index < module_->functions.size(); ++index) {
    llvm::orc::SymbolStringPtr name = session.intern(codegen::function_symbol(index));
    aliases[name] = {name, llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  }
  if (llvm::Error error = stubs_dylib_->define(
          llvm::orc::lazyReexports(*call_through_, *stub_manager_, *bodies_dylib_, std::move(aliases))))
    fail("cannot define lazy functions", std::move(error));
}

void LazyCode::look_up_symbols() {
  const Module& module = *module_;
  std::vector<std::string> symbols;
  for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index)
    symbols.push_back(codegen::function_symbol(index));
  for (uint32_t type_index = 0; type_index < module.types.size(); ++type_index) {
    symbols.push_back(codegen::entry_symbol(type_index));
    symbols.push_back(codegen::host_thunk_symbol(type_index));
  }
  symbols.push_back(abi::kRuntimeTableSymbol);
  // Looking the function symbols up in the stubs' dylib makes the stubs, not the bodies.
  std::vector<const void*> addresses = engine_.lookup(*stubs_dylib_, symbols);
  functions.assign(addresses.begin(), addresses.begin() + module.num_defined_functions());
  size_t next = module.num_defined_functions();
  for (uint32_t type_index = 0; type_index < module.types.size(); ++type_index) {
    entries.push_back(reinterpret_cast<abi::EntryTrampoline>(const_cast<void*>(addresses[next++])));
    host_thunks.push_back(addresses[next++]);
  }
  // Before any of the code can run: how it reaches the runtime (abi.h). Bodies linked later
  // refer to this same table.
  std::memcpy(const_cast<void*>(addresses[next]), abi::runtime_function_table(),
              sizeof(void*) * abi::kRuntimeFunctionCount);
}

void LazyCode::materialize_group(std::unique_ptr<llvm::orc::MaterializationResponsibility> responsibility,
                                 const std::vector<uint32_t>& functions) {
  PartitionResult part;
  try {
    part = compile_on_fresh_stack(*module_, options_,
                                  codegen::CodegenPart{.functions = functions, .defines_shared = false});
  } catch (const std::exception& error) {
    // Validation should have made this impossible; the call that needed the code traps.
    engine_.session().reportError(llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "cannot compile wasm function " + module_->function_name(functions.front()) + ": " + error.what()));
    responsibility->failMaterialization();
    std::lock_guard lock(mutex_);
    ++stats_.failures;
    return;
  }
  {
    std::lock_guard lock(mutex_);
    for (uint32_t index : functions) {
      uint32_t defined = index - module_->num_imported_functions;
      code_map.functions[defined] = std::move(part.code_map.functions[defined]);
      unlocated_.push_back(defined);
    }
    stats_.functions_compiled += static_cast<uint32_t>(functions.size());
    ++stats_.groups_compiled;
    stats_.ir_emission += part.ir_emission;
    stats_.optimization += part.optimization;
    stats_.codegen += part.codegen;
  }
  Clock::time_point start = Clock::now();
  engine_.linker().emit(std::move(responsibility), std::move(part.object));
  std::lock_guard lock(mutex_);
  stats_.link += seconds_since(start);
}

void LazyCode::learn_body_starts() const {
  std::vector<uint32_t> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(unlocated_);
  }
  if (pending.empty()) return;
  // The bodies were compiled (their map entries set) before this lookup, which waits until they
  // are linked and never compiles anything new.
  llvm::orc::ExecutionSession& session = engine_.session();
  llvm::orc::SymbolLookupSet lookup_set;
  for (uint32_t defined : pending)
    lookup_set.add(session.intern(codegen::function_symbol(module_->num_imported_functions + defined)));
  auto found = session.lookup(llvm::orc::makeJITDylibSearchOrder(bodies_dylib_), std::move(lookup_set));
  if (!found) {
    // A group that failed to link has no code to find.
    llvm::consumeError(found.takeError());
    return;
  }
  std::lock_guard lock(mutex_);
  for (uint32_t defined : pending) {
    auto symbol = found->find(session.intern(codegen::function_symbol(module_->num_imported_functions + defined)));
    if (symbol != found->end()) body_starts_[defined] = symbol->second.getAddress().getValue();
  }
}

std::optional<CompiledCode::CodePosition> LazyCode::find_code(uintptr_t pc) const {
  learn_body_starts();
  std::lock_guard lock(mutex_);
  for (uint32_t defined = 0; defined < body_starts_.size(); ++defined) {
    uintptr_t begin = body_starts_[defined];
    if (begin != 0 && pc >= begin && pc - begin < code_map.functions[defined].code_size)
      return CodePosition{defined, static_cast<uint32_t>(pc - begin)};
  }
  return std::nullopt;
}

LazyCompileStats LazyCode::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace kiln::jit
