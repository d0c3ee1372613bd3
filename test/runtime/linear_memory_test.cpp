// Linear memory: reservation, growth within limits, zeroed pages, and the guard region.
#include <gtest/gtest.h>

#include <vector>

#include "kiln/error.h"
#include "kiln/linear_memory.h"

namespace kiln {
namespace {

MemoryType memory_type(uint64_t min, std::optional<uint64_t> max) { return MemoryType{Limits{min, max}}; }

TEST(LinearMemory, GrowsWithinItsMaximum) {
  auto memory = LinearMemory::create(memory_type(1, 3));
  EXPECT_EQ(memory->pages(), 1u);
  EXPECT_FALSE(memory->needs_explicit_bounds_checks());
  memory->base()[kPageSize - 1] = 42;
  EXPECT_EQ(memory->grow(2), 1);
  EXPECT_EQ(memory->pages(), 3u);
  EXPECT_EQ(memory->base()[kPageSize - 1], 42) << "the base never moves and contents stay";
  EXPECT_EQ(memory->base()[3 * kPageSize - 1], 0) << "grown pages read as zero";
  EXPECT_EQ(memory->grow(1), -1);
  EXPECT_EQ(memory->grow(0), 3);
  EXPECT_EQ(memory->pages(), 3u);
}

TEST(LinearMemory, HugeGrowthFailsCleanly) {
  auto memory = LinearMemory::create(memory_type(0, std::nullopt));
  EXPECT_EQ(memory->max_pages(), kMaxPages32);
  EXPECT_EQ(memory->grow(kMaxPages32 + 1), -1);
  EXPECT_EQ(memory->grow(UINT64_MAX), -1);
  EXPECT_EQ(memory->grow(1), 0);
}

TEST(LinearMemory, CapLimitsGrowthAndCreation) {
  MemoryConfig config;
  config.max_pages_cap = 2;
  auto memory = LinearMemory::create(memory_type(1, std::nullopt), config);
  EXPECT_EQ(memory->grow(1), 1);
  EXPECT_EQ(memory->grow(1), -1);
  EXPECT_THROW(LinearMemory::create(memory_type(3, std::nullopt), config), Error);
}

TEST(LinearMemory, ExplicitBoundsCheckModeReservesOnlyTheReachableSize) {
  MemoryConfig config;
  config.explicit_bounds_checks = true;
  auto memory = LinearMemory::create(memory_type(1, 4), config);
  EXPECT_TRUE(memory->needs_explicit_bounds_checks());
  EXPECT_EQ(memory->guard_bytes(), 0u);
  EXPECT_EQ(memory->grow(3), 1);
  memory->base()[4 * kPageSize - 1] = 7;
  EXPECT_EQ(memory->grow(1), -1);
}

TEST(LinearMemoryDeathTest, AccessPastTheEndFaultsInTheGuard) {
  auto memory = LinearMemory::create(memory_type(1, 2));
  volatile uint8_t* base = memory->base();
  EXPECT_DEATH(base[kPageSize] = 1, "");
  EXPECT_DEATH((void)base[(uint64_t{4} << 30) + 0xFFFF], "") << "the guard covers a 32-bit address plus offset";
}

TEST(LinearMemory, ManyMemoriesFitInTheAddressSpace) {
  std::vector<std::unique_ptr<LinearMemory>> memories;
  for (int i = 0; i < 200; ++i) memories.push_back(LinearMemory::create(memory_type(1, std::nullopt)));
  for (auto& memory : memories) memory->base()[0] = 1;
}

}  // namespace
}  // namespace kiln
