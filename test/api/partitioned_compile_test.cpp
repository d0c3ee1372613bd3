// Partitioned compilation (CompileOptions::threads): how functions are split, and that code
// compiled in partitions calls across them, traps with a backtrace through them and has a code
// map entry for every function.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "partition_padding.h"
#include "pipeline/function_partitioner.h"

namespace kiln {
namespace {

// Functions 0..3 are large; $small (4) is called by $a (0) and $c (2), so its first caller is $a; $a calls $b
// and $b calls $a (recursion across partitions); $d divides by a call's result.
std::shared_ptr<Module> calls_module() {
  std::string pad = padding();
  std::string wat = R"((module
    (func $a (export "a") (param i32) (result i32))" +
                    pad + R"(
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $small (local.get 0)) (call $b (i32.sub (local.get 0) (i32.const 1)))))))
    (func $b (param i32) (result i32))" +
                    pad + R"( (call $a (local.get 0)))
    (func $c (export "c") (param i32) (result i32))" +
                    pad + R"( (call $small (local.get 0)))
    (func $d (export "d") (param i32) (result i32))" +
                    pad + R"(
      (i32.div_u (i32.const 100) (call $c (local.get 0))))
    (func $small (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
  )";
  auto module = std::make_shared<Module>(parse_wat(wat));
  validate_module(*module);
  return module;
}

TEST(FunctionPartitioner, EveryFunctionOnceSmallOnesWithTheirFirstCaller) {
  std::shared_ptr<Module> module = calls_module();
  std::vector<std::vector<uint32_t>> partitions = partition_functions(*module, 3);
  ASSERT_EQ(partitions.size(), 3u);
  std::vector<uint32_t> all;
  for (const std::vector<uint32_t>& partition : partitions) {
    EXPECT_TRUE(std::is_sorted(partition.begin(), partition.end()));
    all.insert(all.end(), partition.begin(), partition.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  auto partition_of = [&](uint32_t function) {
    for (size_t index = 0; index < partitions.size(); ++index)
      if (std::count(partitions[index].begin(), partitions[index].end(), function)) return index;
    return partitions.size();
  };
  EXPECT_EQ(partition_of(4), partition_of(0));             // $small beside $a, its first caller
  EXPECT_NE(partition_of(0), partition_of(1));             // the groups are dealt to different partitions
  EXPECT_EQ(partitions, partition_functions(*module, 3));  // deterministic
}

TEST(FunctionPartitioner, NeverMorePartitionsThanGroups) {
  std::shared_ptr<Module> module = calls_module();
  EXPECT_EQ(partition_functions(*module, 1).size(), 1u);
  EXPECT_EQ(partition_functions(*module, 64).size(), 4u);  // four large functions; $small is in $a's group
  Module empty;
  EXPECT_TRUE(partition_functions(empty, 4).empty());
}

TEST(PartitionedCompile, CallsAndTrapsAcrossPartitions) {
  std::shared_ptr<Module> module = calls_module();
  for (unsigned opt_level : {0u, 2u}) {
    std::shared_ptr<const CompiledCode> code = jit_compile(*module, {.opt_level = opt_level, .threads = 4});
    for (const CodeMap::Function& function : code->code_map.functions) EXPECT_GT(function.code_size, 0u);
    Engine engine;
    Store store(engine);
    Linker linker(store);
    Instance& instance = linker.instantiate(CompiledModule(module, code));
    EXPECT_EQ(*instance.typed<int32_t(int32_t)>("a")(4), 30);  // 3 * (4 + 3 + 2 + 1)
    EXPECT_EQ(*instance.typed<int32_t(int32_t)>("d")(5), 6);
    Result<int32_t> trapped = instance.typed<int32_t(int32_t)>("d")(0);
    ASSERT_FALSE(trapped.ok());
    EXPECT_EQ(trapped.trap().kind, TrapKind::IntegerDivideByZero);
    ASSERT_NE(trapped.trap().origin(), nullptr);
    EXPECT_EQ(trapped.trap().origin()->func_index, 3u);
  }
}

}  // namespace
}  // namespace kiln
