// The CPU features the runtime can detect without LLVM, under LLVM's names. Ahead-of-time
// compilation uses only these, records which it used, and the loader checks each of them.
#pragma once

#include <span>
#include <string_view>

namespace kiln {

// The features AOT code may use beyond the architecture's baseline (empty off x86-64).
std::span<const std::string_view> detectable_cpu_features();

// Whether this machine (CPU and operating system) offers a feature of that list; false for any
// other name, so that code asking for an unknown feature is refused.
bool host_has_cpu_feature(std::string_view name);

}  // namespace kiln
