// The compilation pipeline the JIT and AOT share: codegen → optimization → object code, for the
// whole module at once or, with CompileOptions::threads ≠ 1, for partitions of its functions
// compiled on threads of their own, each into an object of its own.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

#include "kiln/code_map.h"
#include "kiln/jit.h"
#include "kiln/module.h"

namespace kiln {

struct CompiledObjects {
  // Linked together they define every function, trampoline and thunk, and the runtime table once.
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;
  CodeMap code_map;  // of all the objects together
};

// How one partition is compiled: a target machine of its own (called on the partition's thread),
// and what to do to its IR before optimization (may be empty).
struct PartitionTarget {
  std::function<std::unique_ptr<llvm::TargetMachine>()> make_machine;
  std::function<void(llvm::Module&)> prepare;
};

// One partition's object and code map, and the time each of its phases took.
struct PartitionResult {
  std::unique_ptr<llvm::MemoryBuffer> object;
  CodeMap code_map;
  double ir_emission = 0;
  double optimization = 0;
  double codegen = 0;
};

namespace codegen {
struct CodegenPart;
}

// Compiles the functions `part` names (all of them when null) on the calling thread.
PartitionResult compile_partition(const Module& module, const CompileOptions& options, const PartitionTarget& target,
                                  const codegen::CodegenPart* part);

inline constexpr unsigned kMaxPartitions = 256;

// The partition count CompileOptions::threads asks for (0: the hardware's thread count), at
// most kMaxPartitions.
unsigned partition_count(const CompileOptions& options);

// Compiles a validated module into objects; records phase times in options.stats when set.
// Throws kiln::Error when LLVM cannot compile it.
CompiledObjects compile_objects(const Module& module, const CompileOptions& options, const PartitionTarget& target);

}  // namespace kiln
