// What LLVM knows about the machine kiln runs on: its version, the host CPU and its features.
// These key compile caches and are recorded in compiled objects.
#pragma once

#include <memory>
#include <string>

namespace llvm {
class TargetMachine;
}  // namespace llvm

namespace kiln {

std::string llvm_version();
std::string host_target_triple();
std::string host_cpu_name();
// The enabled features of the host CPU, sorted, as "+avx2,+bmi2,…".
std::string host_cpu_features();

// A target machine for the host CPU with all its features, generating position-independent
// code at optimization level `opt_level` (0..3). Throws kiln::Error when LLVM has no backend
// for the host.
std::unique_ptr<llvm::TargetMachine> create_host_target_machine(unsigned opt_level);

// The same for the host triple with an explicit CPU and feature string ("+avx2,-avx512f,…"), as
// ahead-of-time compilation chooses them.
std::unique_ptr<llvm::TargetMachine> create_target_machine(const std::string& cpu, const std::string& features,
                                                           unsigned opt_level);

}  // namespace kiln
