// Partitioning by the direct call graph: each small function joins the group of its first caller
// (the caller with the lowest index); the groups are then dealt, largest first, to the partition
// with the fewest body bytes so far.
#include "pipeline/function_partitioner.h"

#include <algorithm>
#include <numeric>

#include "binary/instr_reader.h"

namespace kiln {
namespace {

// For each defined function (by defined index), the defined function that calls it first, or
// itself when no other one calls it directly.
std::vector<uint32_t> first_callers(const Module& module) {
  uint32_t imported = module.num_imported_functions;
  std::vector<uint32_t> caller(module.num_defined_functions());
  std::iota(caller.begin(), caller.end(), 0u);
  std::vector<bool> called(caller.size(), false);
  for (uint32_t defined = 0; defined < module.bodies.size(); ++defined) {
    const FunctionBody& body = module.bodies[defined];
    InstrReader reader(body.code, body.code_offset);
    while (!reader.at_end()) {
      Instr instr = reader.next();
      if (instr.op != Op::Call || instr.index < imported) continue;
      uint32_t callee = instr.index - imported;
      if (callee == defined || called[callee]) continue;
      called[callee] = true;
      caller[callee] = defined;
    }
  }
  return caller;
}

}  // namespace

std::vector<uint32_t> function_groups(const Module& module) {
  size_t defined_count = module.num_defined_functions();
  std::vector<uint32_t> caller = first_callers(module);
  // The group of a function: follow the first callers of small functions until a large function,
  // one nobody calls, or a cycle (bounded by the function count) ends the chain.
  std::vector<uint32_t> group(defined_count);
  for (uint32_t defined = 0; defined < defined_count; ++defined) {
    uint32_t at = defined;
    for (size_t steps = 0; steps < defined_count; ++steps) {
      if (module.bodies[at].code.size() > kSmallFunctionBytes || caller[at] == at) break;
      at = caller[at];
    }
    group[defined] = at;
  }
  return group;
}

std::vector<std::vector<uint32_t>> partition_functions(const Module& module, unsigned count) {
  size_t defined_count = module.num_defined_functions();
  std::vector<uint32_t> group = function_groups(module);
  std::vector<size_t> group_bytes(defined_count, 0);
  for (uint32_t defined = 0; defined < defined_count; ++defined)
    group_bytes[group[defined]] += module.bodies[defined].code.size() + 1;
  std::vector<uint32_t> leaders;
  for (uint32_t defined = 0; defined < defined_count; ++defined)
    if (group_bytes[defined] > 0) leaders.push_back(defined);
  // Largest groups first; equal sizes by index, so that the order never depends on the sort.
  std::sort(leaders.begin(), leaders.end(), [&](uint32_t a, uint32_t b) {
    return group_bytes[a] != group_bytes[b] ? group_bytes[a] > group_bytes[b] : a < b;
  });

  count = std::max(1u, std::min<unsigned>(count, static_cast<unsigned>(leaders.size())));
  std::vector<size_t> partition_bytes(count, 0);
  std::vector<uint32_t> partition_of_group(defined_count, 0);
  for (uint32_t leader : leaders) {
    unsigned lightest = static_cast<unsigned>(std::min_element(partition_bytes.begin(), partition_bytes.end()) -
                                              partition_bytes.begin());
    partition_of_group[leader] = lightest;
    partition_bytes[lightest] += group_bytes[leader];
  }
  std::vector<std::vector<uint32_t>> partitions(count);
  for (uint32_t defined = 0; defined < defined_count; ++defined)
    partitions[partition_of_group[group[defined]]].push_back(module.num_imported_functions + defined);
  std::erase_if(partitions, [](const std::vector<uint32_t>& partition) { return partition.empty(); });
  return partitions;
}

}  // namespace kiln
