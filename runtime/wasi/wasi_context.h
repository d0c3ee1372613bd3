// The state of one WASI program: its arguments, environment, preopened directories and open
// descriptors, and the exit code proc_exit left. define_wasi offers its functions to a Linker
// as the module "wasi_snapshot_preview1".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiln/linker.h"
#include "wasi/fd_table.h"

namespace kiln::wasi {

struct PreopenDir {
  std::string host_path;
  std::string guest_path;  // the name the program opens paths under
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program's name
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<PreopenDir> preopens;
};

class WasiContext {
 public:
  // Gives the program the host's standard streams as descriptors 0-2 and the preopened
  // directories from 3 on. Throws Error(Io) when a directory cannot be opened.
  explicit WasiContext(WasiConfig config);

  const std::vector<std::string>& args() const { return config_.args; }
  const std::vector<std::string>& env() const { return config_.env; }
  FdTable& fds() { return fds_; }

  // proc_exit records its code here and then ends the run with a trap.
  void set_exit_code(uint32_t code) { exit_code_ = code; }
  std::optional<uint32_t> exit_code() const { return exit_code_; }

 private:
  WasiConfig config_;
  FdTable fds_;
  std::optional<uint32_t> exit_code_;
};

// Defines every WASI preview1 function kiln implements under "wasi_snapshot_preview1". The
// functions refer to `context`, which must outlive the instances that import them.
void define_wasi(Linker& linker, WasiContext& context);

// The message of the trap by which proc_exit ends a run.
inline constexpr const char* kProcExitMessage = "wasi proc_exit";

}  // namespace kiln::wasi
