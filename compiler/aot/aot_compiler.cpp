// aot_compile: codegen → optimization → object code for the AOT target, with the module's
// metadata as exported data, linked into a shared object.
#include "kiln/aot.h"

#include <chrono>

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LLVMContext.h>

#include "aot/aot_target.h"
#include "aot/shared_object_linker.h"
#include "codegen/module_codegen.h"
#include "kiln/aot_format.h"
#include "kiln/inspect.h"
#include "kiln/module_serialization.h"
#include "pipeline/host_target.h"
#include "pipeline/optimizer.h"
#include "pipeline/partitioned_compile.h"

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

void tune_for(llvm::Module& ir, const std::string& tune_cpu) {
  for (llvm::Function& function : ir)
    if (!function.isDeclaration()) function.addFnAttr("tune-cpu", tune_cpu);
}

// The code in one object per partition (CompileOptions::threads), the metadata with the code map
// in one more (the map is read from the finished code), linked into one shared object.
std::vector<uint8_t> compile_shared_object(const Module& module, const AotOptions& options) {
  aot::AotTarget target = aot::choose_aot_target(options.target_cpu, options.compile.opt_level);
  PartitionTarget partition_target{
      .make_machine = [&] { return aot::choose_aot_target(options.target_cpu, options.compile.opt_level).machine; },
      .prepare = [&](llvm::Module& ir) { tune_for(ir, target.tune_cpu); }};
  CompiledObjects compiled = compile_objects(module, options.compile, partition_target);
  auto link_start = std::chrono::steady_clock::now();
  aot::Metadata metadata = make_metadata(module, options, target);
  metadata.extra_blobs.emplace_back(aot::kCodeMapBlob, compiled.code_map.serialize());
  llvm::LLVMContext context;
  llvm::Module metadata_ir("kiln_metadata", context);
  metadata_ir.setDataLayout(target.machine->createDataLayout());
  metadata_ir.setTargetTriple(target.machine->getTargetTriple().str());
  define_metadata(metadata_ir, metadata);
  std::unique_ptr<llvm::MemoryBuffer> metadata_object = emit_object(metadata_ir, *target.machine);
  std::vector<const llvm::MemoryBuffer*> objects;
  for (const std::unique_ptr<llvm::MemoryBuffer>& object : compiled.objects) objects.push_back(object.get());
  objects.push_back(metadata_object.get());
  std::vector<uint8_t> shared_object = aot::link_shared_object(objects);
  if (options.compile.stats)
    options.compile.stats->link += std::chrono::duration<double>(std::chrono::steady_clock::now() - link_start).count();
  return shared_object;
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
  if (output == AotOutput::SharedObject) return compile_shared_object(module, options);
  aot::AotTarget target = aot::choose_aot_target(options.target_cpu, options.compile.opt_level);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> ir = codegen::generate_llvm_module(module, context, target.machine->createDataLayout(),
                                                                   target.machine->getTargetTriple(), options.compile);
  tune_for(*ir, target.tune_cpu);
  optimize_module(*ir, *target.machine, options.compile.opt_level);
  if (output == AotOutput::Assembly) {
    std::unique_ptr<llvm::MemoryBuffer> text = emit_assembly(*ir, *target.machine);
    return {text->getBufferStart(), text->getBufferEnd()};
  }
  // An object to look at, not to load: it has no code map, which needs the finished code.
  define_metadata(*ir, make_metadata(module, options, target));
  std::unique_ptr<llvm::MemoryBuffer> object = emit_object(*ir, *target.machine);
  return {object->getBufferStart(), object->getBufferEnd()};
}

}  // namespace kiln
