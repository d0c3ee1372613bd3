// Host errno values to WASI's.
#include "wasi/errno.h"

#include <cerrno>

namespace kiln::wasi {

Errno errno_from_posix(int error) {
  switch (error) {
    case E2BIG: return Errno::TooBig;
    case EACCES: return Errno::Access;
    case EAGAIN: return Errno::Again;
    case EBADF: return Errno::BadFd;
    case EBUSY: return Errno::Busy;
    case EEXIST: return Errno::Exist;
    case EFAULT: return Errno::Fault;
    case EFBIG: return Errno::FileTooBig;
    case EILSEQ: return Errno::IllegalSequence;
    case EINTR: return Errno::Interrupted;
    case EINVAL: return Errno::Invalid;
    case EISDIR: return Errno::IsDirectory;
    case ELOOP: return Errno::Loop;
    case EMFILE: return Errno::TooManyFiles;
    case EMLINK: return Errno::TooManyLinks;
    case ENAMETOOLONG: return Errno::NameTooLong;
    case ENFILE: return Errno::TooManyFilesInSystem;
    case ENODEV: return Errno::NoDevice;
    case ENOENT: return Errno::NoEntry;
    case ENOMEM: return Errno::NoMemory;
    case ENOSPC: return Errno::NoSpace;
    case ENOSYS: return Errno::NoSys;
    case ENOTDIR: return Errno::NotDirectory;
    case ENOTEMPTY: return Errno::NotEmpty;
    case ENOTSOCK: return Errno::NotSocket;
    case EOPNOTSUPP: return Errno::NotSupported;
    case ENOTTY: return Errno::NotTty;
    case EOVERFLOW: return Errno::Overflow;
    case EPERM: return Errno::Permission;
    case EPIPE: return Errno::Pipe;
    case EROFS: return Errno::ReadOnlyFs;
    case ESPIPE: return Errno::SeekPipe;
    // openat2's RESOLVE_BENEATH refuses a path that would leave the preopened directory with EXDEV.
    case EXDEV: return Errno::NotCapable;
    default: return Errno::Io;
  }
}

}  // namespace kiln::wasi
