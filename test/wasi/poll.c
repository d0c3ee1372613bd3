// poll() on standard input (poll_oneoff with a descriptor and a clock): the test feeds stdin
// only after the first line is out, so a 50 ms poll times out and a 10 s one then sees the input.
#include <poll.h>
#include <stdio.h>

int main(void) {
  struct pollfd input = {0, POLLIN, 0};
  int ready = poll(&input, 1, 50);
  printf("after 50ms: %d\n", ready);
  fflush(stdout);  // the test waits for this line before it writes to stdin
  ready = poll(&input, 1, 10000);
  printf("after input: %d%s\n", ready, (input.revents & POLLIN) ? " POLLIN" : "");
  char line[32];
  if (fgets(line, sizeof line, stdin)) printf("read: %s", line);
  return 0;
}
