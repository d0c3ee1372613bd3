// The contract between compiled code and the runtime. Generated code (JIT or AOT) sees the
// runtime only through what this header defines: the VMContext layout at fixed offsets, the
// function-reference and import records, the value slots of entry trampolines, and the
// kiln_rt_* functions it may call. Changing anything here changes kAbiVersion.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kiln::abi {

// 2: compiled code calls the runtime through the table of kRuntimeTableSymbol.
// 3: VMContext::interrupt points at the store's flag; VMContext::fuel; kiln_rt_trap's argument
//    carries a trap site above the kind.
// 4: host thunks call HostFunction::native, when set, with the arguments in registers.
constexpr uint32_t kAbiVersion = 4;

struct VMContext;

// ---- Calling conventions ----
//
// Every wasm function is a native function in LLVM's `tailcc` convention (so that 3.0's tail
// calls can be guaranteed between any signatures):
//     R f(VMContext* vmctx, P1, P2, …)    with i32→i32, i64→i64, f32→float, f64→double,
//                                         v128→<2 x i64>, funcref/externref→ptr;
// several results come back as an LLVM struct of them, none as void. On x86-64 `tailcc` places
// register arguments and a single result as the C convention does (only the stack differs: the
// callee pops its argument area), which the runtime's typed calls rely on (kiln_wasm_call).
// C++ cannot call `tailcc` code, so each compiled module also provides, per type index:
//   - an entry trampoline (C convention) that calls a wasm function with arguments taken from,
//     and results written back to, an array of ValueSlots (EntryTrampoline below);
//   - a host thunk (`tailcc`, the type's wasm signature) that calls a HostFunction (below): what
//     an import slot holds for a host import. For a type with no v128 and at most one result it
//     first tries HostFunction::native, a C function taking the same arguments; otherwise, and
//     for every other type, it spills its arguments to ValueSlots and calls HostFunction::call.

// One argument or result of a dynamic call: any value type fits; values sit at offset 0
// (i32/f32 in the low 4 bytes, references as a pointer).
struct alignas(16) ValueSlot {
  uint8_t bytes[16];
};
static_assert(sizeof(ValueSlot) == 16);

// Calls wasm function `code` with `vmctx`; parameters are read from slots[0..n) and results
// written to slots[0..m) (the same array).
using EntryTrampoline = void (*)(const void* code, VMContext* vmctx, ValueSlot* slots);

// A host function as compiled code calls it (the record is the callee's vmctx). `call` takes the
// argument slots and leaves the results in them. `native`, when not null, is a C function
//     R native(HostFunction* self, P1, P2, …)   (i32→int32_t, i64→int64_t, f32→float,
//                                                f64→double, funcref/externref→pointer)
// of the function's wasm type, with no v128 and at most one result: no slots, no spills, the
// arguments stay in their registers. A host function that traps does not return from either
// (it ends the wasm call through the runtime).
struct HostFunction {
  void (*call)(HostFunction* self, ValueSlot* slots);
  const void* native = nullptr;
};
static_assert(offsetof(HostFunction, call) == 0);
static_assert(offsetof(HostFunction, native) == 8);

// ---- Records compiled code reads ----

// What a funcref points to (a null funcref is a null pointer). Table elements of funcref
// tables are `const FuncRef*`; externref values are opaque host pointers.
struct FuncRef {
  const void* code;  // the function in the wasm convention
  VMContext* vmctx;  // the first argument to pass: the callee's instance (or its HostFunction)
  uint32_t type_id;  // canonical signature id, engine-wide: equal types have equal ids
  uint32_t reserved;
};
static_assert(offsetof(FuncRef, code) == 0);
static_assert(offsetof(FuncRef, vmctx) == 8);
static_assert(offsetof(FuncRef, type_id) == 16);
static_assert(sizeof(FuncRef) == 24);

// An imported function as the importing instance calls it: a wasm function of another
// instance (its code and vmctx, a direct cross-instance call) or a host function (this
// module's host thunk for the import's type, with the HostFunction as vmctx).
struct ImportedFunction {
  const void* code;
  VMContext* vmctx;
};
static_assert(sizeof(ImportedFunction) == 16);

// The current extent of a memory, owned by the memory and shared by every instance using it,
// so that growth made by one is seen by all. The base never moves.
struct MemoryExtent {
  uint8_t* base;
  uint64_t size;  // in bytes
};
static_assert(offsetof(MemoryExtent, base) == 0);
static_assert(offsetof(MemoryExtent, size) == 8);

// The current extent of a table, owned by the table. Growth may move `elements`.
struct TableExtent {
  void** elements;
  uint64_t size;  // in elements
};
static_assert(offsetof(TableExtent, elements) == 0);
static_assert(offsetof(TableExtent, size) == 8);

// A global's storage: 16 bytes for any value type, the value at offset 0.
struct alignas(16) GlobalCell {
  uint8_t bytes[16];
};

// ---- The instance context ----
//
// One per instance; the first argument of every wasm function. Memory 0 has a fast path: its
// base is copied here (it never moves). Everything else is an indexed array, so multiple
// memories and tables are additions, not a new layout.
struct VMContext {
  uint8_t* memory0_base;  // base of memory 0, or null without a memory
  MemoryExtent* memory0;  // memory 0's extent (its size), or null
  uintptr_t stack_limit;  // compiled code traps "call stack exhausted" when SP < this (but see below)
  // Points at the store's interrupt flag (never null); interruptible code loads it atomically at
  // function entries and loop headers and traps "interrupted" when it is non-zero.
  const uint32_t* interrupt;
  MemoryExtent** memories;               // per memory index
  TableExtent** tables;                  // per table index (imported ones point at their owner's)
  GlobalCell** globals;                  // per global index (imported ones point at their owner's)
  ImportedFunction* imported_functions;  // per imported function
  FuncRef* func_refs;                    // per function index, imports included: what ref.func yields
  const uint32_t* type_ids;              // canonical type id per type index, for call_indirect
  const void* const* function_code;      // per defined function: its code, for direct calls by index
  void* runtime_instance;                // the runtime's own instance object; opaque to compiled code
  // Points at the store's remaining fuel (never null); code compiled to consume fuel subtracts
  // what each run of straight-line code costs and traps "all fuel consumed" below zero.
  int64_t* fuel;
};

// How far below stack_limit a leaf function may reach without checking: optimized code drops the
// check of functions that call nothing in the wasm convention and whose frames are proven to fit
// in this much (compiler/pipeline/leaf_stack_checks.cpp). The runtime keeps at least twice this
// free below the limit, for those frames and the runtime helpers they may call.
constexpr size_t kUncheckedLeafStack = 16 * 1024;

namespace offsets {
constexpr size_t kMemory0Base = 0;
constexpr size_t kMemory0 = 8;
constexpr size_t kStackLimit = 16;
constexpr size_t kInterrupt = 24;
constexpr size_t kMemories = 32;
constexpr size_t kTables = 40;
constexpr size_t kGlobals = 48;
constexpr size_t kImportedFunctions = 56;
constexpr size_t kFuncRefs = 64;
constexpr size_t kTypeIds = 72;
constexpr size_t kFunctionCode = 80;
constexpr size_t kRuntimeInstance = 88;
constexpr size_t kFuel = 96;
}  // namespace offsets

static_assert(offsetof(VMContext, memory0_base) == offsets::kMemory0Base);
static_assert(offsetof(VMContext, memory0) == offsets::kMemory0);
static_assert(offsetof(VMContext, stack_limit) == offsets::kStackLimit);
static_assert(offsetof(VMContext, interrupt) == offsets::kInterrupt);
static_assert(offsetof(VMContext, memories) == offsets::kMemories);
static_assert(offsetof(VMContext, tables) == offsets::kTables);
static_assert(offsetof(VMContext, globals) == offsets::kGlobals);
static_assert(offsetof(VMContext, imported_functions) == offsets::kImportedFunctions);
static_assert(offsetof(VMContext, func_refs) == offsets::kFuncRefs);
static_assert(offsetof(VMContext, type_ids) == offsets::kTypeIds);
static_assert(offsetof(VMContext, function_code) == offsets::kFunctionCode);
static_assert(offsetof(VMContext, runtime_instance) == offsets::kRuntimeInstance);
static_assert(offsetof(VMContext, fuel) == offsets::kFuel);

// ---- The runtime function table ----
//
// Compiled code does not link against the kiln_rt_* functions below by name: every compiled
// module defines a writable table of pointers to them under this symbol, in RuntimeFunction
// order, and whoever loads the code (the JIT, or the loader of a shared object) fills it before
// any of the code runs. So a shared object needs nothing exported by the process that loads it.
inline constexpr const char* kRuntimeTableSymbol = "kiln_runtime_functions";
enum RuntimeFunction : uint32_t {
  kRtMemoryGrow,
  kRtMemoryFill,
  kRtMemoryCopy,
  kRtMemoryInit,
  kRtDataDrop,
  kRtTableGrow,
  kRtTableFill,
  kRtTableCopy,
  kRtTableInit,
  kRtElemDrop,
  kRtTrap,
  kRuntimeFunctionCount
};
// The runtime's function pointers in RuntimeFunction order (kRuntimeFunctionCount of them).
const void* const* runtime_function_table();

}  // namespace kiln::abi

// ---- Runtime functions compiled code may call (C convention) ----
//
// Indices are the module's own (memory, table, data and element segment indices). Addresses
// and lengths are 64-bit so that memory64 needs no new entry points. Functions that can trap
// do so by ending the wasm call (they never return then); `trap` takes a kiln::TrapKind value in
// its low 8 bits, and ignores the bits above, where compiled code numbers its trap sites.
extern "C" {
int64_t kiln_rt_memory_grow(kiln::abi::VMContext* vmctx, uint32_t memory, uint64_t delta_pages);
void kiln_rt_memory_fill(kiln::abi::VMContext* vmctx, uint32_t memory, uint64_t dst, uint32_t value, uint64_t len);
void kiln_rt_memory_copy(kiln::abi::VMContext* vmctx, uint32_t dst_memory, uint32_t src_memory, uint64_t dst,
                         uint64_t src, uint64_t len);
void kiln_rt_memory_init(kiln::abi::VMContext* vmctx, uint32_t memory, uint32_t data, uint64_t dst, uint64_t src,
                         uint64_t len);
void kiln_rt_data_drop(kiln::abi::VMContext* vmctx, uint32_t data);
void* kiln_rt_table_get(kiln::abi::VMContext* vmctx, uint32_t table, uint64_t index);
void kiln_rt_table_set(kiln::abi::VMContext* vmctx, uint32_t table, uint64_t index, void* value);
int64_t kiln_rt_table_grow(kiln::abi::VMContext* vmctx, uint32_t table, void* init, uint64_t delta);
void kiln_rt_table_fill(kiln::abi::VMContext* vmctx, uint32_t table, uint64_t dst, void* value, uint64_t len);
void kiln_rt_table_copy(kiln::abi::VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst, uint64_t src,
                        uint64_t len);
void kiln_rt_table_init(kiln::abi::VMContext* vmctx, uint32_t table, uint32_t elem, uint64_t dst, uint64_t src,
                        uint64_t len);
void kiln_rt_elem_drop(kiln::abi::VMContext* vmctx, uint32_t elem);
[[noreturn]] void kiln_rt_trap(kiln::abi::VMContext* vmctx, uint32_t trap_kind);
}
