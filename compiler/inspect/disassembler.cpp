// disassemble: the inspected module is optimized and emitted as an object file in memory, as the
// JIT would load it; each chosen function's bytes in it are decoded with LLVM's MC disassembler.
// Wasm offsets come back from the object's DWARF line table (lines are offsets, see codegen),
// and relocations name the functions a call goes to, which an unlinked object leaves blank.
// function_native_code gives the same instructions line by line, for `kiln explore`.
#include <cinttypes>
#include <map>
#include <mutex>

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstPrinter.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Object/SymbolSize.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/TargetSelect.h>

#include "codegen/symbol_names.h"
#include "inspect/inspection.h"
#include "kiln/error.h"
#include "pipeline/optimizer.h"

namespace kiln {
namespace {

template <typename T>
T check(llvm::Expected<T> value, const char* what) {
  if (!value) {
    throw Error(ErrorKind::Io,
                std::string("cannot read the compiled object's ") + what + ": " + llvm::toString(value.takeError()));
  }
  return std::move(*value);
}

// Where an instruction's text starts: after its address (8 columns, ":  ") and 10 bytes of hex.
constexpr size_t kTextColumn = 8 + 3 + 30;

struct FunctionCode {
  llvm::object::SectionRef section;
  uint64_t address;
  uint64_t size;
};

// The decoding and printing half of LLVM's MC layer for the target machine's CPU.
class InstructionDecoder {
 public:
  explicit InstructionDecoder(const llvm::TargetMachine& machine)
      : subtarget_(*machine.getMCSubtargetInfo()),
        is_x86_(machine.getTargetTriple().isX86()),
        context_(machine.getTargetTriple(), machine.getMCAsmInfo(), machine.getMCRegisterInfo(), &subtarget_) {
    static std::once_flag initialized;
    std::call_once(initialized, [] { llvm::InitializeNativeTargetDisassembler(); });
    const llvm::Target& target = machine.getTarget();
    disassembler_.reset(target.createMCDisassembler(subtarget_, context_));
    const llvm::MCAsmInfo& asm_info = *machine.getMCAsmInfo();
    printer_.reset(target.createMCInstPrinter(machine.getTargetTriple(), asm_info.getAssemblerDialect(), asm_info,
                                              *machine.getMCInstrInfo(), *machine.getMCRegisterInfo()));
    if (!disassembler_ || !printer_) {
      throw Error(ErrorKind::Io, "LLVM has no disassembler for " + machine.getTargetTriple().str());
    }
    printer_->setPrintImmHex(true);
    printer_->setPrintBranchImmAsAddress(true);
  }

  // Decodes the instruction at the start of `bytes` into `text`; returns its size (1 for bytes
  // that do not decode, shown as .byte).
  uint64_t decode(llvm::ArrayRef<uint8_t> bytes, uint64_t address, std::string& text) {
    llvm::MCInst instruction;
    uint64_t size = 0;
    text.clear();
    llvm::raw_string_ostream out(text);
    if (disassembler_->getInstruction(instruction, size, bytes, address, llvm::nulls()) !=
            llvm::MCDisassembler::Success ||
        size == 0) {
      out << ".byte " << llvm::format_hex(bytes[0], 4);
      return 1;
    }
    // x86 counts a branch's displacement from the end of the instruction, and its printer expects
    // that address to show the branch's target.
    printer_->printInst(&instruction, is_x86_ ? address + size : address, "", subtarget_, out);
    // The printer indents with tabs for an assembler; columns of spaces read better here.
    std::string spaced;
    for (char c : llvm::StringRef(text).ltrim()) {
      if (c == '\t') {
        spaced.resize(std::max<size_t>(spaced.size() + 1, 8), ' ');
      } else {
        spaced += c;
      }
    }
    text = std::move(spaced);
    return size;
  }

 private:
  const llvm::MCSubtargetInfo& subtarget_;
  bool is_x86_;
  llvm::MCContext context_;
  std::unique_ptr<llvm::MCDisassembler> disassembler_;
  std::unique_ptr<llvm::MCInstPrinter> printer_;
};

class ObjectListing {
 public:
  ObjectListing(const Module& module, const llvm::object::ObjectFile& object, const llvm::TargetMachine& machine)
      : module_(module), dwarf_(llvm::DWARFContext::create(object)), decoder_(machine) {
    for (uint32_t index = module.num_imported_functions; index < module.functions.size(); ++index) {
      wasm_names_[codegen::function_symbol(index)] = index;
    }
    for (const auto& [symbol, size] : llvm::object::computeSymbolSizes(object)) {
      if (check(symbol.getType(), "symbol type") != llvm::object::SymbolRef::ST_Function) continue;
      llvm::object::section_iterator section = check(symbol.getSection(), "symbol section");
      functions_[check(symbol.getName(), "symbol name").str()] = {*section, check(symbol.getAddress(), "symbol"), size};
    }
    for (const llvm::object::SectionRef& section : object.sections()) {
      llvm::object::section_iterator patched = check(section.getRelocatedSection(), "relocations");
      if (patched == object.section_end()) continue;
      for (const llvm::object::RelocationRef& relocation : section.relocations()) {
        relocation_targets_[{patched->getIndex(), relocation.getOffset()}] = relocation_target(relocation);
      }
    }
  }

  // The function's instructions, each as "address:  bytes  instruction" and its offsets.
  struct Instruction {
    uint64_t address;
    std::string bytes;  // in hex, a space after each
    std::string text;   // with the targets of relocations in a trailing comment
    std::vector<uint32_t> offsets;
  };

  std::vector<Instruction> instructions(uint32_t index) {
    std::string symbol = codegen::function_symbol(index);
    auto found = functions_.find(symbol);
    if (found == functions_.end()) throw Error(ErrorKind::Io, "the compiled object has no " + symbol);
    const FunctionCode& code = found->second;
    llvm::StringRef contents = check(code.section.getContents(), "code");
    auto bytes = llvm::arrayRefFromStringRef(contents).slice(code.address - code.section.getAddress(), code.size);
    std::vector<Instruction> result;
    for (uint64_t at = 0; at < bytes.size();) {
      Instruction instruction{code.address + at, {}, {}, wasm_offsets(code.section, code.address + at)};
      uint64_t size = decoder_.decode(bytes.drop_front(at), instruction.address, instruction.text);
      llvm::raw_string_ostream hex_out(instruction.bytes);
      for (uint8_t byte : bytes.slice(at, size)) hex_out << llvm::format_hex_no_prefix(byte, 2) << ' ';
      for (uint64_t byte = at; byte < at + size; ++byte) {
        auto target = relocation_targets_.find({code.section.getIndex(), code.address + byte});
        if (target != relocation_targets_.end()) instruction.text += "  # " + target->second;
      }
      result.push_back(std::move(instruction));
      at += size;
    }
    return result;
  }

  void print_function(uint32_t index, llvm::raw_ostream& out) {
    out << codegen::function_symbol(index) << " <" << module_.function_name(index) << ">: wasm function " << index
        << ", " << to_string(module_.func_type(index)) << '\n';
    uint32_t last_offset = 0;
    for (const Instruction& instruction : instructions(index)) {
      uint32_t offset = instruction.offsets.empty() ? 0 : instruction.offsets.front();
      if (offset != 0 && offset != last_offset) {
        out << std::string(kTextColumn, ' ') << "; wasm " << llvm::format_hex(offset, 2) << '\n';
      }
      last_offset = offset;
      out << llvm::format("%8" PRIx64 ":  ", instruction.address)
          << llvm::left_justify(instruction.bytes, kTextColumn - 11) << instruction.text << '\n';
    }
  }

 private:
  // A relocation's symbol, with the wasm name of a function; a section's name when the symbol is
  // the section itself (constant pools).
  std::string relocation_target(const llvm::object::RelocationRef& relocation) const {
    llvm::object::symbol_iterator symbol = relocation.getSymbol();
    if (symbol == relocation.getObject()->symbol_end()) return "?";
    std::string name = check(symbol->getName(), "relocation symbol").str();
    if (name.empty()) {
      llvm::object::section_iterator section = check(symbol->getSection(), "relocation section");
      if (section != relocation.getObject()->section_end()) name = check(section->getName(), "section name").str();
    }
    auto wasm = wasm_names_.find(name);
    if (wasm != wasm_names_.end()) name += " <" + module_.function_name(wasm->second) + ">";
    return name;
  }

  // The wasm byte offsets an address's instruction came from: the line table's, then the call
  // sites of the functions it was inlined from, innermost first. Empty when the table does not say.
  std::vector<uint32_t> wasm_offsets(const llvm::object::SectionRef& section, uint64_t address) const {
    std::vector<uint32_t> offsets;
    llvm::object::SectionedAddress at{address, section.getIndex()};
    for (const auto& unit : dwarf_->compile_units()) {
      const llvm::DWARFDebugLine::LineTable* table = dwarf_->getLineTableForUnit(unit.get());
      if (table == nullptr) continue;
      uint32_t row = table->lookupAddress(at);
      if (row == table->UnknownRowIndex) continue;
      if (table->Rows[row].Line != 0) offsets.push_back(table->Rows[row].Line);
      break;
    }
    if (offsets.empty()) return offsets;
    llvm::DIInliningInfo frames = dwarf_->getInliningInfoForAddress(at, {});
    for (uint32_t frame = 1; frame < frames.getNumberOfFrames(); ++frame) {
      // Frame 0 is the line table's row; each further frame is a caller, at the line of its call.
      uint32_t line = frames.getFrame(frame).Line;
      if (line != 0 && line != offsets.back()) offsets.push_back(line);
    }
    return offsets;
  }

  const Module& module_;
  std::unique_ptr<llvm::DWARFContext> dwarf_;
  InstructionDecoder decoder_;
  std::map<std::string, uint32_t> wasm_names_;  // function symbol → function index
  std::map<std::string, FunctionCode> functions_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> relocation_targets_;  // (section, offset) → target
};

}  // namespace

std::string disassemble(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = inspect::shown_functions(module, options);
  inspect::InspectedModule inspected = inspect::compile_for_inspection(module, options, true);
  std::unique_ptr<llvm::MemoryBuffer> buffer = emit_object(*inspected.ir, *inspected.machine);
  std::unique_ptr<llvm::object::ObjectFile> object =
      check(llvm::object::ObjectFile::createObjectFile(buffer->getMemBufferRef()), "format");
  ObjectListing listing(module, *object, *inspected.machine);
  std::string text;
  llvm::raw_string_ostream out(text);
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i > 0) out << '\n';
    listing.print_function(shown[i], out);
  }
  return text;
}

namespace inspect {

std::vector<Listing> function_native_code(const Module& module, const InspectOptions& options) {
  std::vector<uint32_t> shown = shown_functions(module, options);
  InspectedModule inspected = compile_for_inspection(module, options, true);
  std::unique_ptr<llvm::MemoryBuffer> buffer = emit_object(*inspected.ir, *inspected.machine);
  std::unique_ptr<llvm::object::ObjectFile> object =
      check(llvm::object::ObjectFile::createObjectFile(buffer->getMemBufferRef()), "format");
  ObjectListing listing(module, *object, *inspected.machine);
  std::vector<Listing> listings;
  for (uint32_t index : shown) {
    Listing lines;
    for (auto& instruction : listing.instructions(index)) {
      std::string text;
      llvm::raw_string_ostream out(text);
      out << llvm::format("%8" PRIx64 ":  ", instruction.address) << instruction.text;
      lines.push_back({std::move(text), std::move(instruction.offsets)});
    }
    listings.push_back(std::move(lines));
  }
  return listings;
}

}  // namespace inspect
}  // namespace kiln
