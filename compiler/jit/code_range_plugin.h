// Tells the trap handler where JIT'd code lives: a JITLink plugin that registers every
// executable section of a linked object as a code range, and unregisters it when the object's
// resources are removed.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>

namespace kiln::jit {

class CodeRangePlugin : public llvm::orc::ObjectLinkingLayer::Plugin {
 public:
  void modifyPassConfig(llvm::orc::MaterializationResponsibility& responsibility, llvm::jitlink::LinkGraph& graph,
                        llvm::jitlink::PassConfiguration& config) override;
  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility& responsibility) override;
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib& dylib, llvm::orc::ResourceKey key) override;
  void notifyTransferringResources(llvm::orc::JITDylib& dylib, llvm::orc::ResourceKey destination,
                                   llvm::orc::ResourceKey source) override;

 private:
  llvm::Error register_ranges(llvm::orc::MaterializationResponsibility& responsibility,
                              llvm::jitlink::LinkGraph& graph);
  void unregister(llvm::orc::ResourceKey key);

  std::mutex mutex_;
  // The start of every range registered for a resource key (one per linked object).
  std::map<llvm::orc::ResourceKey, std::vector<const void*>> ranges_;
};

}  // namespace kiln::jit
