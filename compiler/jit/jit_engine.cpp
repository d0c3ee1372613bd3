// The ORC setup: one ExecutionSession with a JITLink object linker for the whole process.
#include "jit/jit_engine.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutorProcessControl.h>
#include <llvm/Support/Error.h>

#include "jit/code_range_plugin.h"
#include "kiln/error.h"

namespace kiln::jit {
namespace {

[[noreturn]] void fail(const std::string& what, llvm::Error error) {
  throw Error(ErrorKind::Io, what + ": " + llvm::toString(std::move(error)));
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
  add_process_symbols();
}

void JitEngine::add_process_symbols() {
  // Compiled code reaches the runtime through the table in its own module (abi.h), not by
  // symbol; but LLVM may lower some intrinsics to C library calls (libm's rounding functions on
  // CPUs without the instructions), and those resolve in the process.
  auto process_symbols = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess('\0');
  if (!process_symbols) fail("cannot search the process for symbols", process_symbols.takeError());
  runtime_dylib_->addGenerator(std::move(*process_symbols));
}

llvm::orc::JITDylib& JitEngine::create_dylib() {
  llvm::orc::JITDylib& dylib =
      session_->createBareJITDylib("kiln_module_" + std::to_string(next_dylib_id_.fetch_add(1)));
  dylib.addToLinkOrder(*runtime_dylib_);
  return dylib;
}

llvm::orc::JITDylib& JitEngine::add_objects(std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects) {
  llvm::orc::JITDylib& dylib = create_dylib();
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
