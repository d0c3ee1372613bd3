// Instantiation refuses code whose bounds checking a memory cannot support: code compiled for
// guard regions against memories (defined or imported) that need explicit checks or have a
// smaller guard, while explicit-check code runs with any memory.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

constexpr std::string_view kDefinesMemory = R"((module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load offset=0x10000 (local.get 0)))
))";

constexpr std::string_view kImportsMemory = R"((module
  (import "env" "memory" (memory 1))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
))";

CompiledModule compile(std::string_view wat, CompileOptions options) { return test::compile_wat(wat, options); }

EngineConfig explicit_checks() {
  EngineConfig config;
  config.memory.explicit_bounds_checks = true;
  return config;
}

EngineConfig small_guard() {
  EngineConfig config;
  config.memory.guard_bytes = 0x10000;
  return config;
}

// The message of the Error(Uninstantiable) that instantiating `compiled` throws.
std::string refusal(Linker& linker, const CompiledModule& compiled) {
  try {
    linker.instantiate(compiled);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Uninstantiable);
    return error.message();
  }
  ADD_FAILURE() << "instantiation succeeded";
  return "";
}

TEST(BoundsChecks, GuardCodeIsRefusedADefinedMemoryWithExplicitChecks) {
  Engine engine(explicit_checks());
  Store store(engine);
  Linker linker(store);
  EXPECT_EQ(refusal(linker, compile(kDefinesMemory, {})),
            "memory 0 needs explicit bounds checks (the engine asks for them, or the address space had no room left "
            "for a 4 GiB reservation and its guard region), but the module was compiled for guard regions; compile "
            "it with explicit bounds checks");
}

TEST(BoundsChecks, GuardCodeIsRefusedAnImportedMemoryWithExplicitChecks) {
  Engine engine(explicit_checks());
  Store store(engine);
  Linker linker(store);
  linker.define("env", "memory", store.create_memory(MemoryType{{1, std::nullopt}}));
  EXPECT_EQ(refusal(linker, compile(kImportsMemory, {})),
            "memory 0 needs explicit bounds checks (the engine asks for them, or the address space had no room left "
            "for a 4 GiB reservation and its guard region), but the module was compiled for guard regions; compile "
            "it with explicit bounds checks");
}

TEST(BoundsChecks, GuardCodeIsRefusedASmallerGuard) {
  Engine engine(small_guard());
  Store store(engine);
  Linker linker(store);
  EXPECT_EQ(refusal(linker, compile(kDefinesMemory, {})),
            "memory 0 has a guard region of 65536 bytes, but the module was compiled for one of 4294967296 bytes");
}

TEST(BoundsChecks, GuardCodeForASmallGuardChecksLargerOffsets) {
  Engine engine(small_guard());
  Store store(engine);
  Linker linker(store);
  Instance& instance = linker.instantiate(compile(kDefinesMemory, {.guard_bytes = 0x10000}));
  auto load = instance.typed<int32_t(int32_t)>("load");
  EXPECT_EQ(load(0).trap().kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(load(-0x10000).trap().kind, TrapKind::MemoryOutOfBounds);
}

TEST(BoundsChecks, ExplicitCodeRunsWithAnyMemory) {
  for (const EngineConfig& config : {EngineConfig{}, explicit_checks(), small_guard()}) {
    Engine engine(config);
    Store store(engine);
    Linker linker(store);
    linker.define("env", "memory", store.create_memory(MemoryType{{1, std::nullopt}}));
    Instance& instance = linker.instantiate(compile(kImportsMemory, {.bounds_checks = BoundsChecks::Explicit}));
    auto load = instance.typed<int32_t(int32_t)>("load");
    EXPECT_EQ(*load(65532), 0);
    EXPECT_EQ(load(65533).trap().kind, TrapKind::MemoryOutOfBounds);
  }
}

TEST(BoundsChecks, GuardCodeWithoutMemoriesRunsAnywhere) {
  Engine engine(explicit_checks());
  Store store(engine);
  Linker linker(store);
  Instance& instance =
      linker.instantiate(compile(R"((module (func (export "seven") (result i32) (i32.const 7))))", {}));
  EXPECT_EQ(*instance.typed<int32_t()>("seven")(), 7);
}

}  // namespace
}  // namespace kiln
