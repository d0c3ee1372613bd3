// Instantiation: constant expressions, element and data segments in order (an out-of-bounds one
// fails the instantiation but keeps earlier writes), dropped segments, and the start function.
#include <gtest/gtest.h>

#include <cstring>

#include "fake_code.h"
#include "kiln/error.h"
#include "kiln/linker.h"

namespace kiln {
namespace {

using enum ValType;
using test::add_import;
using test::fake_compiled;
using test::i32_const;

class Instantiation : public ::testing::Test {
 protected:
  Instantiation() {
    linker_.define("env", "memory", memory_);
    linker_.define("env", "table", table_);
  }

  // Expects instantiation to fail as Uninstantiable with `message`.
  void expect_uninstantiable(const Module& module, const std::string& message) {
    try {
      linker_.instantiate(fake_compiled(module));
      ADD_FAILURE() << "instantiated";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Uninstantiable);
      EXPECT_EQ(error.message(), message);
    }
  }

  static DataSegment active_data(uint32_t offset, std::string bytes) {
    return {SegmentMode::Active, 0, i32_const(static_cast<int32_t>(offset)), {bytes.begin(), bytes.end()}};
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  Memory& memory_ = store_.create_memory({{1, std::nullopt}});
  Table& table_ = store_.create_table({FuncRef, {4, std::nullopt}});
};

Module importing_memory() {
  Module module;
  module.memories.push_back({{1, std::nullopt}});
  add_import(module, "env", "memory", ExternKind::Memory);
  return module;
}

TEST_F(Instantiation, DataSegmentsAreWrittenInOrder) {
  Module module = importing_memory();
  module.data.push_back(active_data(10, "abcd"));
  module.data.push_back(active_data(12, "XY"));
  linker_.instantiate(fake_compiled(module));
  EXPECT_EQ(std::memcmp(memory_.data() + 10, "abXY", 4), 0);
}

TEST_F(Instantiation, OutOfBoundsDataSegmentTrapsButKeepsEarlierWrites) {
  Module module = importing_memory();
  module.data.push_back(active_data(0, "ok"));
  module.data.push_back(active_data(kPageSize - 1, "no"));
  module.data.push_back(active_data(4, "never"));
  expect_uninstantiable(module, "out of bounds memory access");
  EXPECT_EQ(std::memcmp(memory_.data(), "ok", 2), 0);
  EXPECT_EQ(memory_.data()[kPageSize - 1], 0) << "a segment that does not fit writes nothing";
  EXPECT_EQ(memory_.data()[4], 0);
}

TEST_F(Instantiation, EmptyDataSegmentPastTheEndTraps) {
  Module module = importing_memory();
  module.data.push_back(active_data(kPageSize, ""));
  EXPECT_NO_THROW(linker_.instantiate(fake_compiled(module)));
  module.data[0] = active_data(kPageSize + 1, "");
  expect_uninstantiable(module, "out of bounds memory access");
}

Module importing_table_with_functions(uint32_t count) {
  Module module;
  module.types.push_back({{}, {I32}});
  module.tables.push_back({FuncRef, {4, std::nullopt}});
  add_import(module, "env", "table", ExternKind::Table);
  for (uint32_t i = 0; i < count; ++i) module.functions.push_back(0);
  return module;
}

void return_index(abi::VMContext*, abi::ValueSlot* slots) { store_slot(slots[0], int32_t{7}); }

TEST_F(Instantiation, ElementSegmentsWriteFunctionReferencesAndElementTrapsComeBeforeData) {
  Module module = importing_table_with_functions(1);
  module.memories.push_back({{1, std::nullopt}});
  add_import(module, "env", "memory", ExternKind::Memory);
  ElemSegment fits{SegmentMode::Active, 0, i32_const(1), FuncRef, {test::ref_func(0), test::ref_func(0)}};
  ElemSegment too_far{SegmentMode::Active, 0, i32_const(3), FuncRef, {test::ref_func(0), test::ref_func(0)}};
  module.elements = {fits, too_far};
  module.data.push_back(active_data(0, "data"));
  try {
    linker_.instantiate(fake_compiled(module, {return_index}));
    ADD_FAILURE() << "instantiated";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "out of bounds table access");
  }
  auto* first = static_cast<const abi::FuncRef*>(table_.elements()[1]);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->code, reinterpret_cast<const void*>(&return_index));
  EXPECT_EQ(table_.elements()[2], first);
  EXPECT_EQ(table_.elements()[3], nullptr);
  EXPECT_EQ(memory_.data()[0], 0) << "data segments run after all element segments";
}

TEST_F(Instantiation, FunctionReferencesLeftInImportedTablesOutliveAFailedInstantiation) {
  Module module = importing_table_with_functions(1);
  module.elements.push_back({SegmentMode::Active, 0, i32_const(0), FuncRef, {test::ref_func(0)}});
  module.elements.push_back({SegmentMode::Active, 0, i32_const(4), FuncRef, {test::ref_func(0)}});
  try {
    linker_.instantiate(fake_compiled(module, {return_index}));
  } catch (const Error&) {
  }
  auto* ref = static_cast<const abi::FuncRef*>(table_.elements()[0]);
  ASSERT_NE(ref, nullptr);
  abi::ValueSlot slot{};
  test::fake_entry(ref->code, ref->vmctx, &slot);
  EXPECT_EQ(load_slot<int32_t>(slot), 7);
  EXPECT_EQ(ref->type_id, engine_.types().intern({{}, {I32}}));
}

TEST_F(Instantiation, GlobalsAreInitializedFromImportedGlobalsAndFunctionReferences) {
  Global& imported = store_.create_global({I64, false}, Value(int64_t{-5}));
  linker_.define("env", "g", imported);
  Module module = importing_table_with_functions(1);
  module.globals.push_back({I64, false});
  add_import(module, "env", "g", ExternKind::Global);
  module.globals.push_back({I64, true});
  module.globals.push_back({FuncRef, false});
  module.global_inits = {test::global_get(0), test::ref_func(0)};
  module.exports = {{"copy", ExternKind::Global, 1}, {"ref", ExternKind::Global, 2}, {"f", ExternKind::Func, 0}};
  Instance& instance = linker_.instantiate(fake_compiled(module, {return_index}));
  EXPECT_EQ(instance.global("copy")->get().as<int64_t>(), -5);
  EXPECT_EQ(instance.global("ref")->get().as<const abi::FuncRef*>(), instance.func("f")->ref());
}

TEST_F(Instantiation, StartTrapFailsTheInstantiationAndKeepsItsEffects) {
  Module module = importing_memory();
  module.types.push_back({{}, {}});
  module.functions.push_back(0);
  add_import(module, "env", "start", ExternKind::Func);
  module.start = 0;
  module.data.push_back(active_data(0, "written"));
  bool ran = false;
  linker_.func("env", "start", [&](Caller& caller) -> Result<void> {
    ran = true;
    EXPECT_NE(caller.instance(), nullptr);
    return host_trap("start failed");
  });
  expect_uninstantiable(module, "start failed");
  EXPECT_TRUE(ran);
  EXPECT_EQ(std::memcmp(memory_.data(), "written", 7), 0);
}

}  // namespace
}  // namespace kiln
