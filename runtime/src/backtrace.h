// Turning the program counters a trap collected into wasm frames (function, name, byte offset),
// through the code maps of the instances that could have been running.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "kiln/instance.h"
#include "kiln/trap.h"
#include "trap_handler.h"

namespace kiln::detail {

// Appends a frame for every PC that lies in a wasm function of one of `instances`; PCs of
// trampolines and host thunks are left out.
void append_wasm_frames(std::span<const std::unique_ptr<Instance>> instances, const TrapPcs& pcs,
                        std::vector<TrapFrame>& backtrace);

}  // namespace kiln::detail
