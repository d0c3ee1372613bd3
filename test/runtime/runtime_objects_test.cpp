// Memories, tables and globals as the store owns them: growth keeps the extents compiled code
// reads in step, and their types report current sizes for import matching.
#include <gtest/gtest.h>

#include "kiln/error.h"
#include "kiln/global.h"
#include "kiln/memory.h"
#include "kiln/table.h"

namespace kiln {
namespace {

TEST(Memory, GrowthUpdatesTheExtent) {
  Memory memory({{1, 3}}, {});
  EXPECT_EQ(memory.extent()->base, memory.data());
  EXPECT_EQ(memory.extent()->size, kPageSize);
  EXPECT_EQ(memory.grow(2), 1);
  EXPECT_EQ(memory.extent()->size, 3 * kPageSize);
  EXPECT_EQ(memory.type(), (MemoryType{{3, 3}}));
  EXPECT_EQ(memory.grow(1), -1);
  EXPECT_EQ(memory.extent()->size, 3 * kPageSize);
}

TEST(Memory, CapBoundsGrowthBelowTheDeclaredMaximum) {
  MemoryConfig config;
  config.max_pages_cap = 2;
  Memory memory({{1, std::nullopt}}, config);
  EXPECT_EQ(memory.grow(1), 1);
  EXPECT_EQ(memory.grow(1), -1);
  EXPECT_EQ(memory.type(), (MemoryType{{2, std::nullopt}})) << "the declared maximum, not the cap";
}

TEST(Table, GrowsWithinItsMaximumAndRepublishesItsElements) {
  int marker = 0;
  Table table({ValType::ExternRef, {2, 4}}, &marker, 100);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.elements()[1], &marker);
  EXPECT_EQ(table.grow(2, nullptr), 2);
  EXPECT_EQ(table.extent()->size, 4u);
  EXPECT_EQ(table.extent()->elements, table.elements().data());
  EXPECT_EQ(table.elements()[3], nullptr);
  EXPECT_EQ(table.grow(1, nullptr), -1);
  EXPECT_EQ(table.grow(0, nullptr), 4);
  EXPECT_EQ(table.type(), (TableType{ValType::ExternRef, {4, 4}}));
}

TEST(Table, CapBoundsGrowthAndCreation) {
  Table table({ValType::FuncRef, {0, std::nullopt}}, nullptr, 10);
  EXPECT_EQ(table.grow(11, nullptr), -1);
  EXPECT_EQ(table.grow(0xFFFFFFFF, nullptr), -1);
  EXPECT_EQ(table.grow(10, nullptr), 0);
  EXPECT_THROW(Table({ValType::FuncRef, {11, std::nullopt}}, nullptr, 10), Error);
}

TEST(Global, HoldsItsValue) {
  Global global({ValType::F64, true}, Value(2.5));
  EXPECT_EQ(global.get().as<double>(), 2.5);
  global.set(Value(-1.0));
  EXPECT_EQ(global.get().as<double>(), -1.0);
  EXPECT_EQ(load_slot<double>(*reinterpret_cast<abi::ValueSlot*>(global.cell())), -1.0);
  EXPECT_THROW(global.set(Value(int32_t{1})), std::invalid_argument);
}

TEST(Global, ImmutableRefusesSet) {
  Global global({ValType::I64, false}, Value(int64_t{7}));
  EXPECT_THROW(global.set(Value(int64_t{8})), std::invalid_argument);
  EXPECT_THROW(Global({ValType::I32, false}, Value(1.0f)), std::invalid_argument);
}

}  // namespace
}  // namespace kiln
