// aot_compile: codegen → optimization → object code for the AOT target, with the module's
// metadata as exported data, linked into a shared object.
#include "kiln/aot.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LLVMContext.h>

#include "aot/aot_target.h"
#include "aot/shared_object_linker.h"
#include "codegen/module_codegen.h"
#include "kiln/aot_format.h"
#include "kiln/inspect.h"
#include "kiln/module_serialization.h"
#include "pipeline/code_map_builder.h"
#include "pipeline/host_target.h"
#include "pipeline/optimizer.h"

namespace kiln {
namespace {

std::vector<uint8_t> to_bytes(const std::string& text) { return {text.begin(), text.end()}; }

aot::Metadata make_metadata(const Module& module, const AotOptions& options, const aot::AotTarget& target) {
  aot::Metadata metadata;
  metadata.header.kiln_version = options.kiln_version;
  metadata.header.triple = host_target_triple();
  metadata.header.cpu = target.tune_cpu;
  metadata.header.cpu_features = target.features;
  metadata.header.bounds_checks = options.compile.bounds_checks;
  metadata.header.guard_bytes = options.compile.guard_bytes;
  metadata.header.opt_level = options.compile.opt_level;
  metadata.header.interruptible = options.compile.interruptible;
  metadata.header.consumes_fuel = options.compile.consume_fuel;
  metadata.module = serialize_module(module);
  return metadata;
}

// The metadata as data the loader finds by name after dlopen.
void define_metadata(llvm::Module& ir, const aot::Metadata& metadata) {
  std::vector<uint8_t> bytes = aot::write_metadata(metadata);
  llvm::LLVMContext& context = ir.getContext();
  llvm::Constant* data = llvm::ConstantDataArray::get(context, llvm::ArrayRef<uint8_t>(bytes));
  new llvm::GlobalVariable(ir, data->getType(), true, llvm::GlobalValue::ExternalLinkage, data, aot::kMetadataSymbol);
  llvm::Constant* size = llvm::ConstantInt::get(llvm::Type::getInt64Ty(context), bytes.size());
  new llvm::GlobalVariable(ir, size->getType(), true, llvm::GlobalValue::ExternalLinkage, size,
                           aot::kMetadataSizeSymbol);
}

}  // namespace

std::string aot_target_description(const std::string& target_cpu) {
  aot::AotTarget target = aot::choose_aot_target(target_cpu, 0);
  std::string description = target.tune_cpu + ":";
  for (const std::string& feature : target.features) description += "+" + feature + ",";
  return description;
}

std::vector<uint8_t> aot_compile(const Module& module, const AotOptions& options, AotOutput output) {
  if (output == AotOutput::LlvmIr || output == AotOutput::OptimizedIr) {
    InspectOptions inspect{
        .opt_level = options.compile.opt_level, .optimized = output == AotOutput::OptimizedIr, .functions = {}};
    return to_bytes(print_ir(module, inspect));
  }
  aot::AotTarget target = aot::choose_aot_target(options.target_cpu, options.compile.opt_level);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> ir = codegen::generate_llvm_module(module, context, target.machine->createDataLayout(),
                                                                   target.machine->getTargetTriple(), options.compile);
  for (llvm::Function& function : *ir)
    if (!function.isDeclaration()) function.addFnAttr("tune-cpu", target.tune_cpu);
  optimize_module(*ir, *target.machine, options.compile.opt_level);
  if (output == AotOutput::Assembly) {
    std::unique_ptr<llvm::MemoryBuffer> text = emit_assembly(*ir, *target.machine);
    return {text->getBufferStart(), text->getBufferEnd()};
  }
  aot::Metadata metadata = make_metadata(module, options, target);
  if (output == AotOutput::Object) {
    // An object to look at, not to load: it has no code map, which needs the finished code.
    define_metadata(*ir, metadata);
    std::unique_ptr<llvm::MemoryBuffer> object = emit_object(*ir, *target.machine);
    return {object->getBufferStart(), object->getBufferEnd()};
  }
  std::unique_ptr<llvm::MemoryBuffer> object = emit_object(*ir, *target.machine);
  // The code map is read from the code's object, so the metadata goes into an object of its own.
  metadata.extra_blobs.emplace_back(aot::kCodeMapBlob, build_code_map(*object, module).serialize());
  llvm::Module metadata_ir("kiln_metadata", context);
  metadata_ir.setDataLayout(ir->getDataLayout());
  metadata_ir.setTargetTriple(ir->getTargetTriple());
  define_metadata(metadata_ir, metadata);
  std::unique_ptr<llvm::MemoryBuffer> metadata_object = emit_object(metadata_ir, *target.machine);
  return aot::link_shared_object({object.get(), metadata_object.get()});
}

}  // namespace kiln
