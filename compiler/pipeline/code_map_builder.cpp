// CodeMap from an object: each function symbol's extent, and the line-table rows inside it as
// offsets from the function's start.
#include "pipeline/code_map_builder.h"

#include <algorithm>
#include <map>
#include <string>

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/Object/SymbolSize.h>

#include "codegen/symbol_names.h"
#include "kiln/error.h"

namespace kiln {
namespace {

struct Row {
  uint64_t section;
  uint64_t address;
  uint32_t line;
  size_t order;  // position in the line table, which decides between rows at one address
};

bool before(const Row& a, const Row& b) {
  if (a.section != b.section) return a.section < b.section;
  return a.address != b.address ? a.address < b.address : a.order < b.order;
}

// Every line-table row that starts code, sorted by (section, address); rows at one address keep
// their order, so the last of them is the one that holds for the code there.
std::vector<Row> line_rows(llvm::DWARFContext& dwarf) {
  std::vector<Row> rows;
  for (const auto& unit : dwarf.compile_units()) {
    const llvm::DWARFDebugLine::LineTable* table = dwarf.getLineTableForUnit(unit.get());
    if (table == nullptr) continue;
    for (const llvm::DWARFDebugLine::Row& row : table->Rows) {
      if (row.EndSequence) continue;
      rows.push_back({row.Address.SectionIndex, row.Address.Address, row.Line, rows.size()});
    }
  }
  std::sort(rows.begin(), rows.end(), before);
  return rows;
}

// When the code at `address` was inlined: the call sites it was inlined through, innermost first.
// The debug info's inlined-subroutine records give them (their call "lines" are wasm offsets).
std::vector<uint32_t> inlined_calls(llvm::DWARFContext& dwarf, uint64_t section, uint64_t address, uint32_t line) {
  std::vector<uint32_t> calls;
  if (line == 0) return calls;
  llvm::DILineInfoSpecifier what(llvm::DILineInfoSpecifier::FileLineInfoKind::RawValue,
                                 llvm::DILineInfoSpecifier::FunctionNameKind::None);
  llvm::DIInliningInfo frames = dwarf.getInliningInfoForAddress({address, section}, what);
  for (uint32_t i = 1; i < frames.getNumberOfFrames(); ++i) calls.push_back(frames.getFrame(i).Line);
  return calls;
}

}  // namespace

CodeMap build_code_map(const llvm::object::ObjectFile& object, const Module& module) {
  std::map<std::string, uint32_t> defined_by_symbol;
  for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
    defined_by_symbol[codegen::function_symbol(index)] = index - module.num_imported_functions;
  }
  std::unique_ptr<llvm::DWARFContext> dwarf = llvm::DWARFContext::create(object);
  std::vector<Row> rows = line_rows(*dwarf);
  CodeMap map;
  map.functions.resize(module.num_defined_functions());
  for (const auto& [symbol, size] : llvm::object::computeSymbolSizes(object)) {
    llvm::Expected<llvm::StringRef> name = symbol.getName();
    llvm::Expected<uint64_t> address = symbol.getAddress();
    llvm::Expected<llvm::object::section_iterator> section = symbol.getSection();
    if (!name || !address || !section || *section == object.section_end()) {
      llvm::consumeError(name.takeError());
      llvm::consumeError(address.takeError());
      llvm::consumeError(section.takeError());
      continue;
    }
    auto defined = defined_by_symbol.find(name->str());
    if (defined == defined_by_symbol.end()) continue;
    CodeMap::Function& function = map.functions[defined->second];
    function.code_size = static_cast<uint32_t>(size);
    uint64_t section_index = (*section)->getIndex();
    auto row = std::lower_bound(rows.begin(), rows.end(), Row{section_index, *address, 0, 0}, before);
    for (; row != rows.end() && row->section == section_index && row->address < *address + size; ++row) {
      CodeMap::Location location{static_cast<uint32_t>(row->address - *address), row->line,
                                 inlined_calls(*dwarf, row->section, row->address, row->line)};
      std::vector<CodeMap::Location>& locations = function.locations;
      if (!locations.empty() && locations.back().code_offset == location.code_offset) {
        locations.back() = std::move(location);
      } else if (locations.empty() || locations.back().wasm_offset != location.wasm_offset ||
                 locations.back().inlined_calls != location.inlined_calls) {
        locations.push_back(std::move(location));
      }
    }
  }
  return map;
}

CodeMap build_code_map(const llvm::MemoryBuffer& object, const Module& module) {
  llvm::Expected<std::unique_ptr<llvm::object::ObjectFile>> parsed =
      llvm::object::ObjectFile::createObjectFile(object.getMemBufferRef());
  if (!parsed)
    throw Error(ErrorKind::Invalid, "cannot read the compiled object: " + llvm::toString(parsed.takeError()));
  return build_code_map(**parsed, module);
}

}  // namespace kiln
