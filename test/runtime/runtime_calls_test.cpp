// The kiln_rt_* functions compiled code calls: results, the spec's bounds checks (each failure a
// trap of the right kind that changes nothing), overlapping copies, and dropped segments.
#include <gtest/gtest.h>

#include <cstring>

#include "fake_code.h"
#include "instance_state.h"
#include "kiln/linker.h"
#include "trap_handler.h"

namespace kiln {
namespace {

using enum ValType;
using test::fake_compiled;
using test::i32_const;

// Runs `body` as compiled code would run it: inside an entry, where runtime functions may trap.
template <class F>
std::optional<TrapKind> trapping(F body) {
  return call_with_trap_handling([](void* argument) { (*static_cast<F*>(argument))(); }, &body);
}

void nothing(abi::VMContext*, abi::ValueSlot*) {}

class RuntimeCalls : public ::testing::Test {
 protected:
  RuntimeCalls() {
    Module module;
    module.types.push_back({{}, {}});
    module.functions = {0, 0};
    module.memories.push_back({{1, 3}});
    module.memories.push_back({{1, 1}});
    module.tables.push_back({FuncRef, {4, 6}});
    module.tables.push_back({ExternRef, {2, std::nullopt}});
    std::string passive = "hello";
    module.data.push_back({SegmentMode::Passive, 0, {}, {passive.begin(), passive.end()}});
    module.data.push_back({SegmentMode::Active, 0, i32_const(0), {'a'}});
    module.elements.push_back({SegmentMode::Passive, 0, {}, FuncRef, {test::ref_func(0), test::ref_func(1)}});
    module.elements.push_back({SegmentMode::Active, 0, i32_const(0), FuncRef, {test::ref_func(1)}});
    module.elements.push_back({SegmentMode::Declarative, 0, {}, FuncRef, {test::ref_func(0)}});
    Instance& instance = store_.instantiate(fake_compiled(module, {nothing, nothing}), {});
    vmctx_ = &instance.state().vmctx;
    state_ = &instance.state();
  }

  uint8_t* memory0() { return vmctx_->memory0_base; }
  void** table(uint32_t index) { return vmctx_->tables[index]->elements; }

  Engine engine_;
  Store store_{engine_};
  abi::VMContext* vmctx_ = nullptr;
  detail::InstanceState* state_ = nullptr;
};

TEST_F(RuntimeCalls, MemoryGrowUpdatesTheExtent) {
  EXPECT_EQ(kiln_rt_memory_grow(vmctx_, 0, 2), 1);
  EXPECT_EQ(vmctx_->memory0->size, 3 * kPageSize);
  EXPECT_EQ(vmctx_->memories[0]->size, 3 * kPageSize);
  EXPECT_EQ(kiln_rt_memory_grow(vmctx_, 0, 1), -1);
  EXPECT_EQ(kiln_rt_memory_grow(vmctx_, 1, 0), 1);
  EXPECT_EQ(kiln_rt_memory_grow(vmctx_, 1, 1), -1);
}

TEST_F(RuntimeCalls, MemoryFillChecksBounds) {
  EXPECT_EQ(trapping([&] { kiln_rt_memory_fill(vmctx_, 0, 10, 0x1FF, 3); }), std::nullopt);
  EXPECT_EQ(memory0()[12], 0xFF);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_fill(vmctx_, 0, kPageSize, 1, 0); }), std::nullopt);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_fill(vmctx_, 0, kPageSize - 1, 1, 2); }), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory0()[kPageSize - 1], 0) << "nothing written on a trap";
  EXPECT_EQ(trapping([&] { kiln_rt_memory_fill(vmctx_, 0, kPageSize + 1, 1, 0); }), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_fill(vmctx_, 0, 1, 1, UINT64_MAX); }), TrapKind::MemoryOutOfBounds);
}

TEST_F(RuntimeCalls, MemoryCopyHandlesOverlapBothWays) {
  std::memcpy(memory0() + 100, "12345", 5);
  ASSERT_EQ(trapping([&] { kiln_rt_memory_copy(vmctx_, 0, 0, 102, 100, 5); }), std::nullopt);
  EXPECT_EQ(std::memcmp(memory0() + 100, "1212345", 7), 0);
  ASSERT_EQ(trapping([&] { kiln_rt_memory_copy(vmctx_, 0, 0, 99, 100, 7); }), std::nullopt);
  EXPECT_EQ(std::memcmp(memory0() + 99, "1212345", 7), 0);
}

TEST_F(RuntimeCalls, MemoryCopyBetweenMemoriesChecksBothBounds) {
  std::memcpy(memory0(), "xyz", 3);
  ASSERT_EQ(trapping([&] { kiln_rt_memory_copy(vmctx_, 1, 0, 5, 0, 3); }), std::nullopt);
  EXPECT_EQ(std::memcmp(vmctx_->memories[1]->base + 5, "xyz", 3), 0);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_copy(vmctx_, 1, 0, kPageSize - 1, 0, 2); }), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_copy(vmctx_, 1, 0, 0, kPageSize - 1, 2); }), TrapKind::MemoryOutOfBounds);
}

TEST_F(RuntimeCalls, MemoryInitCopiesPassiveDataUntilDropped) {
  EXPECT_EQ(memory0()[0], 'a') << "the active segment was applied";
  ASSERT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 0, 20, 1, 3); }), std::nullopt);
  EXPECT_EQ(std::memcmp(memory0() + 20, "ell", 3), 0);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 0, 20, 3, 3); }), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 0, kPageSize - 1, 0, 2); }), TrapKind::MemoryOutOfBounds);
  kiln_rt_data_drop(vmctx_, 0);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 0, 0, 0, 0); }), std::nullopt);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 0, 0, 0, 1); }), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_memory_init(vmctx_, 0, 1, 0, 0, 1); }), TrapKind::MemoryOutOfBounds)
      << "active segments are dropped after instantiation";
}

TEST_F(RuntimeCalls, TableGetAndSetCheckBounds) {
  EXPECT_EQ(table(0)[0], &vmctx_->func_refs[1]) << "the active segment was applied";
  void* value = nullptr;
  EXPECT_EQ(trapping([&] { value = kiln_rt_table_get(vmctx_, 0, 0); }), std::nullopt);
  EXPECT_EQ(value, &vmctx_->func_refs[1]);
  EXPECT_EQ(trapping([&] { kiln_rt_table_get(vmctx_, 0, 4); }), TrapKind::TableOutOfBounds);
  int host_value = 0;
  EXPECT_EQ(trapping([&] { kiln_rt_table_set(vmctx_, 1, 1, &host_value); }), std::nullopt);
  EXPECT_EQ(table(1)[1], &host_value);
  EXPECT_EQ(trapping([&] { kiln_rt_table_set(vmctx_, 1, 2, &host_value); }), TrapKind::TableOutOfBounds);
}

TEST_F(RuntimeCalls, TableGrowMovesElementsAndKeepsThem) {
  int marker = 0;
  table(1)[0] = &marker;
  EXPECT_EQ(kiln_rt_table_grow(vmctx_, 1, &marker, 1000), 2);
  EXPECT_EQ(vmctx_->tables[1]->size, 1002u);
  EXPECT_EQ(table(1)[0], &marker);
  EXPECT_EQ(table(1)[1001], &marker);
  EXPECT_EQ(kiln_rt_table_grow(vmctx_, 0, nullptr, 3), -1);
  EXPECT_EQ(kiln_rt_table_grow(vmctx_, 0, nullptr, 2), 4);
}

TEST_F(RuntimeCalls, TableFillAndCopyCheckBounds) {
  int marker = 0;
  EXPECT_EQ(trapping([&] { kiln_rt_table_fill(vmctx_, 0, 1, &marker, 3); }), std::nullopt);
  EXPECT_EQ(table(0)[3], &marker);
  EXPECT_EQ(trapping([&] { kiln_rt_table_fill(vmctx_, 0, 2, nullptr, 3); }), TrapKind::TableOutOfBounds);
  EXPECT_EQ(table(0)[2], &marker);
  EXPECT_EQ(trapping([&] { kiln_rt_table_copy(vmctx_, 0, 0, 1, 0, 3); }), std::nullopt);
  EXPECT_EQ(table(0)[1], &vmctx_->func_refs[1]);
  EXPECT_EQ(table(0)[2], &marker);
  EXPECT_EQ(trapping([&] { kiln_rt_table_copy(vmctx_, 0, 0, 0, 2, 3); }), TrapKind::TableOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_table_copy(vmctx_, 0, 0, 4, 0, 0); }), std::nullopt);
  EXPECT_EQ(trapping([&] { kiln_rt_table_copy(vmctx_, 0, 0, 5, 0, 0); }), TrapKind::TableOutOfBounds);
}

TEST_F(RuntimeCalls, TableInitUsesPassiveSegmentsUntilDropped) {
  ASSERT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 0, 2, 0, 2); }), std::nullopt);
  EXPECT_EQ(table(0)[2], &vmctx_->func_refs[0]);
  EXPECT_EQ(table(0)[3], &vmctx_->func_refs[1]);
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 0, 3, 0, 2); }), TrapKind::TableOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 0, 0, 1, 2); }), TrapKind::TableOutOfBounds);
  kiln_rt_elem_drop(vmctx_, 0);
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 0, 0, 0, 0); }), std::nullopt);
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 0, 0, 0, 1); }), TrapKind::TableOutOfBounds);
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 1, 0, 0, 1); }), TrapKind::TableOutOfBounds)
      << "active segments are dropped after instantiation";
  EXPECT_EQ(trapping([&] { kiln_rt_table_init(vmctx_, 0, 2, 0, 0, 1); }), TrapKind::TableOutOfBounds)
      << "declarative segments too";
}

TEST_F(RuntimeCalls, TrapRaisesItsKind) {
  EXPECT_EQ(trapping([&] { kiln_rt_trap(vmctx_, static_cast<uint32_t>(TrapKind::IntegerOverflow)); }),
            TrapKind::IntegerOverflow);
}

TEST_F(RuntimeCalls, VMContextDescribesTheInstance) {
  EXPECT_EQ(vmctx_->runtime_instance, state_);
  EXPECT_EQ(vmctx_->memory0, vmctx_->memories[0]);
  EXPECT_EQ(vmctx_->func_refs[0].vmctx, vmctx_);
  EXPECT_EQ(vmctx_->func_refs[1].code, reinterpret_cast<const void*>(&nothing));
  EXPECT_EQ(vmctx_->function_code[0], reinterpret_cast<const void*>(&nothing));
  EXPECT_EQ(vmctx_->type_ids[0], engine_.types().intern({{}, {}}));
  EXPECT_EQ(vmctx_->func_refs[0].type_id, vmctx_->type_ids[0]);
}

}  // namespace
}  // namespace kiln
