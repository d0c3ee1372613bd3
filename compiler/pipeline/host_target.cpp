// Host target queries through LLVM.
#include "pipeline/host_target.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include <llvm/Config/llvm-config.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include "kiln/error.h"

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

std::unique_ptr<llvm::TargetMachine> create_host_target_machine(unsigned opt_level) {
  // Disabled features must be spelled out too: the CPU name implies its model's full feature
  // set, which a virtual machine may not offer (a "znver4" without AVX-512).
  std::string features;
  for (const auto& feature : llvm::sys::getHostCPUFeatures()) {
    if (!features.empty()) features += ',';
    features += (feature.second ? "+" : "-") + feature.first().str();
  }
  return create_target_machine(host_cpu_name(), features, opt_level);
}

std::unique_ptr<llvm::TargetMachine> create_target_machine(const std::string& cpu, const std::string& features,
                                                           unsigned opt_level) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  std::string triple = host_target_triple();
  std::string problem;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, problem);
  if (target == nullptr) throw Error(ErrorKind::Io, "no LLVM backend for the host " + triple + ": " + problem);
  static constexpr llvm::CodeGenOptLevel kLevels[] = {llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
                                                      llvm::CodeGenOptLevel::Default,
                                                      llvm::CodeGenOptLevel::Aggressive};
  llvm::TargetOptions options;
  // -O1 is the level for compiling fast: the fast instruction selector, as at -O0 (where LLVM
  // picks it by itself), after O1's short pass pipeline.
  options.EnableFastISel = opt_level == 1;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, llvm::CodeModel::Small, kLevels[std::min(opt_level, 3u)]));
  if (machine == nullptr) throw Error(ErrorKind::Io, "LLVM cannot make a target machine for " + triple);
  return machine;
}

}  // namespace kiln
