// Entry trampolines and host thunks: the only places where the wasm calling convention meets
// the C one. Both move values through arrays of 16-byte ValueSlots, value at offset 0.
#include "codegen/trampolines.h"

#include <algorithm>

#include <llvm/IR/IRBuilder.h>

#include "codegen/symbol_names.h"
#include "kiln/abi.h"

namespace kiln::codegen {
namespace {

constexpr uint64_t kSlotSize = sizeof(abi::ValueSlot);

llvm::Value* slot_address(llvm::IRBuilder<>& builder, llvm::Value* slots, size_t index) {
  return builder.CreateConstInBoundsGEP1_64(builder.getInt8Ty(), slots, index * kSlotSize);
}

// Splits a call's result into its values, by the convention's void / single / struct shapes.
std::vector<llvm::Value*> unpack_results(llvm::IRBuilder<>& builder, llvm::Value* result, size_t count) {
  if (count == 0) return {};
  if (count == 1) return {result};
  std::vector<llvm::Value*> values;
  for (unsigned i = 0; i < count; ++i) values.push_back(builder.CreateExtractValue(result, i));
  return values;
}

void return_values(llvm::IRBuilder<>& builder, llvm::Type* results_type, const std::vector<llvm::Value*>& values) {
  if (values.empty()) {
    builder.CreateRetVoid();
  } else if (values.size() == 1) {
    builder.CreateRet(values[0]);
  } else {
    llvm::Value* aggregate = llvm::PoisonValue::get(results_type);
    for (unsigned i = 0; i < values.size(); ++i) aggregate = builder.CreateInsertValue(aggregate, values[i], i);
    builder.CreateRet(aggregate);
  }
}

}  // namespace

void generate_entry_trampoline(ModuleCodegen& codegen, uint32_t type_index) {
  llvm::LLVMContext& context = codegen.context();
  const FuncType& type = codegen.wasm().types[type_index];
  llvm::Type* ptr = llvm::PointerType::get(context, 0);
  auto* trampoline_type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), {ptr, ptr, ptr}, false);
  auto* trampoline = llvm::Function::Create(trampoline_type, llvm::Function::ExternalLinkage, entry_symbol(type_index),
                                            codegen.module());
  trampoline->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", trampoline));
  llvm::Value* code = trampoline->getArg(0);
  llvm::Value* vmctx = trampoline->getArg(1);
  llvm::Value* slots = trampoline->getArg(2);

  std::vector<llvm::Value*> args{vmctx};
  for (size_t i = 0; i < type.params.size(); ++i) {
    args.push_back(builder.CreateAlignedLoad(codegen.value_type(type.params[i]), slot_address(builder, slots, i),
                                             llvm::Align(kSlotSize)));
  }
  llvm::CallInst* call = builder.CreateCall(codegen.function_type(type_index), code, args);
  call->setCallingConv(llvm::CallingConv::Tail);
  std::vector<llvm::Value*> results = unpack_results(builder, call, type.results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    builder.CreateAlignedStore(results[i], slot_address(builder, slots, i), llvm::Align(kSlotSize));
  }
  builder.CreateRetVoid();
}

void generate_host_thunk(ModuleCodegen& codegen, uint32_t type_index) {
  llvm::LLVMContext& context = codegen.context();
  const FuncType& type = codegen.wasm().types[type_index];
  auto* thunk = llvm::Function::Create(codegen.function_type(type_index), llvm::Function::ExternalLinkage,
                                       host_thunk_symbol(type_index), codegen.module());
  thunk->setCallingConv(llvm::CallingConv::Tail);
  thunk->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", thunk));
  llvm::Value* host = thunk->getArg(0);

  // The slots hold the arguments on the way in and the results on the way out.
  size_t slot_count = std::max<size_t>({type.params.size(), type.results.size(), 1});
  llvm::AllocaInst* slots = builder.CreateAlloca(llvm::ArrayType::get(builder.getInt8Ty(), slot_count * kSlotSize));
  slots->setAlignment(llvm::Align(kSlotSize));
  for (size_t i = 0; i < type.params.size(); ++i) {
    builder.CreateAlignedStore(thunk->getArg(unsigned(i + 1)), slot_address(builder, slots, i), llvm::Align(kSlotSize));
  }
  llvm::Type* ptr = llvm::PointerType::get(context, 0);
  auto* host_call_type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), {ptr, ptr}, false);
  static_assert(offsetof(abi::HostFunction, call) == 0);
  llvm::Value* call_pointer = builder.CreateAlignedLoad(ptr, host, llvm::Align(alignof(abi::HostFunction)));
  builder.CreateCall(host_call_type, call_pointer, {host, slots});
  std::vector<llvm::Value*> results;
  for (size_t i = 0; i < type.results.size(); ++i) {
    results.push_back(builder.CreateAlignedLoad(codegen.value_type(type.results[i]), slot_address(builder, slots, i),
                                                llvm::Align(kSlotSize)));
  }
  return_values(builder, codegen.results_type(type.results), results);
}

}  // namespace kiln::codegen
