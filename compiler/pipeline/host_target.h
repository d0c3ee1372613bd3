// What LLVM knows about the machine kiln runs on: its version, the host CPU and its features.
// These key compile caches and are recorded in compiled objects.
#pragma once

#include <string>

namespace kiln {

std::string llvm_version();
std::string host_target_triple();
std::string host_cpu_name();
// The enabled features of the host CPU, sorted, as "+avx2,+bmi2,…".
std::string host_cpu_features();

}  // namespace kiln
