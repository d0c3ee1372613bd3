// The table of kiln_rt_* pointers that loaders copy into every compiled module (abi.h).
#include "kiln/abi.h"

namespace kiln::abi {

const void* const* runtime_function_table() {
  static const void* const kTable[kRuntimeFunctionCount] = {
      reinterpret_cast<const void*>(&kiln_rt_memory_grow), reinterpret_cast<const void*>(&kiln_rt_memory_fill),
      reinterpret_cast<const void*>(&kiln_rt_memory_copy), reinterpret_cast<const void*>(&kiln_rt_memory_init),
      reinterpret_cast<const void*>(&kiln_rt_data_drop),   reinterpret_cast<const void*>(&kiln_rt_table_grow),
      reinterpret_cast<const void*>(&kiln_rt_table_fill),  reinterpret_cast<const void*>(&kiln_rt_table_copy),
      reinterpret_cast<const void*>(&kiln_rt_table_init),  reinterpret_cast<const void*>(&kiln_rt_elem_drop),
      reinterpret_cast<const void*>(&kiln_rt_trap),
  };
  return kTable;
}

}  // namespace kiln::abi
