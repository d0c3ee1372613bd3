// The walk over a function body and its control flow. Blocks and ifs end in a block whose phis
// receive the results of every branch to them; loops begin in a header whose phis receive
// their params. Code after br, br_table, return and unreachable is skipped up to the end (or
// else) of its frame, as the validator's "unreachable" frames describe it.
#include "codegen/function_compiler.h"

#include <llvm/IR/CFG.h>
#include <llvm/IR/MDBuilder.h>

#include "kiln/error.h"
#include "pipeline/load_sink_finisher.h"

namespace kiln::codegen {
namespace {

// Block types naming one value type have no storage of their own for their result list; each
// value type gets a static one-element home here.
constexpr ValType kAllValTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                    ValType::V128, ValType::FuncRef, ValType::ExternRef};

std::span<const ValType> single_type(ValType type) {
  for (const ValType& candidate : kAllValTypes) {
    if (candidate == type) return {&candidate, 1};
  }
  return {};
}

}  // namespace

FunctionCompiler::FunctionCompiler(ModuleCodegen& codegen, uint32_t func_index)
    : codegen_(codegen),
      wasm_(codegen.wasm()),
      func_index_(func_index),
      type_(codegen.wasm().func_type(func_index)),
      function_(codegen.defined_function(func_index)),
      context_(codegen.context()),
      entry_block_(llvm::BasicBlock::Create(context_, "entry", function_)),
      body_block_(llvm::BasicBlock::Create(context_, "body", function_)),
      entry_builder_(entry_block_),
      builder_(body_block_),
      vm_(entry_builder_, function_->getArg(0), codegen.memory_scope(), wasm_.tables),
      offset_scope_(codegen.offset_scope(func_index)) {}

void FunctionCompiler::compile() {
  set_up_entry();
  auto* return_block = llvm::BasicBlock::Create(context_, "return", function_);
  push_frame(Op::Block, {}, type_.results, return_block);
  interrupt_check();

  const FunctionBody& body = wasm_.bodies[func_index_ - wasm_.num_imported_functions];
  InstrReader reader(body.code, body.code_offset);
  while (!frames_.empty()) {
    Instr instr = reader.next();
    if (offset_scope_) locate(instr.offset);
    if (reachable_) {
      if (codegen_.consumes_fuel()) count_fuel(instr);
      emit(instr);
    } else {
      skip_unreachable(instr);
    }
  }
  finish_entry();
}

void FunctionCompiler::keep_load(llvm::Value* loaded) {
  if (!load_sink_) return;
  // All of the value's bits, so that no narrower load could replace it either.
  unsigned bits = static_cast<unsigned>(loaded->getType()->getPrimitiveSizeInBits().getFixedValue());
  if (bits == 128) {
    llvm::Type* v2i64 = lanes(builder_.getInt64Ty(), 2);
    llvm::Value* value = builder_.CreateBitCast(loaded, v2i64);
    builder_.CreateStore(builder_.CreateOr(builder_.CreateLoad(v2i64, vector_load_sink_), value), vector_load_sink_);
    return;
  }
  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Value* value = builder_.CreateBitCast(loaded, builder_.getIntNTy(bits));
  if (bits < 64) value = builder_.CreateZExt(value, i64);
  builder_.CreateStore(builder_.CreateOr(builder_.CreateLoad(i64, load_sink_), value), load_sink_);
}

void FunctionCompiler::create_load_sink() {
  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* v2i64 = lanes(i64, 2);
  load_sink_ = entry_builder_.CreateAlloca(i64, nullptr, "load_sink");
  entry_builder_.CreateStore(builder_.getInt64(0), load_sink_);
  vector_load_sink_ = entry_builder_.CreateAlloca(v2i64, nullptr, "vector_load_sink");
  entry_builder_.CreateStore(llvm::Constant::getNullValue(v2i64), vector_load_sink_);
  llvm::Module& module = codegen_.module();
  load_sink_out_ = module.getNamedGlobal(kLoadSinkGlobal);
  if (!load_sink_out_) {
    load_sink_out_ = new llvm::GlobalVariable(module, i64, /*isConstant=*/false, llvm::GlobalValue::PrivateLinkage,
                                              builder_.getInt64(0), kLoadSinkGlobal);
  }
}

void FunctionCompiler::flush_load_sink(llvm::IRBuilder<>& builder) {
  if (!load_sink_) return;
  llvm::Value* sink = builder.CreateLoad(builder.getInt64Ty(), load_sink_);
  llvm::Value* vector = builder.CreateLoad(lanes(builder.getInt64Ty(), 2), vector_load_sink_);
  sink = builder.CreateOr(sink, builder.CreateOrReduce(vector));
  builder.CreateStore(sink, load_sink_out_, /*isVolatile=*/true);
}

void FunctionCompiler::set_up_entry() {
  const FunctionBody& body = wasm_.bodies[func_index_ - wasm_.num_imported_functions];
  if (offset_scope_) locate(body.code_offset);
  // Before any trap block, each of which flushes the sink too (the optimizer removes it unused).
  if (codegen_.keeps_unused_loads()) create_load_sink();
  // Every local becomes a stack slot, so a body may not declare billions of them in a few
  // bytes; the limit is the one the JS embedding of WebAssembly sets.
  constexpr uint64_t kMaxLocals = 50000;
  if (uint64_t{type_.params.size()} + body.num_locals > kMaxLocals) {
    throw Error(ErrorKind::Invalid, "too many locals: kiln compiles functions of at most 50000", body.code_offset);
  }
  for (size_t i = 0; i < type_.params.size(); ++i) {
    llvm::Type* type = codegen_.value_type(type_.params[i]);
    locals_.push_back(entry_builder_.CreateAlloca(type));
    local_types_.push_back(type);
    entry_builder_.CreateStore(function_->getArg(unsigned(i + 1)), locals_.back());
  }
  for (const LocalDecl& decl : body.locals) {
    llvm::Type* type = codegen_.value_type(decl.type);
    for (uint32_t i = 0; i < decl.count; ++i) {
      locals_.push_back(entry_builder_.CreateAlloca(type));
      local_types_.push_back(type);
      entry_builder_.CreateStore(llvm::Constant::getNullValue(type), locals_.back());
    }
  }
}

void FunctionCompiler::finish_entry() {
  if (offset_scope_) locate(wasm_.bodies[func_index_ - wasm_.num_imported_functions].code_offset);
  // The stack check comes last in the entry block only because the block also collects the
  // invariant VMContext loads made while the body was lowered; nothing before it has effects.
  llvm::Value* frame = entry_builder_.CreateIntrinsic(llvm::Intrinsic::frameaddress, {entry_builder_.getPtrTy()},
                                                      {entry_builder_.getInt32(0)});
  llvm::Value* stack_pointer = entry_builder_.CreatePtrToInt(frame, entry_builder_.getInt64Ty());
  llvm::Value* exhausted = entry_builder_.CreateICmpULT(stack_pointer, vm_.stack_limit());
  llvm::MDNode* weights = llvm::MDBuilder(context_).createUnlikelyBranchWeights();
  entry_builder_.CreateCondBr(exhausted, trap_block(TrapKind::CallStackExhausted), body_block_, weights);
}

void FunctionCompiler::locate(uint32_t offset) {
  llvm::DebugLoc location = llvm::DILocation::get(context_, offset, 0, offset_scope_);
  builder_.SetCurrentDebugLocation(location);
  // The entry block collects the VMContext loads an instruction needs; they come from it too.
  entry_builder_.SetCurrentDebugLocation(location);
}

void FunctionCompiler::emit(const Instr& instr) {
  switch (instr.op) {
    case Op::Nop: return;
    case Op::Unreachable: trap(TrapKind::Unreachable); return;
    case Op::Block: begin_block(instr); return;
    case Op::Loop: begin_loop(instr); return;
    case Op::If: begin_if(instr); return;
    case Op::Else: begin_else(); return;
    case Op::End: end_frame(); return;
    case Op::Br: branch(instr.index); return;
    case Op::BrIf: branch_if(instr.index); return;
    case Op::BrTable: branch_table(instr); return;
    case Op::Return: branch(uint32_t(frames_.size() - 1)); return;
    default: break;
  }
  if (emit_numeric(instr) || emit_conversion(instr) || emit_memory(instr) || emit_call(instr) || emit_table(instr) ||
      emit_variable(instr) || emit_simd(instr)) {
    return;
  }
  throw Error(ErrorKind::Invalid, std::string("code generation does not support ") + op_name(instr.op), instr.offset);
}

void FunctionCompiler::skip_unreachable(const Instr& instr) {
  switch (instr.op) {
    case Op::Block:
    case Op::Loop:
    case Op::If: ++unreachable_depth_; return;
    case Op::Else:
      if (unreachable_depth_ == 0) begin_else();
      return;
    case Op::End:
      if (unreachable_depth_ == 0) {
        end_frame();
      } else {
        --unreachable_depth_;
      }
      return;
    default: return;
  }
}

void FunctionCompiler::block_signature(const BlockType& block, std::span<const ValType>& params,
                                       std::span<const ValType>& results) {
  params = {};
  results = {};
  if (block.kind == BlockType::Kind::Value) results = single_type(block.value);
  if (block.kind == BlockType::Kind::TypeIndex) {
    params = wasm_.types[block.type_index].params;
    results = wasm_.types[block.type_index].results;
  }
}

std::vector<llvm::PHINode*> FunctionCompiler::make_phis(llvm::BasicBlock* block, std::span<const ValType> types) {
  std::vector<llvm::PHINode*> phis;
  for (ValType type : types) {
    phis.push_back(llvm::PHINode::Create(codegen_.value_type(type), 2, "", block));
    phis.back()->setDebugLoc(builder_.getCurrentDebugLocation());
  }
  return phis;
}

void FunctionCompiler::push_frame(Op kind, std::span<const ValType> params, std::span<const ValType> results,
                                  llvm::BasicBlock* label_block) {
  ControlFrame frame{kind, params, results, stack_.size() - params.size(), label_block, {}, nullptr, {}};
  frame.label_phis = make_phis(label_block, frame.label_types());
  frames_.push_back(std::move(frame));
}

void FunctionCompiler::begin_block(const Instr& instr) {
  std::span<const ValType> params, results;
  block_signature(instr.block, params, results);
  push_frame(Op::Block, params, results, new_block("block_end"));
}

void FunctionCompiler::begin_loop(const Instr& instr) {
  std::span<const ValType> params, results;
  block_signature(instr.block, params, results);
  llvm::BasicBlock* header = new_block("loop");
  push_frame(Op::Loop, params, results, header);
  add_branch_values(frames_.back());
  builder_.CreateBr(header);
  builder_.SetInsertPoint(header);
  // In the header, every iteration passes the check, whichever branch starts it.
  interrupt_check();
  stack_.resize(frames_.back().height);
  for (llvm::PHINode* phi : frames_.back().label_phis) push(phi);
}

void FunctionCompiler::begin_if(const Instr& instr) {
  std::span<const ValType> params, results;
  block_signature(instr.block, params, results);
  llvm::Value* condition = to_bool(pop());
  llvm::BasicBlock* then_block = new_block("then");
  llvm::BasicBlock* else_block = new_block("else");
  push_frame(Op::If, params, results, new_block("if_end"));
  ControlFrame& frame = frames_.back();
  frame.else_block = else_block;
  frame.if_params.assign(stack_.end() - ptrdiff_t(params.size()), stack_.end());
  builder_.CreateCondBr(condition, then_block, else_block);
  builder_.SetInsertPoint(then_block);
}

void FunctionCompiler::begin_else() {
  ControlFrame& frame = frames_.back();
  if (reachable_) {
    add_branch_values(frame);
    builder_.CreateBr(frame.label_block);
  }
  stack_.resize(frame.height);
  for (llvm::Value* param : frame.if_params) push(param);
  builder_.SetInsertPoint(frame.else_block);
  frame.else_block = nullptr;
  reachable_ = true;
}

void FunctionCompiler::end_frame() {
  ControlFrame& frame = frames_.back();
  if (frame.kind == Op::Loop) {
    // Only falling through leaves a loop, so its results are already where they belong.
    frames_.pop_back();
    return;
  }
  if (frame.else_block != nullptr) {
    // An `if` without `else`: the false branch passes the params on as the results.
    for (size_t i = 0; i < frame.label_phis.size(); ++i) {
      frame.label_phis[i]->addIncoming(frame.if_params[i], frame.else_block);
    }
    llvm::BranchInst::Create(frame.label_block, frame.else_block)->setDebugLoc(builder_.getCurrentDebugLocation());
  }
  if (reachable_) {
    add_branch_values(frame);
    builder_.CreateBr(frame.label_block);
  }
  stack_.resize(frame.height);
  llvm::BasicBlock* end = frame.label_block;
  std::vector<llvm::PHINode*> results = std::move(frame.label_phis);
  bool is_function_body = frames_.size() == 1;
  frames_.pop_back();

  if (llvm::pred_empty(end)) {
    // Nothing reaches the end: what follows is unreachable too.
    end->eraseFromParent();
    reachable_ = false;
    return;
  }
  builder_.SetInsertPoint(end);
  reachable_ = true;
  if (is_function_body) {
    emit_return_from(end, results);
    return;
  }
  for (llvm::PHINode* phi : results) push(phi);
}

void FunctionCompiler::emit_return_from(llvm::BasicBlock* block, std::span<llvm::PHINode* const> values) {
  builder_.SetInsertPoint(block);
  flush_load_sink(builder_);
  if (values.empty()) {
    builder_.CreateRetVoid();
  } else if (values.size() == 1) {
    builder_.CreateRet(values[0]);
  } else {
    llvm::Value* aggregate = llvm::PoisonValue::get(function_->getReturnType());
    for (unsigned i = 0; i < values.size(); ++i) aggregate = builder_.CreateInsertValue(aggregate, values[i], i);
    builder_.CreateRet(aggregate);
  }
}

void FunctionCompiler::add_branch_values(ControlFrame& target) {
  llvm::BasicBlock* from = builder_.GetInsertBlock();
  size_t count = target.label_phis.size();
  for (size_t i = 0; i < count; ++i) target.label_phis[i]->addIncoming(stack_[stack_.size() - count + i], from);
}

void FunctionCompiler::branch(uint32_t depth) {
  ControlFrame& target = label(depth);
  add_branch_values(target);
  builder_.CreateBr(target.label_block);
  mark_unreachable();
}

void FunctionCompiler::branch_if(uint32_t depth) {
  llvm::Value* condition = to_bool(pop());
  ControlFrame& target = label(depth);
  add_branch_values(target);
  llvm::BasicBlock* continuation = new_block("br_if_cont");
  builder_.CreateCondBr(condition, target.label_block, continuation);
  builder_.SetInsertPoint(continuation);
}

void FunctionCompiler::branch_table(const Instr& instr) {
  llvm::Value* index = pop();
  ControlFrame& default_target = label(instr.index);
  llvm::SwitchInst* table = builder_.CreateSwitch(index, default_target.label_block, unsigned(instr.targets.size()));
  // A phi needs one incoming value per edge, so a label named twice gets two.
  add_branch_values(default_target);
  for (size_t i = 0; i < instr.targets.size(); ++i) {
    ControlFrame& target = label(instr.targets[i]);
    table->addCase(builder_.getInt32(uint32_t(i)), target.label_block);
    add_branch_values(target);
  }
  mark_unreachable();
}

void FunctionCompiler::mark_unreachable() {
  stack_.resize(frames_.back().height);
  reachable_ = false;
}

void FunctionCompiler::trap_if(llvm::Value* condition, TrapKind kind) {
  llvm::BasicBlock* continuation = new_block("ok");
  llvm::MDNode* weights = llvm::MDBuilder(context_).createUnlikelyBranchWeights();
  builder_.CreateCondBr(condition, trap_block(kind), continuation, weights);
  builder_.SetInsertPoint(continuation);
}

void FunctionCompiler::trap(TrapKind kind) {
  builder_.CreateBr(trap_block(kind));
  mark_unreachable();
}

llvm::BasicBlock* FunctionCompiler::trap_block(TrapKind kind) {
  // With wasm offsets recorded each trap site gets its own block, so that its call of
  // kiln_rt_trap carries the site's offset into the trap's backtrace.
  llvm::BasicBlock* site_block = nullptr;
  llvm::BasicBlock*& block = offset_scope_ ? site_block : trap_blocks_[size_t(kind)];
  if (block == nullptr) {
    block = llvm::BasicBlock::Create(context_, "trap", function_);
    llvm::IRBuilder<> trap_builder(block);
    trap_builder.SetCurrentDebugLocation(builder_.getCurrentDebugLocation());
    // A load before the trap must fault first, so its value counts here as at a return.
    flush_load_sink(trap_builder);
    // Above the kind, a number per site: identical calls would be merged by the code generator
    // into one, whose location is then none of the sites'.
    uint32_t argument = uint32_t(kind) | (offset_scope_ ? ++trap_sites_ << 8 : 0);
    llvm::CallInst* call =
        trap_builder.CreateCall(codegen_.runtime().trap, {vm_.vmctx(), trap_builder.getInt32(argument)});
    call->setDoesNotReturn();
    trap_builder.CreateUnreachable();
  }
  return block;
}

void FunctionCompiler::interrupt_check() {
  if (!codegen_.interruptible()) return;
  trap_if(builder_.CreateICmpNE(vm_.interrupt_flag(builder_), builder_.getInt32(0)), TrapKind::Interrupted);
}

void FunctionCompiler::count_fuel(const Instr& instr) {
  ++pending_fuel_;
  switch (instr.op) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Else:
    case Op::End:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable:
    case Op::Return:
    case Op::Unreachable:
    case Op::Call:
    case Op::CallIndirect: charge_fuel(); return;
    default: return;
  }
}

void FunctionCompiler::charge_fuel() {
  llvm::Value* counter = vm_.fuel_counter();
  llvm::LoadInst* before = builder_.CreateLoad(builder_.getInt64Ty(), counter);
  codegen_.memory_scope().mark_state_load(before);
  llvm::Value* after = builder_.CreateSub(before, builder_.getInt64(pending_fuel_));
  builder_.CreateStore(after, counter);
  pending_fuel_ = 0;
  trap_if(builder_.CreateICmpSLT(after, builder_.getInt64(0)), TrapKind::OutOfFuel);
}

llvm::BasicBlock* FunctionCompiler::new_block(const char* name) {
  return llvm::BasicBlock::Create(context_, name, function_);
}

std::vector<llvm::Value*> FunctionCompiler::pop_values(size_t count) {
  std::vector<llvm::Value*> values(stack_.end() - ptrdiff_t(count), stack_.end());
  stack_.resize(stack_.size() - count);
  return values;
}

llvm::Value* FunctionCompiler::call_intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Value*> args) {
  return builder_.CreateIntrinsic(id, {args[0]->getType()}, args);
}

}  // namespace kiln::codegen
