// The `spectest` module's exports, as the spec's reference interpreter defines them.
#include "wast_engine.h"

#include <bit>

namespace kiln::cli {

const SpectestExports& spectest_exports() {
  using enum ValType;
  static const SpectestExports exports{
      .functions =
          {
              {"print", {{}, {}}},
              {"print_i32", {{I32}, {}}},
              {"print_i64", {{I64}, {}}},
              {"print_f32", {{F32}, {}}},
              {"print_f64", {{F64}, {}}},
              {"print_i32_f32", {{I32, F32}, {}}},
              {"print_f64_f64", {{F64, F64}, {}}},
          },
      .globals =
          {
              {"global_i32", {I32, false}, 666},
              {"global_i64", {I64, false}, 666},
              {"global_f32", {F32, false}, std::bit_cast<uint32_t>(666.6f)},
              {"global_f64", {F64, false}, std::bit_cast<uint64_t>(666.6)},
          },
      .table = {FuncRef, {10, 20}},
      .memory = {{1, 2}},
  };
  return exports;
}

}  // namespace kiln::cli
