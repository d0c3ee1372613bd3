// malloc-heavy trees: builds and frees many complete binary trees through malloc/free (the
// allocator of the C library each build links: wasi-libc's dlmalloc or glibc's).
#include "bench_common.h"

typedef struct Node {
  struct Node* left;
  struct Node* right;
  uint32_t value;
} Node;

static Node* build(int depth, uint32_t value) {
  Node* node = malloc(sizeof *node);
  if (!node) {
    fprintf(stderr, "binary_trees: out of memory\n");
    exit(1);
  }
  node->value = value;
  node->left = depth > 0 ? build(depth - 1, value * 2) : NULL;
  node->right = depth > 0 ? build(depth - 1, value * 2 + 1) : NULL;
  return node;
}

static uint32_t check(const Node* node) {
  if (!node->left) return node->value & 0xFF;
  return (node->value & 0xFF) + check(node->left) - check(node->right);
}

static void destroy(Node* node) {
  if (node->left) {
    destroy(node->left);
    destroy(node->right);
  }
  free(node);
}

int main(int argc, char** argv) {
  int32_t max_depth = bench_size(argc, argv, 16);
  bench_seed(8);
  double start = bench_now_ms();
  Node* long_lived = build(max_depth, bench_rand32());
  uint64_t checksum = 0;
  for (int depth = 4; depth <= max_depth; depth += 2) {
    int32_t iterations = 1 << (max_depth - depth + 4);
    uint32_t sum = 0;
    for (int32_t i = 0; i < iterations; ++i) {
      Node* tree = build(depth, (uint32_t)i);
      sum += check(tree);
      destroy(tree);
    }
    checksum = bench_mix(checksum, sum);
  }
  checksum = bench_mix(checksum, check(long_lived));
  destroy(long_lived);
  bench_report(checksum, start);
  return 0;
}
