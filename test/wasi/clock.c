// Clocks, sleeping and random bytes: the wall clock is after 2020, the monotonic clock advances
// by at least a 20 ms nanosleep (poll_oneoff), and getentropy fills a buffer.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long nanoseconds(clockid_t clock) {
  struct timespec now;
  clock_gettime(clock, &now);
  return (long long)now.tv_sec * 1000000000 + now.tv_nsec;
}

int main(void) {
  printf("wall clock after 2020: %s\n", time(NULL) > 1577836800 ? "yes" : "no");
  struct timespec resolution;
  printf("monotonic resolution known: %s\n", clock_getres(CLOCK_MONOTONIC, &resolution) == 0 ? "yes" : "no");
  long long before = nanoseconds(CLOCK_MONOTONIC);
  struct timespec pause = {0, 20 * 1000 * 1000};
  nanosleep(&pause, NULL);
  long long slept = nanoseconds(CLOCK_MONOTONIC) - before;
  printf("slept at least 20ms: %s\n", slept >= 20 * 1000 * 1000 ? "yes" : "no");
  unsigned char bytes[64] = {0};
  int nonzero = 0;
  if (getentropy(bytes, sizeof bytes) != 0) return 1;
  for (size_t i = 0; i < sizeof bytes; ++i) nonzero += bytes[i] != 0;
  printf("random bytes: %s\n", nonzero > 32 ? "yes" : "no");
  return 0;
}
