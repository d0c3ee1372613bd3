// The code of a module compiled lazily (CompileOptions::lazy). Its `functions` are ORC
// call-through stubs; a stub's first call compiles the function's group and links it, and
// later calls jump straight to the body. See lazy_code.cpp for how the pieces fit.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/IndirectionUtils.h>
#include <llvm/ExecutionEngine/Orc/LazyReexports.h>

#include "kiln/compiled_code.h"
#include "kiln/jit.h"
#include "kiln/lazy_compile.h"
#include "kiln/module.h"

namespace kiln::jit {

class JitEngine;

class LazyCode : public CompiledCode {
 public:
  // Compiles the trampolines and thunks, and sets up a stub per defined function. Keeps its own
  // copy of `module`, whose bodies it compiles later. Throws kiln::Error when LLVM fails.
  LazyCode(const Module& module, const CompileOptions& options);
  ~LazyCode() override;
  LazyCode(const LazyCode&) = delete;
  LazyCode& operator=(const LazyCode&) = delete;

  std::optional<CodePosition> find_code(uintptr_t pc) const override;
  LazyCompileStats stats() const;

  // Called by a group's materialization unit on the first call of one of `functions` (indices in
  // the function index space): compiles them into one object and hands it to the linker.
  void materialize_group(std::unique_ptr<llvm::orc::MaterializationResponsibility> responsibility,
                         const std::vector<uint32_t>& functions);

 private:
  void define_groups();
  void define_stubs();
  void look_up_symbols();
  void learn_body_starts() const;

  std::shared_ptr<const Module> module_;
  CompileOptions options_;
  JitEngine& engine_;
  llvm::orc::JITDylib* stubs_dylib_ = nullptr;   // the shared object and the stubs
  llvm::orc::JITDylib* bodies_dylib_ = nullptr;  // the function groups, compiled on first call
  std::unique_ptr<llvm::orc::LazyCallThroughManager> call_through_;
  std::unique_ptr<llvm::orc::IndirectStubsManager> stub_manager_;

  mutable std::mutex mutex_;                    // guards what follows, and the code map's entries as they are set
  mutable std::vector<uintptr_t> body_starts_;  // per defined function; 0 until known
  mutable std::vector<uint32_t> unlocated_;     // compiled functions whose start is not yet looked up
  LazyCompileStats stats_;
};

}  // namespace kiln::jit
