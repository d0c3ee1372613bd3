// Choosing the CPU features of AOT code: the code is generated for the baseline CPU with the
// chosen features added one by one, never for a CPU name that implies features nobody checks.
#include "aot/aot_target.h"

#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>

#include "kiln/cpu_features.h"
#include "kiln/error.h"
#include "pipeline/host_target.h"

namespace kiln::aot {
namespace {

#if defined(__x86_64__)
constexpr const char* kBaselineCpu = "x86-64";
#else
constexpr const char* kBaselineCpu = "generic";
#endif

// The features of a named CPU model, as LLVM knows them.
std::vector<std::string> features_of(const std::string& cpu) {
  std::string triple = host_target_triple();
  std::string problem;
  create_host_target_machine(0);  // initializes the native target
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, problem);
  if (target == nullptr) throw Error(ErrorKind::Io, "no LLVM backend for " + triple + ": " + problem);
  std::unique_ptr<llvm::MCSubtargetInfo> info(target->createMCSubtargetInfo(triple, cpu, ""));
  if (!info || !info->isCPUStringValid(cpu)) throw Error(ErrorKind::Io, "unknown target CPU '" + cpu + "'");
  std::vector<std::string> features;
  for (std::string_view feature : detectable_cpu_features()) {
    std::string name(feature);
    if (info->checkFeatures("+" + name)) features.push_back(name);
  }
  return features;
}

}  // namespace

AotTarget choose_aot_target(const std::string& target_cpu, unsigned opt_level) {
  AotTarget target;
  if (target_cpu == "host") {
    target.tune_cpu = host_cpu_name();
    for (std::string_view feature : detectable_cpu_features())
      if (host_has_cpu_feature(feature)) target.features.emplace_back(feature);
  } else if (target_cpu == "generic") {
    target.tune_cpu = "generic";
  } else {
    target.tune_cpu = target_cpu;
    target.features = features_of(target_cpu);
  }
  std::string features;
  for (const std::string& feature : target.features) features += (features.empty() ? "+" : ",+") + feature;
  target.machine = create_target_machine(kBaselineCpu, features, opt_level);
  return target;
}

}  // namespace kiln::aot
