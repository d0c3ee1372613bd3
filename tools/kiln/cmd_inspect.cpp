// `kiln inspect FILE [--json]`: what a module declares — types, imports, functions, tables,
// memories, globals, exports, segments, start, and its sections with sizes.
#include <iostream>
#include <nlohmann/json.hpp>

#include "binary/section_id.h"
#include "kiln/decoder.h"
#include "kiln/error.h"
#include "kiln/loader.h"
#include "kiln/writer.h"
#include "options.h"

namespace kiln::cli {
namespace {

using nlohmann::ordered_json;

std::string describe_limits(const Limits& limits) {
  std::string text = "min " + std::to_string(limits.min);
  if (limits.max) text += " max " + std::to_string(*limits.max);
  return text;
}

std::string describe_global(const GlobalType& type) {
  return std::string(type.is_mutable ? "mut " : "") + to_string(type.type);
}

std::string describe_const(const ConstExpr& expr) {
  std::string text;
  for (const ConstInstr& instr : expr.instrs) {
    if (!text.empty()) text += ' ';
    switch (instr.op) {
      case ConstInstr::Op::I32Const: text += "i32.const " + std::to_string(int32_t(uint32_t(instr.bits))); break;
      case ConstInstr::Op::I64Const: text += "i64.const " + std::to_string(int64_t(instr.bits)); break;
      case ConstInstr::Op::F32Const: text += "f32.const (bits " + std::to_string(instr.bits) + ")"; break;
      case ConstInstr::Op::F64Const: text += "f64.const (bits " + std::to_string(instr.bits) + ")"; break;
      case ConstInstr::Op::V128Const: text += "v128.const"; break;
      case ConstInstr::Op::GlobalGet: text += "global.get " + std::to_string(instr.index); break;
      case ConstInstr::Op::RefNull: text += std::string("ref.null ") + to_string(instr.ref_type); break;
      case ConstInstr::Op::RefFunc: text += "ref.func " + std::to_string(instr.index); break;
      default: text += "?"; break;
    }
  }
  return text;
}

const char* mode_name(SegmentMode mode) {
  switch (mode) {
    case SegmentMode::Active: return "active";
    case SegmentMode::Passive: return "passive";
    case SegmentMode::Declarative: return "declarative";
  }
  return "?";
}

// The import's type, by its kind.
std::string describe_import_type(const Module& module, const Import& import) {
  switch (import.kind) {
    case ExternKind::Func: return to_string(module.func_type(import.index));
    case ExternKind::Table: {
      const TableType& table = module.tables[import.index];
      return std::string(to_string(table.element)) + " " + describe_limits(table.limits);
    }
    case ExternKind::Memory: return describe_limits(module.memories[import.index].limits);
    case ExternKind::Global: return describe_global(module.globals[import.index]);
  }
  return "";
}

ordered_json to_json(const Module& module) {
  ordered_json doc;
  ordered_json types = ordered_json::array();
  for (const FuncType& type : module.types) {
    ordered_json params = ordered_json::array(), results = ordered_json::array();
    for (ValType t : type.params) params.push_back(to_string(t));
    for (ValType t : type.results) results.push_back(to_string(t));
    types.push_back({{"params", params}, {"results", results}});
  }
  doc["types"] = types;
  ordered_json imports = ordered_json::array();
  for (const Import& import : module.imports)
    imports.push_back({{"module", import.module},
                       {"name", import.name},
                       {"kind", to_string(import.kind)},
                       {"index", import.index},
                       {"type", describe_import_type(module, import)}});
  doc["imports"] = imports;
  ordered_json functions = ordered_json::array();
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    ordered_json function = {{"index", i},
                             {"name", module.function_name(i)},
                             {"type", module.functions[i]},
                             {"signature", to_string(module.func_type(i))},
                             {"imported", i < module.num_imported_functions}};
    if (i >= module.num_imported_functions) {
      const FunctionBody& body = module.bodies[i - module.num_imported_functions];
      function["locals"] = body.num_locals;
      function["code_size"] = body.code.size();
      function["code_offset"] = body.code_offset;
    }
    functions.push_back(function);
  }
  doc["functions"] = functions;
  ordered_json tables = ordered_json::array();
  for (uint32_t i = 0; i < module.tables.size(); ++i) {
    const TableType& table = module.tables[i];
    ordered_json entry = {{"index", i}, {"element", to_string(table.element)}, {"min", table.limits.min}};
    if (table.limits.max) entry["max"] = *table.limits.max;
    entry["imported"] = i < module.num_imported_tables;
    tables.push_back(entry);
  }
  doc["tables"] = tables;
  ordered_json memories = ordered_json::array();
  for (uint32_t i = 0; i < module.memories.size(); ++i) {
    const MemoryType& memory = module.memories[i];
    ordered_json entry = {{"index", i}, {"min_pages", memory.limits.min}};
    if (memory.limits.max) entry["max_pages"] = *memory.limits.max;
    entry["imported"] = i < module.num_imported_memories;
    memories.push_back(entry);
  }
  doc["memories"] = memories;
  ordered_json globals = ordered_json::array();
  for (uint32_t i = 0; i < module.globals.size(); ++i) {
    ordered_json entry = {{"index", i},
                          {"type", to_string(module.globals[i].type)},
                          {"mutable", module.globals[i].is_mutable},
                          {"imported", i < module.num_imported_globals}};
    if (i >= module.num_imported_globals)
      entry["init"] = describe_const(module.global_inits[i - module.num_imported_globals]);
    globals.push_back(entry);
  }
  doc["globals"] = globals;
  ordered_json exports = ordered_json::array();
  for (const Export& e : module.exports)
    exports.push_back({{"name", e.name}, {"kind", to_string(e.kind)}, {"index", e.index}});
  doc["exports"] = exports;
  doc["start"] = module.start ? ordered_json(*module.start) : ordered_json(nullptr);
  ordered_json elements = ordered_json::array();
  for (const ElemSegment& segment : module.elements) {
    ordered_json entry = {
        {"mode", mode_name(segment.mode)}, {"type", to_string(segment.type)}, {"items", segment.items.size()}};
    if (segment.mode == SegmentMode::Active) {
      entry["table"] = segment.table;
      entry["offset"] = describe_const(segment.offset);
    }
    elements.push_back(entry);
  }
  doc["elements"] = elements;
  ordered_json data = ordered_json::array();
  for (const DataSegment& segment : module.data) {
    ordered_json entry = {{"mode", mode_name(segment.mode)}, {"size", segment.bytes.size()}};
    if (segment.mode == SegmentMode::Active) {
      entry["memory"] = segment.memory;
      entry["offset"] = describe_const(segment.offset);
    }
    data.push_back(entry);
  }
  doc["data"] = data;
  ordered_json sections = ordered_json::array();
  for (const SectionInfo& section : module.sections) {
    ordered_json entry = {{"id", section.id}, {"kind", section_name(section.id)}};
    if (section.id == 0) entry["name"] = section.name;
    entry["offset"] = section.offset;
    entry["size"] = section.size;
    sections.push_back(entry);
  }
  doc["sections"] = sections;
  return doc;
}

void print_text(const std::string& file, const Module& module) {
  std::cout << file << '\n';
  std::cout << "types: " << module.types.size() << '\n';
  for (size_t i = 0; i < module.types.size(); ++i) std::cout << "  " << i << ": " << to_string(module.types[i]) << '\n';
  std::cout << "imports: " << module.imports.size() << '\n';
  for (const Import& import : module.imports)
    std::cout << "  " << to_string(import.kind) << ' ' << import.index << " \"" << import.module << "\" \""
              << import.name << "\": " << describe_import_type(module, import) << '\n';
  std::cout << "functions: " << module.functions.size() << " (" << module.num_imported_functions << " imported)\n";
  for (uint32_t i = module.num_imported_functions; i < module.functions.size(); ++i) {
    const FunctionBody& body = module.bodies[i - module.num_imported_functions];
    std::cout << "  " << i << ' ' << module.function_name(i) << ": " << to_string(module.func_type(i)) << ", "
              << body.num_locals << " locals, " << body.code.size() << " bytes of code\n";
  }
  std::cout << "tables: " << module.tables.size() << '\n';
  for (size_t i = 0; i < module.tables.size(); ++i)
    std::cout << "  " << i << ": " << to_string(module.tables[i].element) << ' '
              << describe_limits(module.tables[i].limits) << (i < module.num_imported_tables ? " (imported)" : "")
              << '\n';
  std::cout << "memories: " << module.memories.size() << '\n';
  for (size_t i = 0; i < module.memories.size(); ++i)
    std::cout << "  " << i << ": " << describe_limits(module.memories[i].limits) << " pages"
              << (i < module.num_imported_memories ? " (imported)" : "") << '\n';
  std::cout << "globals: " << module.globals.size() << '\n';
  for (uint32_t i = 0; i < module.globals.size(); ++i) {
    std::cout << "  " << i << ": " << describe_global(module.globals[i]);
    if (i < module.num_imported_globals)
      std::cout << " (imported)";
    else
      std::cout << " = " << describe_const(module.global_inits[i - module.num_imported_globals]);
    std::cout << '\n';
  }
  std::cout << "exports: " << module.exports.size() << '\n';
  for (const Export& e : module.exports)
    std::cout << "  \"" << e.name << "\": " << to_string(e.kind) << ' ' << e.index << '\n';
  if (module.start) std::cout << "start: function " << *module.start << '\n';
  std::cout << "element segments: " << module.elements.size() << "\ndata segments: " << module.data.size() << '\n';
  std::cout << "sections:\n";
  for (const SectionInfo& section : module.sections) {
    std::cout << "  " << section_name(section.id);
    if (section.id == 0) std::cout << " \"" << section.name << '"';
    std::cout << " at " << section.offset << ", " << section.size << " bytes\n";
  }
}

}  // namespace

int run_inspect(const Args& args) {
  po::options_description options("options");
  std::string file;
  bool json = false;
  options.add_options()("file", po::value(&file)->required(), "module file (.wasm or .wat)")(
      "json", po::bool_switch(&json), "print JSON");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (auto exit = parse_options(args, "kiln inspect [--json] FILE", options, positional, values)) return *exit;
  try {
    std::vector<uint8_t> bytes = read_file(file);
    Module module = load_module(bytes);
    // A text module's sections, offsets and sizes are those of its binary encoding.
    if (!looks_binary(bytes)) module = decode_module(write_module(module));
    if (json)
      std::cout << to_json(module).dump(2) << '\n';
    else
      print_text(file, module);
  } catch (const Error& error) {
    return report_error(file + ": " + error.what());
  }
  return kExitOk;
}

}  // namespace kiln::cli
