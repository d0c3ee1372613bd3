// Import resolution and matching: unknown names, and every kind of type mismatch, rejected as
// Unlinkable; limits matched as subtypes.
#include <gtest/gtest.h>

#include "fake_code.h"
#include "kiln/error.h"
#include "kiln/linker.h"

namespace kiln {
namespace {

using enum ValType;
using test::add_import;
using test::fake_compiled;

class Linking : public ::testing::Test {
 protected:
  Linking() {
    linker_.func("env", "add", FuncType{{I32, I32}, {I32}},
                 [](Caller&, std::span<abi::ValueSlot>) { return std::optional<Trap>(); });
    linker_.define("env", "table", store_.create_table({FuncRef, {10, 20}}));
    linker_.define("env", "memory", store_.create_memory({{1, 2}}));
    linker_.define("env", "const_i32", store_.create_global({I32, false}, Value(int32_t{1})));
    linker_.define("env", "var_i32", store_.create_global({I32, true}, Value(int32_t{1})));
  }

  // The ErrorKind and message of instantiating `module`, or "ok".
  std::string link(const Module& module) {
    try {
      linker_.instantiate(fake_compiled(module));
      return "ok";
    } catch (const Error& error) {
      return std::string(to_string(error.kind())) + ": " + error.message();
    }
  }

  Module importing_function(FuncType type) {
    Module module;
    module.types.push_back(std::move(type));
    module.functions.push_back(0);
    add_import(module, "env", "add", ExternKind::Func);
    return module;
  }
  Module importing_table(const char* name, TableType type) {
    Module module;
    module.tables.push_back(type);
    add_import(module, "env", name, ExternKind::Table);
    return module;
  }
  Module importing_memory(const char* name, MemoryType type) {
    Module module;
    module.memories.push_back(type);
    add_import(module, "env", name, ExternKind::Memory);
    return module;
  }
  Module importing_global(const char* name, GlobalType type) {
    Module module;
    module.globals.push_back(type);
    add_import(module, "env", name, ExternKind::Global);
    return module;
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

std::string unlinkable(const std::string& message) {
  return std::string(to_string(ErrorKind::Unlinkable)) + ": " + message;
}

TEST_F(Linking, UnknownImport) {
  Module module = importing_global("missing", {I32, false});
  EXPECT_EQ(link(module), unlinkable("unknown import env.missing"));
}

TEST_F(Linking, FunctionTypesMustBeEqual) {
  EXPECT_EQ(link(importing_function({{I32, I32}, {I32}})), "ok");
  EXPECT_EQ(link(importing_function({{I32}, {I32}})), unlinkable("incompatible import type for env.add (func)"));
  EXPECT_EQ(link(importing_function({{I32, I32}, {}})), unlinkable("incompatible import type for env.add (func)"));
}

TEST_F(Linking, KindsMustAgree) {
  Module module;
  module.globals.push_back({I32, false});
  add_import(module, "env", "add", ExternKind::Global);
  EXPECT_EQ(link(module), unlinkable("incompatible import type for env.add (global)"));
}

TEST_F(Linking, TableLimitsAreMatchedAsSubtypes) {
  EXPECT_EQ(link(importing_table("table", {FuncRef, {10, std::nullopt}})), "ok");
  EXPECT_EQ(link(importing_table("table", {FuncRef, {5, 20}})), "ok");
  EXPECT_EQ(link(importing_table("table", {FuncRef, {5, 25}})), "ok");
  EXPECT_NE(link(importing_table("table", {FuncRef, {11, std::nullopt}})), "ok") << "minimum too small";
  EXPECT_NE(link(importing_table("table", {FuncRef, {10, 15}})), "ok") << "maximum too large";
  EXPECT_NE(link(importing_table("table", {ExternRef, {10, 20}})), "ok") << "element type";
}

TEST_F(Linking, MemoryLimitsAreMatchedAsSubtypes) {
  EXPECT_EQ(link(importing_memory("memory", {{1, std::nullopt}})), "ok");
  EXPECT_EQ(link(importing_memory("memory", {{0, 2}})), "ok");
  EXPECT_NE(link(importing_memory("memory", {{2, std::nullopt}})), "ok");
  EXPECT_NE(link(importing_memory("memory", {{1, 1}})), "ok");
}

TEST_F(Linking, MemoryMinimumIsTheCurrentSize) {
  linker_.get("env", "memory")->memory->grow(1);
  EXPECT_EQ(link(importing_memory("memory", {{2, 2}})), "ok");
}

TEST_F(Linking, MemoryWithoutMaximumDoesNotMatchABoundedImport) {
  linker_.define("env", "unbounded", store_.create_memory({{1, std::nullopt}}));
  EXPECT_EQ(link(importing_memory("unbounded", {{1, 5}})),
            unlinkable("incompatible import type for env.unbounded (memory)"));
}

TEST_F(Linking, GlobalTypesAndMutabilityMustBeEqual) {
  EXPECT_EQ(link(importing_global("const_i32", {I32, false})), "ok");
  EXPECT_EQ(link(importing_global("var_i32", {I32, true})), "ok");
  EXPECT_NE(link(importing_global("const_i32", {I32, true})), "ok");
  EXPECT_NE(link(importing_global("var_i32", {I32, false})), "ok");
  EXPECT_NE(link(importing_global("const_i32", {I64, false})), "ok");
}

TEST_F(Linking, InstanceExportsCanBeImported) {
  Module exporter;
  exporter.memories.push_back({{1, 1}});
  exporter.exports.push_back({"mem", ExternKind::Memory, 0});
  Instance& instance = linker_.instantiate(fake_compiled(exporter));
  linker_.instance("lib", instance);
  Module importer;
  importer.memories.push_back({{1, 1}});
  add_import(importer, "lib", "mem", ExternKind::Memory);
  importer.exports.push_back({"same", ExternKind::Memory, 0});
  Instance& second = linker_.instantiate(fake_compiled(importer));
  EXPECT_EQ(second.memory("same"), instance.memory("mem"));
}

}  // namespace
}  // namespace kiln
