// Times SIMD kernels built from one C source to wasm (clang -msimd128, JIT-compiled by kiln at
// O2) and natively (-march=native), checks that both compute the same checksums, and prints the
// minimum and median times of each and the ratios kiln/native. Each run is calibrated to last
// at least --min-ms natively, and native and wasm runs alternate, so that a noisy machine
// disturbs both sides alike; the paired ratio is the median of each wasm run's time over that of
// the native run beside it, which a load that comes and goes disturbs least.
// --no-trap-unused-loads compiles the wasm with that option, to measure what keeping unused
// loads' traps costs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/loader.h"

extern "C" {
void kernel_init(uint32_t seed);
int32_t kernel_dot_i16(int32_t reps);
uint32_t kernel_scale_add_f32(int32_t reps);
uint32_t kernel_blend_u8(int32_t reps);
uint32_t kernel_mix_v128(int32_t reps);
const char* kernel_native_vectors(void);
}

namespace {

struct Options {
  int runs = 9;         // runs of each side, alternating
  double min_ms = 150;  // the least time one native run takes
  bool trap_unused_loads = true;
};

bool parse_count(const char* text, double low, double high, double& value) {
  char* end = nullptr;
  value = std::strtod(text, &end);
  return end != text && *end == '\0' && value >= low && value <= high;
}

// Returns false (after printing why) on bad usage.
bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    double value = 0;
    if (arg == "--no-trap-unused-loads") {
      options.trap_unused_loads = false;
    } else if (arg == "--quick") {
      options.runs = 3;
      options.min_ms = 20;
    } else if (arg == "--runs" && i + 1 < argc && parse_count(argv[i + 1], 1, 1000, value)) {
      options.runs = static_cast<int>(value);
      ++i;
    } else if (arg == "--min-ms" && i + 1 < argc && parse_count(argv[i + 1], 1, 60000, value)) {
      options.min_ms = value;
      ++i;
    } else {
      std::fprintf(
          stderr,
          "usage: kiln_bench_simd [--runs N (1-1000)] [--min-ms MS (1-60000)] [--quick] [--no-trap-unused-loads]\n"
          "error: unrecognised or invalid argument '%s'\n",
          argv[i]);
      return false;
    }
  }
  return true;
}

// One side of a kernel: the state reset before every run, and the run itself.
struct Side {
  std::function<void()> init;
  std::function<uint32_t(int32_t)> run;
};

struct Sample {
  double ms;
  uint32_t checksum;
};

Sample time_run(const Side& side, int32_t reps) {
  side.init();
  auto start = std::chrono::steady_clock::now();
  uint32_t checksum = side.run(reps);
  return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(), checksum};
}

// The smallest power-of-two repetition count whose native run lasts at least min_ms.
int32_t calibrate(const Side& native, double min_ms) {
  int32_t reps = 1;
  while (reps < (1 << 24) && time_run(native, reps).ms < min_ms) reps *= 2;
  return reps;
}

double min_of(const std::vector<double>& times) { return *std::min_element(times.begin(), times.end()); }

double median_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  size_t middle = times.size() / 2;
  return times.size() % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) return 2;

  using namespace kiln;
  auto module = std::make_shared<Module>(load_module_file(KILN_SIMD_KERNELS_WASM));
  CompiledModule compiled(module,
                          jit_compile(*module, {.opt_level = 2, .trap_unused_loads = options.trap_unused_loads}));
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Instance& instance = linker.instantiate(compiled);
  auto wasm_init = instance.typed<void(int32_t)>("init");

  struct Kernel {
    const char* name;
    uint32_t (*native)(int32_t);
    bool explicit_vectors;  // written with 128-bit vector types rather than left to the vectorizers
  };
  const Kernel kernels[] = {
      {"dot_i16", [](int32_t reps) { return static_cast<uint32_t>(kernel_dot_i16(reps)); }, false},
      {"scale_add_f32", kernel_scale_add_f32, false},
      {"blend_u8", kernel_blend_u8, false},
      {"mix_v128", kernel_mix_v128, true},
  };

  std::printf("native: clang -O2 -march=native -ffp-contract=off; its vectorizers use %s\n", kernel_native_vectors());
  std::printf("wasm:   clang --target=wasm32 -O2 -msimd128 (128-bit v128), JIT-compiled by kiln at -O2\n");
  std::printf("mix_v128 is written with 128-bit vector types: 128-bit instructions on both sides.\n");
  std::printf("%d runs of each side, alternating; each native run at least %.0f ms.\n\n", options.runs, options.min_ms);
  std::printf("%-14s %7s %8s %11s %11s %11s %11s %9s %9s %9s\n", "kernel", "reps", "native", "native min", "native med",
              "kiln min", "kiln med", "min ratio", "med ratio", "paired");

  bool all_agree = true;
  double log_sum_min = 0;
  double log_sum_median = 0;
  double log_sum_paired = 0;
  for (const Kernel& kernel : kernels) {
    auto wasm_kernel = instance.typed<int32_t(int32_t)>(kernel.name);
    Side native{[] { kernel_init(42); }, kernel.native};
    Side wasm{[&] { (void)wasm_init(42); }, [&](int32_t reps) { return static_cast<uint32_t>(*wasm_kernel(reps)); }};

    int32_t reps = calibrate(native, options.min_ms);
    (void)time_run(wasm, reps);  // warms the wasm side's caches as calibration did the native one's
    std::vector<double> native_ms, wasm_ms;
    uint32_t expected = time_run(native, reps).checksum;
    bool agree = true;
    for (int run = 0; run < options.runs; ++run) {
      // Alternate which side goes first, so neither always follows the other's cache footprint.
      for (int turn = 0; turn < 2; ++turn) {
        bool native_turn = (turn == 0) == (run % 2 == 0);
        Sample sample = time_run(native_turn ? native : wasm, reps);
        (native_turn ? native_ms : wasm_ms).push_back(sample.ms);
        agree = agree && sample.checksum == expected;
      }
    }
    double min_ratio = min_of(wasm_ms) / min_of(native_ms);
    double median_ratio = median_of(wasm_ms) / median_of(native_ms);
    std::vector<double> pair_ratios;
    for (size_t run = 0; run < wasm_ms.size(); ++run) pair_ratios.push_back(wasm_ms[run] / native_ms[run]);
    double paired_ratio = median_of(pair_ratios);
    log_sum_min += std::log(min_ratio);
    log_sum_median += std::log(median_ratio);
    log_sum_paired += std::log(paired_ratio);
    all_agree = all_agree && agree;
    std::printf("%-14s %7d %8s %11.2f %11.2f %11.2f %11.2f %8.2fx %8.2fx %8.2fx%s\n", kernel.name, reps,
                kernel.explicit_vectors ? "128-bit" : "auto", min_of(native_ms), median_of(native_ms), min_of(wasm_ms),
                median_of(wasm_ms), min_ratio, median_ratio, paired_ratio, agree ? "" : "  CHECKSUM MISMATCH");
  }
  double count = static_cast<double>(std::size(kernels));
  std::printf("%-14s %72.2fx %8.2fx %8.2fx\n", "geometric mean", std::exp(log_sum_min / count),
              std::exp(log_sum_median / count), std::exp(log_sum_paired / count));
  return all_agree ? 0 : 1;
}
