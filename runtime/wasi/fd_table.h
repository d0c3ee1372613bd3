// The file descriptors a WASI program sees: each maps to a host descriptor, and a preopened
// directory also carries the name the guest knows it by.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasi/errno.h"

namespace kiln::wasi {

// WASI's `filetype` enum.
enum class FileType : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};
FileType file_type_from_mode(mode_t mode);

struct DirectoryEntry {
  uint64_t inode = 0;
  FileType type = FileType::Unknown;
  std::string name;
};

// Rights (rights.h) of a descriptor, and those that descriptors opened beneath it may have.
struct FdRights {
  uint64_t base = 0;
  uint64_t inheriting = 0;
};

struct FdEntry {
  int host_fd = -1;
  FdRights rights;
  bool owns_host_fd = true;                 // false for the standard streams, which outlive the program
  std::optional<std::string> preopen_name;  // set for a preopened directory
  // The directory's entries as of the last fd_readdir from cookie 0; cookies index into it.
  std::vector<DirectoryEntry> listing;
};

// An open descriptor that holds the rights an operation needs, or the errno saying why there is none.
struct FdLookup {
  FdEntry* entry = nullptr;
  Errno error = Errno::BadFd;
};

class FdTable {
 public:
  FdTable() = default;
  ~FdTable();
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;

  // Takes `entry` under the lowest free descriptor number.
  uint32_t insert(FdEntry entry);
  // The entry of `fd`, or null when it is not open.
  FdEntry* find(uint32_t fd);
  // The entry of `fd` if it holds every right in `needed`: BadFd when it is not open,
  // NotCapable when it lacks a right.
  FdLookup find(uint32_t fd, uint64_t needed);
  Errno close(uint32_t fd);
  // fd_renumber: `from` takes the place of `to`, which is closed first; `from` is then free.
  Errno renumber(uint32_t from, uint32_t to);

 private:
  std::vector<std::optional<FdEntry>> entries_;
};

}  // namespace kiln::wasi
