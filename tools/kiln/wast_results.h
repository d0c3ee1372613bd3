// Judging assert_return: the values an action produced against the script's expected results, with NaN classes
// and lane-wise vector comparison.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "text/wast.h"

namespace kiln::cli {

// Nullopt when `actual` matches `expected`, else what differed.
std::optional<std::string> compare_results(const std::vector<text::WastResult>& expected,
                                           const std::vector<text::WastValue>& actual);

}  // namespace kiln::cli
