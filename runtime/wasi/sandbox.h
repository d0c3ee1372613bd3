// Opening paths a WASI program names, always beneath the directory they are relative to: `..`,
// absolute paths and symbolic links can never reach outside it (openat2 with RESOLVE_BENEATH).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/errno.h"

namespace kiln::wasi {

struct OpenResult {
  int fd = -1;
  Errno error = Errno::Success;
};

// Opens `path` relative to `directory_fd` with open(2)'s `flags` and `mode`. Without
// `follow_symlinks` a symbolic link as the last component is not followed.
OpenResult open_beneath(int directory_fd, std::string_view path, int flags, mode_t mode, bool follow_symlinks);

// A path split into the directory that holds its last component, opened beneath `directory_fd`
// (O_PATH), and that component's name. The name is never empty, "." or "..".
struct ParentAndName {
  OpenResult parent;
  std::string name;
};
ParentAndName open_parent_beneath(int directory_fd, std::string_view path);

}  // namespace kiln::wasi
