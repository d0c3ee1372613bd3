// Module-level lowering: declarations shared by all functions, then each function's body and
// each type's trampolines.
#include "codegen/module_codegen.h"

#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Verifier.h>

#include "codegen/function_compiler.h"
#include "codegen/runtime_table.h"
#include "codegen/symbol_names.h"
#include "codegen/trampolines.h"
#include "kiln/abi.h"
#include "kiln/error.h"

namespace kiln::codegen {

ModuleCodegen::ModuleCodegen(const Module& wasm, llvm::LLVMContext& context, const llvm::DataLayout& layout,
                             const llvm::Triple& triple, const CompileOptions& options, const CodegenPart* part)
    : wasm_(wasm),
      options_(options),
      context_(context),
      module_(std::make_unique<llvm::Module>("kiln_module", context)) {
  if (part != nullptr) {
    bodies_ = part->functions;
    defines_shared_ = part->defines_shared;
  } else {
    for (uint32_t index = wasm_.num_imported_functions; index < wasm_.functions.size(); ++index)
      bodies_.push_back(index);
  }
  module_->setDataLayout(layout);
  module_->setTargetTriple(triple.str());
  for (const FuncType& type : wasm_.types) {
    std::vector<llvm::Type*> params{llvm::PointerType::get(context_, 0)};
    for (ValType param : type.params) params.push_back(value_type(param));
    function_types_.push_back(llvm::FunctionType::get(results_type(type.results), params, false));
  }
  llvm::MDBuilder metadata(context_);
  llvm::MDNode* domain = metadata.createAliasScopeDomain("kiln");
  memory_scope_.scope_list = llvm::MDNode::get(context_, {metadata.createAliasScope("linear memory", domain)});
  declare_runtime_functions();
  declare_defined_functions();
  if (options_.wasm_offsets) describe_defined_functions();
}

void MemoryAliasScope::mark_memory_access(llvm::Instruction* access) const {
  access->setMetadata(llvm::LLVMContext::MD_alias_scope, scope_list);
}

void MemoryAliasScope::mark_state_load(llvm::LoadInst* load) const {
  load->setMetadata(llvm::LLVMContext::MD_noalias, scope_list);
}

llvm::Type* ModuleCodegen::value_type(ValType type) {
  switch (type) {
    case ValType::I32: return llvm::Type::getInt32Ty(context_);
    case ValType::I64: return llvm::Type::getInt64Ty(context_);
    case ValType::F32: return llvm::Type::getFloatTy(context_);
    case ValType::F64: return llvm::Type::getDoubleTy(context_);
    case ValType::V128: return llvm::FixedVectorType::get(llvm::Type::getInt64Ty(context_), 2);
    case ValType::FuncRef:
    case ValType::ExternRef: return llvm::PointerType::get(context_, 0);
  }
  return nullptr;
}

llvm::Type* ModuleCodegen::results_type(std::span<const ValType> results) {
  if (results.empty()) return llvm::Type::getVoidTy(context_);
  if (results.size() == 1) return value_type(results[0]);
  std::vector<llvm::Type*> members;
  for (ValType result : results) members.push_back(value_type(result));
  return llvm::StructType::get(context_, members);
}

void ModuleCodegen::set_wasm_convention(llvm::Function* function) {
  function->setCallingConv(llvm::CallingConv::Tail);
  function->addFnAttr(llvm::Attribute::NoUnwind);
  // Recursion must use real stack frames: tail recursion elimination would turn a runaway
  // recursion, which wasm ends with "call stack exhausted", into an endless loop.
  function->addFnAttr("disable-tail-calls", "true");
  function->addParamAttr(0, llvm::Attribute::NoAlias);
  function->addParamAttr(0, llvm::Attribute::NonNull);
  function->addDereferenceableParamAttr(0, sizeof(abi::VMContext));
  function->addParamAttr(0, llvm::Attribute::getWithAlignment(context_, llvm::Align(alignof(abi::VMContext))));
}

void ModuleCodegen::declare_runtime_functions() {
  llvm::Type* void_type = llvm::Type::getVoidTy(context_);
  llvm::Type* ptr = llvm::PointerType::get(context_, 0);
  llvm::Type* i32 = llvm::Type::getInt32Ty(context_);
  llvm::Type* i64 = llvm::Type::getInt64Ty(context_);
  auto declare = [&](const char* name, llvm::Type* result, std::initializer_list<llvm::Type*> params) {
    auto* type = llvm::FunctionType::get(result, std::vector<llvm::Type*>(params), false);
    auto* function = llvm::Function::Create(type, llvm::Function::InternalLinkage, name, *module_);
    function->addFnAttr(llvm::Attribute::NoUnwind);
    return function;
  };
  runtime_.memory_grow = declare("kiln_rt_memory_grow", i64, {ptr, i32, i64});
  runtime_.memory_fill = declare("kiln_rt_memory_fill", void_type, {ptr, i32, i64, i32, i64});
  runtime_.memory_copy = declare("kiln_rt_memory_copy", void_type, {ptr, i32, i32, i64, i64, i64});
  runtime_.memory_init = declare("kiln_rt_memory_init", void_type, {ptr, i32, i32, i64, i64, i64});
  runtime_.data_drop = declare("kiln_rt_data_drop", void_type, {ptr, i32});
  runtime_.table_grow = declare("kiln_rt_table_grow", i64, {ptr, i32, ptr, i64});
  runtime_.table_fill = declare("kiln_rt_table_fill", void_type, {ptr, i32, i64, ptr, i64});
  runtime_.table_copy = declare("kiln_rt_table_copy", void_type, {ptr, i32, i32, i64, i64, i64});
  runtime_.table_init = declare("kiln_rt_table_init", void_type, {ptr, i32, i32, i64, i64, i64});
  runtime_.elem_drop = declare("kiln_rt_elem_drop", void_type, {ptr, i32});
  runtime_.trap = declare("kiln_rt_trap", void_type, {ptr, i32});
  runtime_.trap->addFnAttr(llvm::Attribute::NoReturn);
  runtime_.trap->addFnAttr(llvm::Attribute::Cold);
  // Each trap call keeps its own location for the backtrace: the optimizer must not merge two
  // (e.g. the same site in two inlined copies of a function) into one whose location is neither's.
  runtime_.trap->addFnAttr(llvm::Attribute::NoMerge);
  define_runtime_table(*module_, runtime_, defines_shared_);
}

void ModuleCodegen::declare_defined_functions() {
  defined_functions_.assign(wasm_.num_defined_functions(), nullptr);
  for (uint32_t index : bodies_) defined_function(index);
}

llvm::Function* ModuleCodegen::defined_function(uint32_t func_index) {
  llvm::Function*& function = defined_functions_[func_index - wasm_.num_imported_functions];
  if (function == nullptr) {
    function = llvm::Function::Create(function_types_[wasm_.functions[func_index]], llvm::Function::ExternalLinkage,
                                      function_symbol(func_index), *module_);
    set_wasm_convention(function);
  }
  return function;
}

// Debug information with only a line table, whose "lines" are wasm byte offsets: LLVM carries
// debug locations through optimization and into the object's line table, where `kiln asm` reads
// them back. DWARF has no language code for wasm; C is the neutral choice.
void ModuleCodegen::describe_defined_functions() {
  module_->addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
  debug_info_ = std::make_unique<llvm::DIBuilder>(*module_);
  llvm::DIFile* file = debug_info_->createFile(wasm_.names.module.empty() ? "module.wasm" : wasm_.names.module, "");
  debug_info_->createCompileUnit(llvm::dwarf::DW_LANG_C, file, "kiln", options_.opt_level > 0, "", 0, "",
                                 llvm::DICompileUnit::LineTablesOnly);
  llvm::DISubroutineType* type = debug_info_->createSubroutineType(debug_info_->getOrCreateTypeArray({}));
  // Only definitions may have a subprogram: the functions of other partitions stay without.
  for (uint32_t index : bodies_) {
    uint32_t start = wasm_.bodies[index - wasm_.num_imported_functions].code_offset;
    llvm::Function* function = defined_function(index);
    function->setSubprogram(debug_info_->createFunction(file, wasm_.function_name(index), function->getName(), file,
                                                        start, type, start, llvm::DINode::FlagZero,
                                                        llvm::DISubprogram::SPFlagDefinition));
  }
}

std::unique_ptr<llvm::Module> ModuleCodegen::generate() {
  for (uint32_t index : bodies_) FunctionCompiler(*this, index).compile();
  for (uint32_t type_index = 0; defines_shared_ && type_index < wasm_.types.size(); ++type_index) {
    generate_entry_trampoline(*this, type_index);
    generate_host_thunk(*this, type_index);
  }
  remove_unused_runtime_stubs(runtime_);
  // Frame pointers in all generated code, trampolines and thunks too: a trap's backtrace walks
  // their chain, from the signal handler, where no unwinder can run.
  for (llvm::Function& function : *module_) {
    if (!function.isDeclaration()) function.addFnAttr("frame-pointer", "all");
  }
  if (debug_info_) debug_info_->finalize();
  std::string problems;
  llvm::raw_string_ostream stream(problems);
  // A broken module here is a code generator bug; reporting it beats letting LLVM crash on it.
  if (llvm::verifyModule(*module_, &stream)) {
    throw Error(ErrorKind::Invalid, "internal code generation error: " + problems.substr(0, 2000));
  }
  return std::move(module_);
}

std::unique_ptr<llvm::Module> generate_llvm_module(const Module& wasm, llvm::LLVMContext& context,
                                                   const llvm::DataLayout& layout, const llvm::Triple& triple,
                                                   const CompileOptions& options, const CodegenPart* part) {
  return ModuleCodegen(wasm, context, layout, triple, options, part).generate();
}

}  // namespace kiln::codegen
