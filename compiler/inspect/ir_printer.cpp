// print_ir: the inspected module with its defined functions renamed to their wasm names, cut
// down to the chosen functions (the others become declarations), and printed with a comment
// giving each instruction's wasm byte offset. function_ir: the same functions' text one by one,
// each line with its offsets, for `kiln explore`.
#include <algorithm>
#include <cctype>
#include <map>

#include <llvm/IR/AssemblyAnnotationWriter.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/FormattedStream.h>

#include "codegen/symbol_names.h"
#include "inspect/inspection.h"

namespace kiln {
namespace {

// Where an instruction's line ends in the printed text, and the wasm offsets of its debug location.
struct OffsetMark {
  size_t position;
  std::vector<uint32_t> offsets;
};

class OffsetComments : public llvm::AssemblyAnnotationWriter {
 public:
  OffsetComments(const Module& module, std::map<const llvm::Function*, uint32_t> indices)
      : module_(module), indices_(std::move(indices)) {}

  // From now on, records in `marks` where each instruction's line ends in `text`, the string being
  // printed to, with its offsets, instead of writing them in a comment.
  void record_into(const std::string& text, std::vector<OffsetMark>& marks) {
    text_ = &text;
    marks_ = &marks;
  }

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
    if (marks_ == nullptr) {
      out.PadToColumn(72);
      out << " ; wasm " << llvm::format_hex(location.getLine(), 2);
      if (location.getInlinedAt() != nullptr) out << " in " << location->getScope()->getSubprogram()->getName();
      return;
    }
    out.flush();
    OffsetMark mark{text_->size(), {}};
    for (const llvm::DILocation* at = location.get(); at != nullptr; at = at->getInlinedAt()) {
      if (at->getLine() != 0) mark.offsets.push_back(at->getLine());
    }
    marks_->push_back(std::move(mark));
  }

 private:
  const Module& module_;
  std::map<const llvm::Function*, uint32_t> indices_;
  const std::string* text_ = nullptr;
  std::vector<OffsetMark>* marks_ = nullptr;
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

// Renames the defined functions to their wasm names; returns each one's function index.
std::map<const llvm::Function*, uint32_t> name_functions(const Module& module, llvm::Module& ir) {
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
  return indices;
}

// `line` without its `!dbg !N` attachments: the offsets they stand for are given beside the line.
std::string without_debug_attachments(std::string line) {
  for (size_t at; (at = line.find(" !dbg !")) != std::string::npos;) {
    size_t start = at > 0 && line[at - 1] == ',' ? at - 1 : at;
    size_t end = at + 7;
    while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
    line.erase(start, end - start);
  }
  return line;
}

// Splits `text` into lines, giving each the offsets of the marks that fall on it.
inspect::Listing split_lines(const std::string& text, const std::vector<OffsetMark>& marks) {
  inspect::Listing lines;
  auto mark = marks.begin();
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    inspect::ListingLine line{without_debug_attachments(text.substr(start, end - start)), {}};
    for (; mark != marks.end() && mark->position <= end; ++mark) {
      line.offsets.insert(line.offsets.end(), mark->offsets.begin(), mark->offsets.end());
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string print_ir(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = inspect::shown_functions(module, options);
  inspect::InspectedModule inspected = inspect::compile_for_inspection(module, options, options.optimized);
  llvm::Module& ir = *inspected.ir;
  std::map<const llvm::Function*, uint32_t> indices = name_functions(module, ir);
  if (!options.functions.empty()) keep_only(ir, indices, shown);
  OffsetComments comments(module, std::move(indices));
  std::string text;
  llvm::raw_string_ostream out(text);
  ir.print(out, &comments);
  return text;
}

namespace inspect {

std::vector<Listing> function_ir(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = shown_functions(module, options);
  InspectedModule inspected = compile_for_inspection(module, options, options.optimized);
  std::map<const llvm::Function*, uint32_t> indices = name_functions(module, *inspected.ir);
  std::map<uint32_t, const llvm::Function*> functions;
  for (const auto& [function, index] : indices) functions[index] = function;
  OffsetComments comments(module, std::move(indices));
  std::vector<Listing> listings;
  for (uint32_t index : shown) {
    std::string text;
    std::vector<OffsetMark> marks;
    comments.record_into(text, marks);
    llvm::raw_string_ostream out(text);
    functions.at(index)->print(out, &comments);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    listings.push_back(split_lines(text, marks));
  }
  return listings;
}

}  // namespace inspect
}  // namespace kiln
