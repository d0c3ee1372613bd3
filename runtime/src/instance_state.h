// What an instance is made of inside the runtime: the VMContext and every array it points to,
// the instance's segments, and the records through which it calls host functions.
#pragma once

#include <memory>
#include <vector>

#include "kiln/abi.h"
#include "kiln/compiled_module.h"
#include "kiln/host_function.h"

namespace kiln {

class Store;
class Memory;
class Table;
class Global;
class Instance;

namespace detail {

struct InstanceState {
  InstanceState(Store& owner, const CompiledModule& compiled_module) : store(owner), compiled(compiled_module) {}
  const Module& module() const { return compiled.module(); }

  Store& store;
  Instance* self = nullptr;
  CompiledModule compiled;
  abi::VMContext vmctx{};

  std::vector<uint32_t> type_ids;  // per type index
  std::vector<Memory*> memories;
  std::vector<abi::MemoryExtent*> memory_extents;
  std::vector<Table*> tables;
  std::vector<abi::TableExtent*> table_extents;
  std::vector<Global*> globals;
  std::vector<abi::GlobalCell*> global_cells;
  std::vector<abi::ImportedFunction> imported_functions;
  std::vector<HostFunc*> imported_hosts;                 // per imported function: its host function, or null
  std::unique_ptr<ImportedHostFunction[]> host_records;  // per imported function
  std::vector<abi::FuncRef> func_refs;                   // per function index
  std::vector<std::vector<void*>> elements;              // per element segment: its references; empty once dropped
  std::vector<bool> data_dropped;                        // per data segment
};

}  // namespace detail
}  // namespace kiln
