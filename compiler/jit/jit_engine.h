// The process-wide ORC session that links compiled modules into memory. Each compiled module
// gets its own JITDylib, which links against a shared one that finds C library symbols in the process.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>
#include <llvm/Support/MemoryBuffer.h>

namespace kiln::jit {

class JitEngine {
 public:
  // The engine lives until the process ends (see jit_engine.cpp for why it is never destroyed).
  static JitEngine& get();

  // Adds object files (one module's partitions) to a new JITDylib, which the caller owns and
  // must remove(); they link against each other there.
  llvm::orc::JITDylib& add_objects(std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects);
  // Links the dylib's objects (on first use) and returns the addresses of `symbols`, in order.
  // Both throw kiln::Error when linking fails.
  std::vector<const void*> lookup(llvm::orc::JITDylib& dylib, const std::vector<std::string>& symbols);
  // Frees a JITDylib's code; its ranges leave the trap handler first.
  void remove(llvm::orc::JITDylib& dylib);

  // For lazy compilation, which builds its own JITDylibs: a new empty one that links against the
  // process's C library symbols (the caller owns it and must remove() it), the session and the
  // linker.
  llvm::orc::JITDylib& create_dylib();
  llvm::orc::JITDylib& runtime_dylib() { return *runtime_dylib_; }
  llvm::orc::ExecutionSession& session() { return *session_; }
  llvm::orc::ObjectLinkingLayer& linker() { return *linker_; }

 private:
  JitEngine();
  void add_process_symbols();

  std::unique_ptr<llvm::orc::ExecutionSession> session_;
  std::unique_ptr<llvm::orc::ObjectLinkingLayer> linker_;
  llvm::orc::JITDylib* runtime_dylib_ = nullptr;
  std::atomic<uint64_t> next_dylib_id_{0};
};

}  // namespace kiln::jit
