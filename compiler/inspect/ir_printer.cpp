// print_ir: the inspected module with its defined functions renamed to their wasm names, cut
// down to the chosen functions (the others become declarations), and printed with a comment
// giving each instruction's wasm byte offset.
#include <algorithm>
#include <map>

#include <llvm/IR/AssemblyAnnotationWriter.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/FormattedStream.h>

#include "codegen/symbol_names.h"
#include "inspect/inspection.h"

namespace kiln {
namespace {

class OffsetComments : public llvm::AssemblyAnnotationWriter {
 public:
  OffsetComments(const Module& module, std::map<const llvm::Function*, uint32_t> indices)
      : module_(module), indices_(std::move(indices)) {}

  void emitFunctionAnnot(const llvm::Function* function, llvm::formatted_raw_ostream& out) override {
    auto found = indices_.find(function);
    if (found == indices_.end()) return;
    uint32_t index = found->second;
    const FunctionBody& body = module_.bodies[index - module_.num_imported_functions];
    out << "; wasm function " << index << " \"" << module_.function_name(index)
        << "\": " << to_string(module_.func_type(index)) << ", code at " << llvm::format_hex(body.code_offset, 2)
        << ", symbol " << codegen::function_symbol(index) << '\n';
  }

  void printInfoComment(const llvm::Value& value, llvm::formatted_raw_ostream& out) override {
    const auto* instruction = llvm::dyn_cast<llvm::Instruction>(&value);
    if (instruction == nullptr) return;
    const llvm::DebugLoc& location = instruction->getDebugLoc();
    // Line 0 is LLVM's mark for an instruction merged from several places.
    if (!location || location.getLine() == 0) return;
    out.PadToColumn(72);
    out << " ; wasm " << llvm::format_hex(location.getLine(), 2);
    if (location.getInlinedAt() != nullptr) out << " in " << location->getScope()->getSubprogram()->getName();
  }

 private:
  const Module& module_;
  std::map<const llvm::Function*, uint32_t> indices_;
};

// Leaves the bodies of `shown` only; what they still call stays declared.
void keep_only(llvm::Module& ir, const std::map<const llvm::Function*, uint32_t>& indices,
               const std::vector<uint32_t>& shown) {
  for (llvm::Function& function : ir) {
    auto found = indices.find(&function);
    bool keep = found != indices.end() && std::binary_search(shown.begin(), shown.end(), found->second);
    if (!keep && !function.isDeclaration()) function.deleteBody();
  }
  for (llvm::Function& function : llvm::make_early_inc_range(ir)) {
    if (function.isDeclaration() && function.use_empty()) function.eraseFromParent();
  }
}

}  // namespace

std::string print_ir(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = inspect::shown_functions(module, options);
  inspect::InspectedModule inspected = inspect::compile_for_inspection(module, options.opt_level, options.optimized);
  llvm::Module& ir = *inspected.ir;
  // All are found before any is renamed: a wasm name may be another function's symbol.
  std::vector<llvm::Function*> functions;
  for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
    functions.push_back(ir.getFunction(codegen::function_symbol(index)));
  }
  std::map<const llvm::Function*, uint32_t> indices;
  for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
    llvm::Function* function = functions[index - module.num_imported_functions];
    // LLVM makes a clashing name unique with a suffix; an empty name would leave the function
    // unnamed, and one starting with "llvm." would claim to be an intrinsic.
    std::string name = module.function_name(index);
    bool usable = !name.empty() && !llvm::StringRef(name).starts_with("llvm.");
    function->setName(usable ? name : "func[" + std::to_string(index) + "]");
    indices[function] = index;
  }
  if (!options.functions.empty()) keep_only(ir, indices, shown);
  OffsetComments comments(module, std::move(indices));
  std::string text;
  llvm::raw_string_ostream out(text);
  ir.print(out, &comments);
  return text;
}

}  // namespace kiln
