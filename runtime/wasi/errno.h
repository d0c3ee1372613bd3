// WASI preview1's error numbers (the `errno` enum of wasi_snapshot_preview1.witx) and the mapping
// from the host's POSIX errno values.
#pragma once

#include <cstdint>

namespace kiln::wasi {

enum class Errno : uint16_t {
  Success = 0,
  TooBig = 1,
  Access = 2,
  Again = 6,
  BadFd = 8,
  Busy = 10,
  Exist = 20,
  Fault = 21,
  FileTooBig = 22,
  IllegalSequence = 25,
  Interrupted = 27,
  Invalid = 28,
  Io = 29,
  IsDirectory = 31,
  Loop = 32,
  TooManyFiles = 33,
  TooManyLinks = 34,
  NameTooLong = 37,
  TooManyFilesInSystem = 41,
  NoDevice = 43,
  NoEntry = 44,
  NoMemory = 48,
  NoSpace = 51,
  NoSys = 52,
  NotDirectory = 54,
  NotEmpty = 55,
  NotSocket = 57,
  NotSupported = 58,
  NotTty = 59,
  Overflow = 61,
  Permission = 63,
  Pipe = 64,
  ReadOnlyFs = 69,
  SeekPipe = 70,
  CrossDevice = 75,
  NotCapable = 76,
};

// The WASI errno for a host errno value; Io for ones WASI has no closer name for.
Errno errno_from_posix(int error);

}  // namespace kiln::wasi
