// fd_readdir: a directory's entries as WASI `dirent`s, resumable at any entry by its cookie.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "wasi/rights.h"
#include "wasi_functions.h"

namespace kiln::wasi::detail {
namespace {

// Reads the whole directory behind `fd` afresh, through a duplicate: closedir closes the descriptor it reads.
Errno list_directory(int fd, std::vector<DirectoryEntry>& listing) {
  int duplicate = dup(fd);
  if (duplicate < 0) return errno_from_posix(errno);
  DIR* directory = fdopendir(duplicate);
  if (!directory) {
    Errno error = errno_from_posix(errno);
    close(duplicate);
    return error;
  }
  rewinddir(directory);
  listing.clear();
  while (dirent* found = readdir(directory)) {
    FileType type = FileType::Unknown;
    switch (found->d_type) {
      case DT_BLK: type = FileType::BlockDevice; break;
      case DT_CHR: type = FileType::CharacterDevice; break;
      case DT_DIR: type = FileType::Directory; break;
      case DT_REG: type = FileType::RegularFile; break;
      case DT_SOCK: type = FileType::SocketStream; break;
      case DT_LNK: type = FileType::SymbolicLink; break;
      default: break;
    }
    listing.push_back({found->d_ino, type, found->d_name});
  }
  closedir(directory);
  return Errno::Success;
}

// Fills the buffer with `dirent`s (24 bytes, then the name) from the entry numbered `cookie`; the
// last one may be cut short, which tells the program to call again with a larger buffer or a later cookie.
Errno read_directory(FdLookup fd, const GuestMemory& memory, uint32_t buffer, uint32_t length, uint64_t cookie,
                     uint32_t used_pointer) {
  if (!fd.entry) return fd.error;
  FdEntry* entry = fd.entry;
  if (cookie == 0 || entry->listing.empty())
    if (Errno error = list_directory(entry->host_fd, entry->listing); error != Errno::Success) return error;
  std::span<uint8_t> target = memory.bytes(buffer, length);
  size_t used = 0;
  for (uint64_t index = cookie; index < entry->listing.size() && used < target.size(); ++index) {
    const DirectoryEntry& found = entry->listing[index];
    uint8_t header[24] = {};
    uint64_t next = index + 1;
    auto name_length = static_cast<uint32_t>(found.name.size());
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &found.inode, 8);
    std::memcpy(header + 16, &name_length, 4);
    header[20] = static_cast<uint8_t>(found.type);
    size_t count = std::min(sizeof header, target.size() - used);
    std::memcpy(target.data() + used, header, count);
    used += count;
    count = std::min(found.name.size(), target.size() - used);
    std::memcpy(target.data() + used, found.name.data(), count);
    used += count;
  }
  memory.store<uint32_t>(used_pointer, static_cast<uint32_t>(used));
  return Errno::Success;
}

}  // namespace

void define_directory_functions(Linker& linker, WasiContext& context) {
  FdTable& fds = context.fds();
  linker.func(kModule, "fd_readdir",
              [&fds](Caller& caller, uint32_t fd, uint32_t buffer, uint32_t length, uint64_t cookie, uint32_t used) {
                return with_memory(caller, [&](const GuestMemory& memory) {
                  return read_directory(fds.find(fd, rights::kFdReaddir), memory, buffer, length, cookie, used);
                });
              });
}

}  // namespace kiln::wasi::detail
