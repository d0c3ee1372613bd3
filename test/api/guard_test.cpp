// Guard regions keep a guest in its own memory: accesses at every boundary (the memory's end,
// and address plus offset near 4 GiB and beyond) trap without writing a byte, here or in any
// other instance's memory; a thousand instances live at once; and when the address space runs
// out, instantiation says so instead of failing silently.
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "compile_wat.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

struct Access {
  const char* load;
  const char* store;
  const char* type;
  uint64_t width;
};
constexpr Access kAccesses[] = {
    {"i32.load8_u", "i32.store8", "i32", 1}, {"i32.load16_u", "i32.store16", "i32", 2},
    {"i32.load", "i32.store", "i32", 4},     {"i64.load", "i64.store", "i64", 8},
    {"v128.load", "v128.store", "v128", 16},
};
constexpr uint64_t kOffsets[] = {0, 1, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF};

// Per access and static offset, `load_W_O` and `store_W_O` (address) → () on a one-page memory.
// A v128 is loaded and stored whole; the other values are dropped or are zero.
std::string boundary_module() {
  std::string text = "(module (memory (export \"memory\") 1 1)\n";
  for (const Access& access : kAccesses) {
    for (uint64_t offset : kOffsets) {
      std::string suffix = std::to_string(access.width) + "_" + std::to_string(offset);
      std::string zero =
          std::string(access.type) == "v128" ? "(v128.const i64x2 0 0)" : "(" + std::string(access.type) + ".const 0)";
      text += "(func (export \"load_" + suffix + "\") (param i32) (drop (" + access.load +
              " offset=" + std::to_string(offset) + " (local.get 0))))\n";
      text += "(func (export \"store_" + suffix + "\") (param i32) (" + access.store +
              " offset=" + std::to_string(offset) + " (local.get 0) " + zero + "))\n";
    }
  }
  return text + ")";
}

CompiledModule compile(const std::string& wat, CompileOptions options) { return test::compile_wat(wat, options); }

class Guard : public ::testing::TestWithParam<std::tuple<unsigned, BoundsChecks>> {
 protected:
  CompileOptions options() const {
    return {.opt_level = std::get<0>(GetParam()), .bounds_checks = std::get<1>(GetParam())};
  }
  EngineConfig config() const {
    EngineConfig config;
    config.memory.explicit_bounds_checks = std::get<1>(GetParam()) == BoundsChecks::Explicit;
    return config;
  }
};

TEST_P(Guard, EveryBoundaryTrapsAndWritesNothing) {
  CompiledModule compiled = compile(boundary_module(), options());
  Engine engine(config());
  Store store(engine);
  Linker linker(store);
  Instance& guest = linker.instantiate(compiled);
  Instance& neighbour = linker.instantiate(compiled);
  Memory& own = *guest.memory("memory");
  Memory& other = *neighbour.memory("memory");
  std::memset(own.data(), 0x5A, own.size_bytes());
  std::memset(other.data(), 0xA5, other.size_bytes());
  constexpr uint64_t kEnd = 0x10000;
  for (const Access& access : kAccesses) {
    for (uint64_t offset : kOffsets) {
      std::string suffix = std::to_string(access.width) + "_" + std::to_string(offset);
      const uint64_t addresses[] = {0,    kEnd - access.width, kEnd - access.width + 1,       kEnd - 1,
                                    kEnd, 0x7FFFFFFF,          0xFFFFFFFF - access.width + 1, 0xFFFFFFFF};
      for (uint64_t address : addresses) {
        bool in_bounds = address + offset + access.width <= kEnd;
        for (const char* kind : {"load_", "store_"}) {
          std::string name = kind + suffix;
          Result<std::vector<Value>> result = guest.func(name)->call({static_cast<int32_t>(address)});
          SCOPED_TRACE(name + " at " + std::to_string(address));
          EXPECT_EQ(result.ok(), in_bounds);
          if (!result.ok()) EXPECT_EQ(result.trap().kind, TrapKind::MemoryOutOfBounds);
          if (in_bounds && std::string(kind) == "store_") {
            std::memset(own.data() + address + offset, 0x5A, access.width);  // undo the zeros
          }
        }
      }
    }
  }
  // A store straddling the end wrote none of its bytes; nothing reached the other instance.
  for (size_t i = 0; i < own.size_bytes(); ++i) ASSERT_EQ(own.data()[i], 0x5A) << "byte " << i;
  for (size_t i = 0; i < other.size_bytes(); ++i) ASSERT_EQ(other.data()[i], 0xA5) << "byte " << i;
}

INSTANTIATE_TEST_SUITE_P(OptLevelsAndChecks, Guard,
                         ::testing::Combine(::testing::Values(0u, 2u),
                                            ::testing::Values(BoundsChecks::Guard, BoundsChecks::Explicit)));

constexpr std::string_view kCounter = R"((module
  (memory 1)
  (func (export "set") (param i32) (i32.store (i32.const 8) (local.get 0)))
  (func (export "get") (result i32) (i32.load (i32.const 8)))
))";

TEST(ManyInstances, AThousandWithTheirOwnMemories) {
  CompiledModule compiled = compile(std::string(kCounter), {});
  Engine engine;
  Store store(engine);
  Linker linker(store);
  std::vector<Instance*> instances;
  for (int i = 0; i < 1000; ++i) instances.push_back(&linker.instantiate(compiled));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(instances[i]->typed<void(int32_t)>("set")(i).ok());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(*instances[i]->typed<int32_t()>("get")(), i);
}

// With the address space limited, the reservations run out: instantiation throws an error that
// says so, and the instances made before keep working. Exits 0 when all that holds.
[[noreturn]] void instantiate_until_the_address_space_runs_out() {
  CompiledModule compiled = compile(std::string(kCounter), {});
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Instance& first = linker.instantiate(compiled);
  // Room for a few more 8 GiB reservations (4 GiB and the guard) above what is mapped now; then a
  // memory falls back to explicit checks, which this code, compiled for guard regions, cannot use.
  // Five reservations and 6 GiB: the sixth memory then fits only the 4 GiB an explicitly checked
  // memory reserves. Relative to what is mapped: under AddressSanitizer that is terabytes of shadow.
  unsigned long long mapped_pages = 0;
  if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%llu", &mapped_pages) != 1) mapped_pages = 0;
    std::fclose(statm);
  }
  rlim_t room = mapped_pages * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) + (46ull << 30);
  rlimit limit{room, room};
  if (setrlimit(RLIMIT_AS, &limit) != 0) std::exit(3);
  try {
    for (int i = 0; i < 100; ++i) linker.instantiate(compiled);
  } catch (const Error& error) {
    bool clear = error.kind() == ErrorKind::Uninstantiable &&
                 error.message().find("no room left for a 4 GiB reservation") != std::string::npos;
    bool still_works = first.typed<void(int32_t)>("set")(7).ok() && *first.typed<int32_t()>("get")() == 7;
    if (!clear) std::fprintf(stderr, "unexpected error: %s\n", error.what());
    std::exit(clear && still_works ? 0 : 1);
  }
  std::exit(2);  // a hundred fit: the limit did not bite
}

TEST(ManyInstancesDeathTest, RunningOutOfAddressSpaceIsAClearError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(instantiate_until_the_address_space_runs_out(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace kiln
