// kiln gives programs no sockets: the socket calls answer `notcapable` (76) on a descriptor
// without the socket right they need (stdout cannot be shut down) and `badf` (8) on a closed one.
#include <stdio.h>
#include <wasi/api.h>

int main(void) {
  printf("sock_shutdown on stdout: %d\n", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
  __wasi_size_t received;
  __wasi_roflags_t flags;
  char buffer[4];
  __wasi_iovec_t vector = {(uint8_t*)buffer, sizeof buffer};
  printf("sock_recv on a closed fd: %d\n", __wasi_sock_recv(99, &vector, 1, 0, &received, &flags));
  return 0;
}
