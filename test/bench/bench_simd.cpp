// Times SIMD kernels built from one C source to wasm (clang -msimd128, JIT-compiled by kiln at
// O2) and natively (-march=native), checks that both compute the same checksums, and prints the
// median time of each and the ratio kiln/native. --no-trap-unused-loads compiles the wasm with that
// option, to measure what keeping unused loads' traps costs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/loader.h"

extern "C" {
void kernel_init(uint32_t seed);
int32_t kernel_dot_i16(int32_t reps);
uint32_t kernel_scale_add_f32(int32_t reps);
uint32_t kernel_blend_u8(int32_t reps);
}

namespace {

constexpr int kRuns = 7;

struct Timing {
  double median_ms;
  uint32_t checksum;
};

// Runs `kernel` kRuns times, each after the same initialization, and keeps the median.
Timing time_kernel(const std::function<void()>& init, const std::function<uint32_t()>& kernel) {
  std::vector<double> times;
  uint32_t checksum = 0;
  for (int run = 0; run < kRuns; ++run) {
    init();
    auto start = std::chrono::steady_clock::now();
    checksum = kernel();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + kRuns / 2, times.end());
  return {times[kRuns / 2], checksum};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiln;
  CompileOptions options{.opt_level = 2};
  if (argc > 1 && std::strcmp(argv[1], "--no-trap-unused-loads") == 0) {
    options.trap_unused_loads = false;
  } else if (argc > 1) {
    std::fprintf(stderr, "usage: kiln_bench_simd [--no-trap-unused-loads]\n");
    return 2;
  }
  auto module = std::make_shared<Module>(load_module_file(KILN_SIMD_KERNELS_WASM));
  CompiledModule compiled(module, jit_compile(*module, options));
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Instance& instance = linker.instantiate(compiled);
  auto wasm_init = instance.typed<void(int32_t)>("init");

  struct Kernel {
    const char* name;
    int32_t reps;
    uint32_t (*native)(int32_t);
  };
  const Kernel kernels[] = {
      {"dot_i16", 4000, [](int32_t reps) { return static_cast<uint32_t>(kernel_dot_i16(reps)); }},
      {"scale_add_f32", 4000, kernel_scale_add_f32},
      {"blend_u8", 4000, kernel_blend_u8},
  };

  std::printf("%-16s %12s %12s %10s\n", "kernel", "native ms", "kiln ms", "kiln/native");
  bool all_agree = true;
  double log_sum = 0;
  for (const Kernel& kernel : kernels) {
    auto wasm_kernel = instance.typed<int32_t(int32_t)>(kernel.name);
    Timing native = time_kernel([] { kernel_init(42); }, [&] { return kernel.native(kernel.reps); });
    Timing wasm =
        time_kernel([&] { (void)wasm_init(42); }, [&] { return static_cast<uint32_t>(*wasm_kernel(kernel.reps)); });
    double ratio = wasm.median_ms / native.median_ms;
    log_sum += std::log(ratio);
    bool agree = native.checksum == wasm.checksum;
    all_agree = all_agree && agree;
    std::printf("%-16s %12.2f %12.2f %10.2fx%s\n", kernel.name, native.median_ms, wasm.median_ms, ratio,
                agree ? "" : "  CHECKSUM MISMATCH");
  }
  std::printf("%-16s %36.2fx\n", "geometric mean", std::exp(log_sum / std::size(kernels)));
  return all_agree ? 0 : 1;
}
