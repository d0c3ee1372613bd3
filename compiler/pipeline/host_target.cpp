// Host target queries through LLVM.
#include "pipeline/host_target.h"

#include <algorithm>
#include <vector>

#include <llvm/Config/llvm-config.h>
#include <llvm/TargetParser/Host.h>

namespace kiln {

std::string llvm_version() { return LLVM_VERSION_STRING; }

std::string host_target_triple() { return llvm::sys::getProcessTriple(); }

std::string host_cpu_name() { return llvm::sys::getHostCPUName().str(); }

std::string host_cpu_features() {
  std::vector<std::string> enabled;
  for (const auto& feature : llvm::sys::getHostCPUFeatures())
    if (feature.second) enabled.push_back("+" + feature.first().str());
  std::sort(enabled.begin(), enabled.end());
  std::string joined;
  for (const auto& name : enabled) {
    if (!joined.empty()) joined += ',';
    joined += name;
  }
  return joined;
}

}  // namespace kiln
