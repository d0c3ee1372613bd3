// A minimal instance for code generation tests: compiles a WAT module with the JIT and fills a
// VMContext by hand (memory 0, globals from constant initializers, one funcref table from
// active segments, host imports), so that compiled code can be run without the runtime's
// instances. Calls go through the entry trampolines inside call_with_trap_handling.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "kiln/abi.h"
#include "kiln/compiled_code.h"
#include "kiln/linear_memory.h"
#include "kiln/module.h"
#include "kiln/trap.h"

namespace kiln::test {

// A host function for an import: reads its arguments from and writes its results to the slots.
using HostCallback = std::function<void(abi::ValueSlot* slots)>;

struct CallOutcome {
  std::vector<uint64_t> results;  // each result's low 8 bytes (floats as their bits)
  std::optional<TrapKind> trap;
};

class JitInstance {
 public:
  // `hosts` serve the module's function imports, in order.
  explicit JitInstance(std::string_view wat, unsigned opt_level = 2, std::vector<HostCallback> hosts = {});
  ~JitInstance();

  // Calls an exported function with arguments given as bits (i32 and f32 in the low 32).
  CallOutcome call(std::string_view export_name, std::vector<uint64_t> args = {});
  // The single result of a call that must not trap.
  uint64_t result(std::string_view export_name, std::vector<uint64_t> args = {});
  // The trap a call must end with.
  std::optional<TrapKind> trap(std::string_view export_name, std::vector<uint64_t> args = {});

  uint8_t* memory() { return memory_->base(); }
  abi::VMContext& vmctx() { return vmctx_; }

 private:
  struct Host : abi::HostFunction {
    HostCallback callback;
  };

  void set_up_memory();
  void set_up_globals();
  void set_up_functions();
  void set_up_table();

  Module module_;
  std::shared_ptr<const CompiledCode> code_;
  abi::VMContext vmctx_{};
  std::unique_ptr<LinearMemory> memory_;
  abi::MemoryExtent memory_extent_{};
  std::vector<abi::GlobalCell> global_cells_;
  std::vector<abi::GlobalCell*> global_pointers_;
  std::vector<uint32_t> type_ids_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<abi::ImportedFunction> imported_functions_;
  std::vector<abi::FuncRef> func_refs_;
  std::vector<void*> table_elements_;
  abi::TableExtent table_extent_{};
  abi::TableExtent* table_pointer_ = nullptr;
};

}  // namespace kiln::test
