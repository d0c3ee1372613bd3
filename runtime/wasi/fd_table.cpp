// The WASI descriptor table.
#include "wasi/fd_table.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace kiln::wasi {

FileType file_type_from_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFBLK: return FileType::BlockDevice;
    case S_IFCHR: return FileType::CharacterDevice;
    case S_IFDIR: return FileType::Directory;
    case S_IFREG: return FileType::RegularFile;
    case S_IFSOCK: return FileType::SocketStream;
    case S_IFLNK: return FileType::SymbolicLink;
    default: return FileType::Unknown;
  }
}

FdTable::~FdTable() {
  for (std::optional<FdEntry>& entry : entries_)
    if (entry && entry->owns_host_fd) ::close(entry->host_fd);
}

uint32_t FdTable::insert(FdEntry entry) {
  for (size_t fd = 0; fd < entries_.size(); ++fd) {
    if (!entries_[fd]) {
      entries_[fd] = std::move(entry);
      return static_cast<uint32_t>(fd);
    }
  }
  entries_.push_back(std::move(entry));
  return static_cast<uint32_t>(entries_.size() - 1);
}

FdEntry* FdTable::find(uint32_t fd) {
  if (fd >= entries_.size() || !entries_[fd]) return nullptr;
  return &*entries_[fd];
}

FdLookup FdTable::find(uint32_t fd, uint64_t needed) {
  FdEntry* entry = find(fd);
  if (!entry) return {nullptr, Errno::BadFd};
  if ((entry->rights.base & needed) != needed) return {nullptr, Errno::NotCapable};
  return {entry, Errno::Success};
}

Errno FdTable::close(uint32_t fd) {
  FdEntry* entry = find(fd);
  if (!entry) return Errno::BadFd;
  int result = entry->owns_host_fd ? ::close(entry->host_fd) : 0;
  int error = errno;
  entries_[fd].reset();
  return result == 0 ? Errno::Success : errno_from_posix(error);
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!find(from) || !find(to)) return Errno::BadFd;
  if (from == to) return Errno::Success;
  close(to);
  entries_[to] = std::move(entries_[from]);
  entries_[from].reset();
  return Errno::Success;
}

}  // namespace kiln::wasi
