// Registration of JIT'd executable sections with the trap handler. Ranges are registered once
// the link graph has its final addresses and before any of its code can run.
#include "jit/code_range_plugin.h"

#include <llvm/ExecutionEngine/JITLink/JITLink.h>

#include "trap_handler.h"

namespace kiln::jit {

void CodeRangePlugin::modifyPassConfig(llvm::orc::MaterializationResponsibility& responsibility,
                                       llvm::jitlink::LinkGraph&, llvm::jitlink::PassConfiguration& config) {
  config.PostAllocationPasses.push_back(
      [this, &responsibility](llvm::jitlink::LinkGraph& graph) { return register_ranges(responsibility, graph); });
}

llvm::Error CodeRangePlugin::register_ranges(llvm::orc::MaterializationResponsibility& responsibility,
                                             llvm::jitlink::LinkGraph& graph) {
  std::vector<const void*> starts;
  for (llvm::jitlink::Section& section : graph.sections()) {
    auto protection = static_cast<unsigned>(section.getMemProt());
    if ((protection & static_cast<unsigned>(llvm::orc::MemProt::Exec)) == 0) continue;
    llvm::jitlink::SectionRange range(section);
    if (range.empty()) continue;
    const void* start = range.getStart().toPtr<const void*>();
    register_code_range(start, range.getSize());
    starts.push_back(start);
  }
  return responsibility.withResourceKeyDo([&](llvm::orc::ResourceKey key) {
    std::lock_guard lock(mutex_);
    auto& registered = ranges_[key];
    registered.insert(registered.end(), starts.begin(), starts.end());
  });
}

void CodeRangePlugin::unregister(llvm::orc::ResourceKey key) {
  std::vector<const void*> starts;
  {
    std::lock_guard lock(mutex_);
    auto it = ranges_.find(key);
    if (it == ranges_.end()) return;
    starts = std::move(it->second);
    ranges_.erase(it);
  }
  for (const void* start : starts) unregister_code_range(start);
}

llvm::Error CodeRangePlugin::notifyFailed(llvm::orc::MaterializationResponsibility& responsibility) {
  // A failed link's memory is released, so its ranges must go too.
  return responsibility.withResourceKeyDo([&](llvm::orc::ResourceKey key) { unregister(key); });
}

llvm::Error CodeRangePlugin::notifyRemovingResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey key) {
  unregister(key);
  return llvm::Error::success();
}

void CodeRangePlugin::notifyTransferringResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey destination,
                                                  llvm::orc::ResourceKey source) {
  std::lock_guard lock(mutex_);
  auto it = ranges_.find(source);
  if (it == ranges_.end()) return;
  auto& target = ranges_[destination];
  target.insert(target.end(), it->second.begin(), it->second.end());
  ranges_.erase(source);
}

}  // namespace kiln::jit
