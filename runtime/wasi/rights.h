// WASI preview1 rights: what an open descriptor may be used for. A descriptor starts with the
// rights its kind of file supports; fd_fdstat_set_rights can only take rights away, and a file
// opened beneath a directory gets no more than the directory's inheriting rights.
#pragma once

#include <cstdint>

#include "wasi/fd_table.h"

namespace kiln::wasi::rights {

constexpr uint64_t bit(unsigned index) { return uint64_t{1} << index; }

constexpr uint64_t kFdDatasync = bit(0), kFdRead = bit(1), kFdSeek = bit(2), kFdFdstatSetFlags = bit(3),
                   kFdSync = bit(4), kFdTell = bit(5), kFdWrite = bit(6), kFdAdvise = bit(7), kFdAllocate = bit(8),
                   kPathCreateDirectory = bit(9), kPathCreateFile = bit(10), kPathLinkSource = bit(11),
                   kPathLinkTarget = bit(12), kPathOpen = bit(13), kFdReaddir = bit(14), kPathReadlink = bit(15),
                   kPathRenameSource = bit(16), kPathRenameTarget = bit(17), kPathFilestatGet = bit(18),
                   kPathFilestatSetSize = bit(19), kPathFilestatSetTimes = bit(20), kFdFilestatGet = bit(21),
                   kFdFilestatSetSize = bit(22), kFdFilestatSetTimes = bit(23), kPathSymlink = bit(24),
                   kPathRemoveDirectory = bit(25), kPathUnlinkFile = bit(26), kPollFdReadwrite = bit(27),
                   kSockShutdown = bit(28), kSockAccept = bit(29);
constexpr uint64_t kAll = bit(30) - 1;

// What a regular file (or block device) can do.
constexpr uint64_t kRegularFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite |
                                  kFdAdvise | kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes |
                                  kPollFdReadwrite;
// A directory: the path operations beneath it; files opened there inherit up to kAll.
constexpr uint64_t kDirectory = kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory | kPathCreateFile |
                                kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink |
                                kPathRenameSource | kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize |
                                kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
                                kPathRemoveDirectory | kPathUnlinkFile;
// A stream that cannot seek: a terminal, a pipe, a character device. (wasi-libc's isatty()
// checks for a character device without the seek and tell rights.)
constexpr uint64_t kStream = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;

// The rights a descriptor of this type starts with: base, and inheriting for directories.
FdRights for_file_type(FileType type);
// The rights of an open host descriptor, by the type of what it refers to.
FdRights for_host_fd(int host_fd);

}  // namespace kiln::wasi::rights
