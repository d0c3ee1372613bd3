// Compilation for inspection and the choice of functions to show.
#include "inspect/inspection.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "codegen/module_codegen.h"
#include "kiln/jit.h"
#include "pipeline/host_target.h"
#include "pipeline/optimizer.h"

namespace kiln {

std::optional<uint32_t> find_function(const Module& module, std::string_view selector) {
  uint32_t index = 0;
  auto [end, problem] = std::from_chars(selector.data(), selector.data() + selector.size(), index);
  if (problem == std::errc() && end == selector.data() + selector.size()) {
    if (index < module.functions.size()) return index;
    return std::nullopt;
  }
  if (selector.starts_with('$')) selector.remove_prefix(1);
  for (const auto& [func_index, name] : module.names.functions) {
    if (name == selector) return func_index;
  }
  return std::nullopt;
}

namespace inspect {

InspectedModule compile_for_inspection(const Module& module, const InspectOptions& inspect_options, bool optimize) {
  unsigned opt_level = inspect_options.opt_level;
  InspectedModule inspected;
  inspected.machine = create_host_target_machine(opt_level);
  inspected.context = std::make_unique<llvm::LLVMContext>();
  CompileOptions options;
  options.opt_level = opt_level;
  options.wasm_offsets = true;
  options.trap_unused_loads = inspect_options.trap_unused_loads;
  inspected.ir = codegen::generate_llvm_module(module, *inspected.context, inspected.machine->createDataLayout(),
                                               inspected.machine->getTargetTriple(), options);
  if (optimize) optimize_module(*inspected.ir, *inspected.machine, opt_level);
  return inspected;
}

std::vector<uint32_t> shown_functions(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = options.functions;
  if (shown.empty()) {
    for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index)
      shown.push_back(index);
  }
  for (uint32_t index : shown) {
    if (index < module.num_imported_functions || index >= module.functions.size())
      throw std::invalid_argument("function " + std::to_string(index) + " is not a defined function");
  }
  std::sort(shown.begin(), shown.end());
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  return shown;
}

}  // namespace inspect
}  // namespace kiln
