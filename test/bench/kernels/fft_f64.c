// Iterative radix-2 complex FFT (f64), forward then inverse, on 2^16 points. The twiddle factors
// come from a rotation recurrence in plain arithmetic, not libm's sin/cos, whose last bits differ
// between wasi-libc and glibc and would make the checksums disagree.
#include "bench_common.h"

enum { kLog2N = 16, kN = 1 << kLog2N };

static double re[kN], im[kN], twiddle_re[kN / 2], twiddle_im[kN / 2];

static void make_twiddles(void) {
  // cos/sin of 2π/N from their Taylor series (the angle is tiny, so 12 terms are exact to 1 ulp).
  double angle = 6.283185307179586 / kN, c = 1.0, s = 0.0, term = 1.0;
  for (int n = 1; n <= 24; ++n) {
    term *= angle / n;
    if (n % 4 == 1) s += term;
    if (n % 4 == 2) c -= term;
    if (n % 4 == 3) s -= term;
    if (n % 4 == 0) c += term;
  }
  double wr = 1.0, wi = 0.0;
  for (int k = 0; k < kN / 2; ++k) {
    twiddle_re[k] = wr;
    twiddle_im[k] = -wi;
    double next = wr * c - wi * s;
    wi = wr * s + wi * c;
    wr = next;
  }
}

static void fft(int inverse) {
  for (uint32_t i = 1, j = 0; i < kN; ++i) {  // bit-reversal permutation
    uint32_t bit = kN >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  double sign = inverse ? -1.0 : 1.0;
  for (int length = 2; length <= kN; length <<= 1) {
    int half = length >> 1, stride = kN / length;
    for (int base = 0; base < kN; base += length)
      for (int k = 0; k < half; ++k) {
        double wr = twiddle_re[k * stride], wi = sign * twiddle_im[k * stride];
        int top = base + k, bottom = top + half;
        double xr = re[bottom] * wr - im[bottom] * wi;
        double xi = re[bottom] * wi + im[bottom] * wr;
        re[bottom] = re[top] - xr;
        im[bottom] = im[top] - xi;
        re[top] += xr;
        im[top] += xi;
      }
  }
  if (inverse)
    for (int i = 0; i < kN; ++i) {
      re[i] *= 1.0 / kN;
      im[i] *= 1.0 / kN;
    }
}

int main(int argc, char** argv) {
  int32_t reps = bench_size(argc, argv, 60);
  bench_seed(4);
  make_twiddles();
  for (int i = 0; i < kN; ++i) {
    re[i] = bench_rand_unit() - 0.5;
    im[i] = bench_rand_unit() - 0.5;
  }
  double start = bench_now_ms();
  uint64_t checksum = 0;
  for (int32_t r = 0; r < reps; ++r) {
    fft(0);
    checksum = bench_mix(checksum, bench_bits_f64(re[r % kN]));
    fft(1);
    re[(r * 97) % kN] += 0.001;
  }
  for (int i = 0; i < kN; i += 61) checksum = bench_mix(checksum, bench_bits_f64(re[i] + im[i]));
  bench_report(checksum, start);
  return 0;
}
