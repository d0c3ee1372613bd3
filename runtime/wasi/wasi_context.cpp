// Setting up a WASI program's descriptors.
#include "wasi/wasi_context.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "kiln/error.h"
#include "wasi/rights.h"
#include "wasi_functions.h"

namespace kiln::wasi {

WasiContext::WasiContext(WasiConfig config) : config_(std::move(config)) {
  for (int stream = 0; stream < 3; ++stream)
    fds_.insert({.host_fd = stream,
                 .rights = rights::for_host_fd(stream),
                 .owns_host_fd = false,
                 .preopen_name = {},
                 .listing = {}});
  for (const PreopenDir& preopen : config_.preopens) {
    int fd = ::open(preopen.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      throw Error(ErrorKind::Io, "cannot open directory '" + preopen.host_path + "': " + std::strerror(errno));
    fds_.insert({.host_fd = fd,
                 .rights = rights::for_file_type(FileType::Directory),
                 .owns_host_fd = true,
                 .preopen_name = preopen.guest_path,
                 .listing = {}});
  }
}

void define_wasi(Linker& linker, WasiContext& context) {
  detail::define_process_functions(linker, context);
  detail::define_fd_functions(linker, context);
  detail::define_directory_functions(linker, context);
  detail::define_path_functions(linker, context);
  detail::define_link_functions(linker, context);
  detail::define_poll_functions(linker, context);
}

}  // namespace kiln::wasi
