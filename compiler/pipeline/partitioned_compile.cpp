// Each partition gets its own LLVMContext, module and target machine (none of them may be shared
// between threads); its object depends only on the partition, never on thread timing.
#include "pipeline/partitioned_compile.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <llvm/IR/LLVMContext.h>

#include "codegen/module_codegen.h"
#include "pipeline/code_map_builder.h"
#include "pipeline/function_partitioner.h"
#include "pipeline/optimizer.h"

namespace kiln {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Runs every partition, `threads` at a time, taking them in order from a shared counter.
std::vector<PartitionResult> compile_partitions(const Module& module, const CompileOptions& options,
                                                const PartitionTarget& target,
                                                const std::vector<codegen::CodegenPart>& parts, unsigned threads) {
  std::vector<std::optional<PartitionResult>> results(parts.size());
  std::vector<std::exception_ptr> failures(parts.size());
  std::mutex next_lock;
  size_t next = 0;
  auto work = [&] {
    for (;;) {
      size_t index;
      {
        std::lock_guard<std::mutex> guard(next_lock);
        if (next == parts.size()) return;
        index = next++;
      }
      try {
        results[index] = compile_partition(module, options, target, &parts[index]);
      } catch (...) {
        failures[index] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned thread = 1; thread < threads; ++thread) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  // The first partition's failure, whichever thread hit it first: errors are deterministic too.
  for (std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  std::vector<PartitionResult> finished;
  for (std::optional<PartitionResult>& result : results) finished.push_back(std::move(*result));
  return finished;
}

}  // namespace

PartitionResult compile_partition(const Module& module, const CompileOptions& options, const PartitionTarget& target,
                                  const codegen::CodegenPart* part) {
  PartitionResult result;
  std::unique_ptr<llvm::TargetMachine> machine = target.make_machine();
  llvm::LLVMContext context;
  Clock::time_point start = Clock::now();
  std::unique_ptr<llvm::Module> ir = codegen::generate_llvm_module(module, context, machine->createDataLayout(),
                                                                   machine->getTargetTriple(), options, part);
  if (target.prepare) target.prepare(*ir);
  result.ir_emission = seconds_since(start);
  start = Clock::now();
  optimize_module(*ir, *machine, options.opt_level);
  result.optimization = seconds_since(start);
  start = Clock::now();
  result.object = emit_object(*ir, *machine);
  result.codegen = seconds_since(start);
  result.code_map = build_code_map(*result.object, module);
  return result;
}

unsigned partition_count(const CompileOptions& options) {
  // A thread and an LLVM context each: a mistyped count must not start thousands of them.
  if (options.threads != 0) return std::min(options.threads, kMaxPartitions);
  return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxPartitions);
}

CompiledObjects compile_objects(const Module& module, const CompileOptions& options, const PartitionTarget& target) {
  unsigned count = partition_count(options);
  std::vector<codegen::CodegenPart> parts;
  if (count > 1) {
    for (std::vector<uint32_t>& functions : partition_functions(module, count))
      parts.push_back({.functions = std::move(functions), .defines_shared = parts.empty()});
  }
  unsigned threads = std::min(count, std::max(1u, static_cast<unsigned>(parts.size())));
  Clock::time_point start = Clock::now();
  std::vector<PartitionResult> results;
  if (parts.size() <= 1) {
    results.push_back(compile_partition(module, options, target, nullptr));
  } else {
    results = compile_partitions(module, options, target, parts, threads);
  }
  CompiledObjects compiled;
  compiled.code_map.functions.resize(module.num_defined_functions());
  for (PartitionResult& result : results) {
    compiled.objects.push_back(std::move(result.object));
    // Each object's map has entries for its own functions only; the others are empty.
    for (size_t index = 0; index < result.code_map.functions.size(); ++index) {
      if (result.code_map.functions[index].code_size != 0)
        compiled.code_map.functions[index] = std::move(result.code_map.functions[index]);
    }
  }
  if (CompileStats* stats = options.stats) {
    stats->parallel_wall += seconds_since(start);
    stats->partitions = static_cast<unsigned>(results.size());
    stats->threads = threads;
    for (const PartitionResult& result : results) {
      stats->ir_emission += result.ir_emission;
      stats->optimization += result.optimization;
      stats->codegen += result.codegen;
    }
  }
  return compiled;
}

}  // namespace kiln
