// Hands WASI functions pointers and lengths outside linear memory: each must return the errno
// `fault` (21) and nothing may crash.
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

int main(void) {
  uint8_t* far = (uint8_t*)(uintptr_t)0xFFFFFFF0u;
  __wasi_size_t count;
  __wasi_ciovec_t beyond = {far, 64};
  printf("fd_write iovec beyond memory: %d\n", __wasi_fd_write(1, &beyond, 1, &count));
  printf("fd_write iovec array beyond memory: %d\n", __wasi_fd_write(1, (const __wasi_ciovec_t*)far, 4, &count));
  printf("random_get beyond memory: %d\n", __wasi_random_get(far, 64));
  printf("args_sizes_get beyond memory: %d\n", __wasi_args_sizes_get((__wasi_size_t*)far, (__wasi_size_t*)far));
  __wasi_timestamp_t* time = (__wasi_timestamp_t*)(uintptr_t)0xFFFFFFFCu;
  printf("clock_time_get beyond memory: %d\n", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, time));
  printf("fd_write to a closed fd: %d\n", __wasi_fd_write(77, &beyond, 1, &count));
  return 0;
}
