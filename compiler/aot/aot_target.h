// The target of ahead-of-time code: a baseline CPU plus only the features the runtime's loader
// can detect (kiln/cpu_features.h), so that the loader can refuse code this CPU cannot run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <llvm/Target/TargetMachine.h>

namespace kiln::aot {

struct AotTarget {
  std::string tune_cpu;               // the CPU scheduling is tuned for
  std::vector<std::string> features;  // beyond the baseline, each checked at load time
  std::unique_ptr<llvm::TargetMachine> machine;
};

// `target_cpu` is "host", "generic" or an LLVM CPU name. Throws kiln::Error for unknown names.
AotTarget choose_aot_target(const std::string& target_cpu, unsigned opt_level);

}  // namespace kiln::aot
