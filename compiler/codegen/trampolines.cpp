// Entry trampolines and host thunks: the only places where the wasm calling convention meets
// the C one. Both move values through arrays of 16-byte ValueSlots, value at offset 0, except
// where a host thunk calls a host function's native entry with the arguments as they came.
#include "codegen/trampolines.h"

#include <algorithm>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>

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

namespace {

// Whether LLVM's C convention passes the type's values as a C++ function of the matching types
// takes them (abi::HostFunction::native): not v128, and not several results.
bool has_native_form(const FuncType& type) {
  auto scalar = [](ValType value) { return value != ValType::V128; };
  return type.results.size() <= 1 && std::all_of(type.params.begin(), type.params.end(), scalar) &&
         std::all_of(type.results.begin(), type.results.end(), scalar);
}

// The body that hands `function`'s arguments to HostFunction::call in ValueSlots.
void emit_slot_call(ModuleCodegen& codegen, llvm::Function* function, const FuncType& type) {
  llvm::LLVMContext& context = codegen.context();
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", function));
  llvm::Value* host = function->getArg(0);
  llvm::Function* thunk = function;

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

llvm::Function* create_thunk_function(ModuleCodegen& codegen, uint32_t type_index,
                                      llvm::GlobalValue::LinkageTypes linkage, const std::string& name) {
  auto* function = llvm::Function::Create(codegen.function_type(type_index), linkage, name, codegen.module());
  function->setCallingConv(llvm::CallingConv::Tail);
  function->addFnAttr(llvm::Attribute::NoUnwind);
  return function;
}

}  // namespace

void generate_host_thunk(ModuleCodegen& codegen, uint32_t type_index) {
  const FuncType& type = codegen.wasm().types[type_index];
  llvm::Function* thunk =
      create_thunk_function(codegen, type_index, llvm::Function::ExternalLinkage, host_thunk_symbol(type_index));
  if (!has_native_form(type)) {
    emit_slot_call(codegen, thunk, type);
    return;
  }
  // The slot path in a function of its own, so that the native path sets up no frame for slots.
  llvm::Function* slot_call = create_thunk_function(codegen, type_index, llvm::Function::InternalLinkage,
                                                    host_thunk_symbol(type_index) + "_slots");
  slot_call->addFnAttr(llvm::Attribute::NoInline);
  emit_slot_call(codegen, slot_call, type);

  llvm::LLVMContext& context = codegen.context();
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", thunk));
  std::vector<llvm::Value*> args;
  for (llvm::Argument& arg : thunk->args()) args.push_back(&arg);
  llvm::Value* native_address =
      builder.CreateConstInBoundsGEP1_64(builder.getInt8Ty(), thunk->getArg(0), offsetof(abi::HostFunction, native));
  llvm::Value* native = builder.CreateAlignedLoad(builder.getPtrTy(), native_address, llvm::Align(alignof(void*)));
  auto* call_native = llvm::BasicBlock::Create(context, "native", thunk);
  auto* call_slots = llvm::BasicBlock::Create(context, "slots", thunk);
  builder.CreateCondBr(builder.CreateIsNotNull(native), call_native, call_slots,
                       llvm::MDBuilder(context).createLikelyBranchWeights());

  // The native entry has the wasm function's own LLVM type, in the C convention.
  builder.SetInsertPoint(call_native);
  llvm::CallInst* native_call = builder.CreateCall(codegen.function_type(type_index), native, args);
  if (type.results.empty()) {
    builder.CreateRetVoid();
  } else {
    builder.CreateRet(native_call);
  }

  builder.SetInsertPoint(call_slots);
  llvm::CallInst* slots_call = builder.CreateCall(slot_call, args);
  slots_call->setCallingConv(llvm::CallingConv::Tail);
  slots_call->setTailCallKind(llvm::CallInst::TCK_MustTail);
  if (type.results.empty()) {
    builder.CreateRetVoid();
  } else {
    builder.CreateRet(slots_call);
  }
}

}  // namespace kiln::codegen
