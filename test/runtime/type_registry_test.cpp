// The type registry: equal function types share one id, whoever registers them.
#include <gtest/gtest.h>

#include <thread>

#include "kiln/type_registry.h"

namespace kiln {
namespace {

using enum ValType;

TEST(TypeRegistry, EqualTypesGetEqualIds) {
  TypeRegistry registry;
  uint32_t add = registry.intern({{I32, I32}, {I32}});
  EXPECT_EQ(registry.intern(FuncType{{I32, I32}, {I32}}), add);
  EXPECT_EQ(registry.type(add), (FuncType{{I32, I32}, {I32}}));
}

TEST(TypeRegistry, DifferentTypesGetDifferentIds) {
  TypeRegistry registry;
  uint32_t ids[] = {
      registry.intern({{}, {}}),
      registry.intern({{I32}, {}}),
      registry.intern({{}, {I32}}),
      registry.intern({{I32, I64}, {}}),
      registry.intern({{I64, I32}, {}}),
      registry.intern({{FuncRef}, {ExternRef}}),
      registry.intern({{I32}, {I32, I32}}),
  };
  for (size_t i = 0; i < std::size(ids); ++i)
    for (size_t j = i + 1; j < std::size(ids); ++j) EXPECT_NE(ids[i], ids[j]) << i << " vs " << j;
}

TEST(TypeRegistry, ThreadsAgreeOnIds) {
  TypeRegistry registry;
  std::vector<uint32_t> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) registry.intern({{F32}, std::vector<ValType>(static_cast<size_t>(i % 7), I64)});
      seen[t] = registry.intern({{F64, V128}, {}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (uint32_t id : seen) EXPECT_EQ(id, seen[0]);
}

}  // namespace
}  // namespace kiln
