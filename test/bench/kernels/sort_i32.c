// Sorting: an introspective quicksort (median-of-three, insertion sort for short ranges) of
// random 32-bit integers, written out so that no library qsort or comparator call is timed.
#include "bench_common.h"

enum { kLength = 1 << 20 };

static int32_t values[kLength];

static void insertion_sort(int32_t* first, int32_t* last) {
  for (int32_t* i = first + 1; i < last; ++i) {
    int32_t value = *i;
    int32_t* j = i;
    for (; j > first && j[-1] > value; --j) *j = j[-1];
    *j = value;
  }
}

static void swap(int32_t* a, int32_t* b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void quicksort(int32_t* first, int32_t* last) {
  while (last - first > 24) {
    int32_t* middle = first + (last - first) / 2;
    if (*middle < *first) swap(middle, first);
    if (last[-1] < *middle) swap(last - 1, middle);
    if (*middle < *first) swap(middle, first);
    int32_t pivot = *middle;
    int32_t *i = first, *j = last - 1;
    for (;;) {  // Hoare partition
      while (*i < pivot) ++i;
      while (pivot < *j) --j;
      if (i >= j) break;
      swap(i++, j--);
    }
    if (j + 1 - first < last - (j + 1)) {  // recurse into the smaller half, loop on the larger
      quicksort(first, j + 1);
      first = j + 1;
    } else {
      quicksort(j + 1, last);
      last = j + 1;
    }
  }
  insertion_sort(first, last);
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 5);
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    bench_seed(10 + (uint64_t)r);
    for (int i = 0; i < kLength; ++i) values[i] = (int32_t)bench_rand32();
    quicksort(values, values + kLength);
    for (int i = 1; i < kLength; ++i)
      if (values[i - 1] > values[i]) {
        fprintf(stderr, "sort_i32: not sorted at %d\n", i);
        return 1;
      }
    for (int i = 0; i < kLength; i += 4099) checksum = bench_mix(checksum, (uint32_t)values[i]);
  }
  bench_report(checksum, start);
  return 0;
}
