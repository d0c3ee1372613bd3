// Modules compiled ahead of time and loaded back with CompiledModule::load_precompiled behave as
// JIT-compiled ones: typed calls, host imports, memory faults as traps, the same .so loaded twice.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiln/aot.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

// Compiles `wat` to a shared object in a fresh file under the test's temp dir.
std::string compile_to_file(std::string_view wat, const std::string& name) {
  Module module = parse_wat(wat);
  validate_module(module);
  std::vector<uint8_t> bytes = aot_compile(module, AotOptions{});
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kiln_aot_" + std::to_string(getpid()) + "_" + name + ".so");
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return path.string();
}

constexpr std::string_view kCounter = R"(
  (module
    (import "env" "log" (func $log (param i32)))
    (memory (export "memory") 1)
    (global $count (mut i32) (i32.const 0))
    (func (export "bump") (param i32) (result i32)
      (global.set $count (i32.add (global.get $count) (local.get 0)))
      (call $log (global.get $count))
      (global.get $count))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

TEST(AotLoad, RunsLikeJitCompiledCode) {
  std::string path = compile_to_file(kCounter, "counter");
  CompiledModule compiled = CompiledModule::load_precompiled(path);
  std::filesystem::remove(path);  // the mapping stays
  EXPECT_EQ(compiled.module().exports.size(), 4u);
  Engine engine;
  Store store(engine);
  Linker linker(store);
  std::vector<int32_t> logged;
  linker.func("env", "log", [&](int32_t count) { logged.push_back(count); });
  Instance& instance = linker.instantiate(compiled);
  auto bump = instance.typed<int32_t(int32_t)>("bump");
  EXPECT_EQ(*bump(5), 5);
  EXPECT_EQ(*bump(2), 7);
  EXPECT_EQ(logged, (std::vector<int32_t>{5, 7}));
  // A guard-region fault inside the .so's code is a trap, not a crash: its code is registered.
  Result<int32_t> out_of_bounds = instance.typed<int32_t(int32_t)>("load")(70000);
  ASSERT_FALSE(out_of_bounds);
  EXPECT_EQ(out_of_bounds.trap().message, "out of bounds memory access");
  // memory.grow reaches the runtime through the module's function table.
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("grow")(1), 1);
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("load")(70000), 0);
}

TEST(AotLoad, TheSameFileTwiceSharesOneMapping) {
  std::string path = compile_to_file(kCounter, "twice");
  CompiledModule first = CompiledModule::load_precompiled(path);
  CompiledModule second = CompiledModule::load_precompiled(path);
  std::filesystem::remove(path);
  EXPECT_EQ(first.code().functions, second.code().functions);
  Engine engine;
  Store store(engine);
  Linker linker(store);
  linker.func("env", "log", [](int32_t) {});
  Instance& a = linker.instantiate(first);
  Instance& b = linker.instantiate(second);
  EXPECT_EQ(*a.typed<int32_t(int32_t)>("bump")(1), 1);
  EXPECT_EQ(*b.typed<int32_t(int32_t)>("bump")(10), 10);  // separate instances, separate globals
}

TEST(AotLoad, MissingFileIsAnError) { EXPECT_THROW(CompiledModule::load_precompiled("/nonexistent/x.so"), Error); }

}  // namespace
}  // namespace kiln
