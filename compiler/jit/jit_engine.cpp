// The ORC setup: one ExecutionSession with a JITLink object linker for the whole process.
#include "jit/jit_engine.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutorProcessControl.h>
#include <llvm/Support/Error.h>

#include "jit/code_range_plugin.h"
#include "kiln/abi.h"
#include "kiln/error.h"

namespace kiln::jit {
namespace {

[[noreturn]] void fail(const std::string& what, llvm::Error error) {
  throw Error(ErrorKind::Io, what + ": " + llvm::toString(std::move(error)));
}

template <typename Function>
llvm::orc::ExecutorSymbolDef runtime_symbol(Function* function) {
  return {llvm::orc::ExecutorAddr::fromPtr(function), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
}

}  // namespace

JitEngine& JitEngine::get() {
  // Deliberately leaked: compiled code may outlive every other static object (an instance held
  // by a static of the embedder), and ORC sessions cannot be torn down while code is alive.
  static JitEngine* engine = new JitEngine();
  return *engine;
}

JitEngine::JitEngine() {
  auto process_control = llvm::orc::SelfExecutorProcessControl::Create();
  if (!process_control) fail("cannot start the JIT", process_control.takeError());
  session_ = std::make_unique<llvm::orc::ExecutionSession>(std::move(*process_control));
  linker_ = std::make_unique<llvm::orc::ObjectLinkingLayer>(*session_);
  linker_->addPlugin(std::make_unique<CodeRangePlugin>());
  runtime_dylib_ = &session_->createBareJITDylib("kiln_runtime");
  define_runtime_symbols();
}

void JitEngine::define_runtime_symbols() {
  llvm::orc::SymbolMap symbols;
  auto add = [&](const char* name, llvm::orc::ExecutorSymbolDef definition) {
    symbols[session_->intern(name)] = definition;
  };
  add("kiln_rt_memory_grow", runtime_symbol(&kiln_rt_memory_grow));
  add("kiln_rt_memory_fill", runtime_symbol(&kiln_rt_memory_fill));
  add("kiln_rt_memory_copy", runtime_symbol(&kiln_rt_memory_copy));
  add("kiln_rt_memory_init", runtime_symbol(&kiln_rt_memory_init));
  add("kiln_rt_data_drop", runtime_symbol(&kiln_rt_data_drop));
  add("kiln_rt_table_grow", runtime_symbol(&kiln_rt_table_grow));
  add("kiln_rt_table_fill", runtime_symbol(&kiln_rt_table_fill));
  add("kiln_rt_table_copy", runtime_symbol(&kiln_rt_table_copy));
  add("kiln_rt_table_init", runtime_symbol(&kiln_rt_table_init));
  add("kiln_rt_elem_drop", runtime_symbol(&kiln_rt_elem_drop));
  add("kiln_rt_trap", runtime_symbol(&kiln_rt_trap));
  if (llvm::Error error = runtime_dylib_->define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    fail("cannot define the runtime functions for the JIT", std::move(error));
  }
  // LLVM may lower some intrinsics to C library calls (libm's rounding functions on CPUs
  // without the instructions); those resolve in the process.
  auto process_symbols = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess('\0');
  if (!process_symbols) fail("cannot search the process for symbols", process_symbols.takeError());
  runtime_dylib_->addGenerator(std::move(*process_symbols));
}

llvm::orc::JITDylib& JitEngine::add_objects(std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects) {
  llvm::orc::JITDylib& dylib =
      session_->createBareJITDylib("kiln_module_" + std::to_string(next_dylib_id_.fetch_add(1)));
  dylib.addToLinkOrder(*runtime_dylib_);
  for (std::unique_ptr<llvm::MemoryBuffer>& object : objects) {
    if (llvm::Error error = linker_->add(dylib, std::move(object))) {
      remove(dylib);
      fail("cannot link compiled code", std::move(error));
    }
  }
  return dylib;
}

std::vector<const void*> JitEngine::lookup(llvm::orc::JITDylib& dylib, const std::vector<std::string>& symbols) {
  llvm::orc::SymbolLookupSet lookup_set;
  std::vector<llvm::orc::SymbolStringPtr> interned;
  for (const std::string& name : symbols) {
    interned.push_back(session_->intern(name));
    lookup_set.add(interned.back());
  }
  auto found = session_->lookup(llvm::orc::makeJITDylibSearchOrder(&dylib), std::move(lookup_set));
  if (!found) fail("cannot link compiled code", found.takeError());
  std::vector<const void*> addresses;
  for (const llvm::orc::SymbolStringPtr& name : interned) {
    addresses.push_back((*found)[name].getAddress().toPtr<const void*>());
  }
  return addresses;
}

void JitEngine::remove(llvm::orc::JITDylib& dylib) {
  // Removal fails only if the dylib is already gone, which cannot happen for one we own.
  llvm::consumeError(session_->removeJITDylib(dylib));
}

}  // namespace kiln::jit
