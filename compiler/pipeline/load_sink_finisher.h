// After optimization, the load sink (codegen's keep_load) has done its work: no load was deleted.
// finish_load_sinks replaces it with a volatile store after each load that nothing else keeps.
#pragma once

namespace llvm {
class Module;
}

namespace kiln {

// The private global the load sinks of a module's functions are stored to, volatile. (A global,
// since passes keep it where they may drop metadata or rename a stack slot.)
inline constexpr const char* kLoadSinkGlobal = "kiln.load_sink";

// For every function that stores to the sink global: removes the sink (the or-chains, phis and reductions
// that only feed it), so that loads other code uses cost nothing more, and gives each load whose
// trap instruction selection could still lose (unused, or used only in part, so that it could be
// narrowed away from its highest byte) a volatile store of its value to a stack slot.
void finish_load_sinks(llvm::Module& module);

}  // namespace kiln
