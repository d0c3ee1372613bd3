// Embedding kiln in a C++ program: load and JIT-compile a module, give it a host function, call its
// exports with static types and dynamically, read its memory, and catch a trap as a value.
// usage: kiln_embed_example examples/embed/counter.wat
#include <cstdint>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <string_view>
#include <vector>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/loader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: kiln_embed_example MODULE.wat|MODULE.wasm\n";
    return 2;
  }
  try {
    auto module = std::make_shared<const kiln::Module>(kiln::load_module_file(argv[1]));  // parsed and validated
    kiln::CompiledModule compiled(module, kiln::jit_compile(*module));

    // The engine is shared by every thread; a store (and all it instantiates) belongs to one thread at a time.
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Linker linker(store);
    // A typed host function: its wasm type, (i32) -> (), follows from the lambda's. A first parameter
    // `kiln::Caller&` would give it the store and the calling instance (e.g. to read its memory).
    linker.func("env", "log", [](int32_t count) { std::cout << "  env.log(" << count << ")\n"; });
    kiln::Instance& instance = linker.instantiate(compiled);

    auto add = instance.typed<int32_t(int32_t, int32_t)>("add");  // checks the export's type once
    std::cout << "add(2, 40) = " << *add(2, 40) << "\n";

    kiln::Func bump = *instance.func("bump");
    for (int32_t by : {5, 3}) {
      kiln::Result<std::vector<kiln::Value>> results = bump.call({by});
      std::cout << "bump(" << by << ") = " << results->at(0).as<int32_t>() << "\n";
    }

    // The data segment put the counter's 12-byte name at 0; wasm memory is little-endian, like kiln's hosts.
    kiln::Memory& memory = *instance.memory("memory");
    std::string_view name(reinterpret_cast<const char*>(memory.data()), 12);
    int32_t count = 0;
    std::memcpy(&count, memory.data() + 16, sizeof count);
    std::cout << "memory: \"" << name << "\" is " << count << " (" << memory.pages() << " page)\n";

    auto divide = instance.typed<int32_t(int32_t, int32_t)>("divide");
    std::cout << "divide(42, 5) = " << *divide(42, 5) << "\n";
    kiln::Result<int32_t> quotient = divide(1, 0);
    if (!quotient) std::cout << "divide(1, 0) trapped: " << quotient.trap().message << "\n";
    return 0;
  } catch (const std::exception& error) {  // kiln::Error for a bad module or import, else a missing export
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
}
