// Call overhead of kiln's JIT-compiled code, with Google Benchmark: host→wasm typed and dynamic
// calls, wasm→host import calls, call_indirect, instantiation of a compiled module and
// memory.grow. Loop benchmarks run kLoopCalls calls per iteration and count each as an item, so
// that "ns per call" is the time per iteration over kLoopCalls (test/bench/run.py divides).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/loader.h"

namespace {

constexpr int32_t kLoopCalls = 1000;

// calls.wat compiled once at O2 for the whole binary, as an embedder would.
const kiln::CompiledModule& compiled_calls() {
  static const kiln::CompiledModule compiled = [] {
    auto module = std::make_shared<const kiln::Module>(kiln::load_module_file(KILN_CALLS_WAT));
    return kiln::CompiledModule(module, kiln::jit_compile(*module, {.opt_level = 2}));
  }();
  return compiled;
}

// One store holding one instance of calls.wat whose import is a host function doing nothing.
struct CallsInstance {
  kiln::Engine engine;
  kiln::Store store{engine};
  kiln::Linker linker{store};
  kiln::Instance* instance = nullptr;

  CallsInstance() {
    linker.func("env", "host_nop", [] {});
    instance = &linker.instantiate(compiled_calls());
  }
};

template <class T>
T value_or_abort(kiln::Result<T> result, benchmark::State& state) {
  if (!result) {
    state.SkipWithError("the wasm call trapped");
    return T{};
  }
  return *result;
}

void check(kiln::Result<void> result, benchmark::State& state) {
  if (!result) state.SkipWithError("the wasm call trapped");
}

void BM_HostToWasmTypedNop(benchmark::State& state) {
  CallsInstance calls;
  auto nop = calls.instance->typed<void()>("nop");
  for (auto _ : state) check(nop(), state);
}
BENCHMARK(BM_HostToWasmTypedNop);

void BM_HostToWasmTypedAdd(benchmark::State& state) {
  CallsInstance calls;
  auto add = calls.instance->typed<int32_t(int32_t, int32_t)>("add");
  int32_t sum = 0;
  for (auto _ : state) {
    sum = value_or_abort(add(sum, 1), state);
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_HostToWasmTypedAdd);

void BM_HostToWasmDynamicAdd(benchmark::State& state) {
  CallsInstance calls;
  kiln::Func add = *calls.instance->func("add");
  int32_t sum = 0;
  for (auto _ : state) {
    kiln::Result<std::vector<kiln::Value>> results = add.call({sum, int32_t{1}});
    if (!results) {
      state.SkipWithError("the wasm call trapped");
      break;
    }
    sum = results->at(0).as<int32_t>();
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_HostToWasmDynamicAdd);

// kLoopCalls calls of a typed host function from a wasm loop.
void BM_WasmToHostCall(benchmark::State& state) {
  CallsInstance calls;
  auto call_host = calls.instance->typed<void(int32_t)>("call_host");
  for (auto _ : state) check(call_host(kLoopCalls), state);
  state.SetItemsProcessed(state.iterations() * kLoopCalls);
}
BENCHMARK(BM_WasmToHostCall);

void BM_WasmCallIndirect(benchmark::State& state) {
  CallsInstance calls;
  auto call_indirect = calls.instance->typed<int32_t(int32_t)>("call_indirect");
  for (auto _ : state) benchmark::DoNotOptimize(value_or_abort(call_indirect(kLoopCalls), state));
  state.SetItemsProcessed(state.iterations() * kLoopCalls);
}
BENCHMARK(BM_WasmCallIndirect);

// Instantiating the already-compiled module (memory, table, data and element segments, one
// imported host function) into a store that lives on; every 256 instances the store is replaced,
// outside the timing, so that memory use stays bounded.
void BM_Instantiate(benchmark::State& state) {
  constexpr int kPerStore = 256;
  const kiln::CompiledModule& compiled = compiled_calls();
  kiln::Engine engine;
  std::optional<kiln::Store> store;
  std::vector<kiln::Extern> imports;
  int in_store = kPerStore;
  for (auto _ : state) {
    if (in_store == kPerStore) {
      state.PauseTiming();
      store.reset();
      store.emplace(engine);
      imports = {store->create_func([] {})};
      in_store = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(&store->instantiate(compiled, imports));
    ++in_store;
  }
}
BENCHMARK(BM_Instantiate);

// The whole life of a short-lived instance: a new store, the host function, the instance, and
// the store's destruction.
void BM_StoreInstantiateDestroy(benchmark::State& state) {
  const kiln::CompiledModule& compiled = compiled_calls();
  kiln::Engine engine;
  for (auto _ : state) {
    kiln::Store store(engine);
    std::vector<kiln::Extern> imports = {store.create_func([] {})};
    benchmark::DoNotOptimize(&store.instantiate(compiled, imports));
  }
}
BENCHMARK(BM_StoreInstantiateDestroy);

// memory.grow by one page, from 1 page up to kMaxPages, then a fresh instance (outside the timing).
void BM_MemoryGrow(benchmark::State& state) {
  constexpr int kMaxPages = 4096;
  std::optional<CallsInstance> calls;
  kiln::TypedFunc<int32_t(int32_t)> grow;
  int pages = kMaxPages;
  for (auto _ : state) {
    if (pages == kMaxPages) {
      state.PauseTiming();
      calls.reset();
      calls.emplace();
      grow = calls->instance->typed<int32_t(int32_t)>("grow");
      pages = 1;
      state.ResumeTiming();
    }
    if (value_or_abort(grow(1), state) != pages) state.SkipWithError("memory.grow failed");
    ++pages;
  }
}
BENCHMARK(BM_MemoryGrow);

}  // namespace

BENCHMARK_MAIN();
