// n-body: the classic Jovian-planets simulation (f64, with sqrt), advanced by many small steps.
// Positions and masses are randomized around the usual values so nothing is a compile-time constant.
#include "bench_common.h"

enum { kBodies = 5 };

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static Body bodies[kBodies];

static void advance(double dt) {
  for (int i = 0; i < kBodies; ++i) {
    Body* a = &bodies[i];
    for (int j = i + 1; j < kBodies; ++j) {
      Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double distance_squared = dx * dx + dy * dy + dz * dz;
      double distance = __builtin_sqrt(distance_squared);
      double magnitude = dt / (distance_squared * distance);
      a->vx -= dx * b->mass * magnitude;
      a->vy -= dy * b->mass * magnitude;
      a->vz -= dz * b->mass * magnitude;
      b->vx += dx * a->mass * magnitude;
      b->vy += dy * a->mass * magnitude;
      b->vz += dz * a->mass * magnitude;
    }
  }
  for (int i = 0; i < kBodies; ++i) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < kBodies; ++i) {
    const Body* a = &bodies[i];
    e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < kBodies; ++j) {
      const Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->mass * b->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

int main(int argc, char** argv) {
  int32_t steps = bench_size(argc, argv, 4500000);
  bench_seed(11);
  const double solar_mass = 4.0 * 3.141592653589793 * 3.141592653589793, days_per_year = 365.24;
  for (int i = 0; i < kBodies; ++i) {
    double radius = i == 0 ? 0.0 : 4.0 + 6.0 * i + bench_rand_unit();
    bodies[i].x = radius * (bench_rand_unit() - 0.5);
    bodies[i].y = radius * (bench_rand_unit() - 0.5);
    bodies[i].z = 0.1 * radius * (bench_rand_unit() - 0.5);
    bodies[i].vx = i == 0 ? 0.0 : days_per_year * (bench_rand_unit() - 0.5) * 0.01;
    bodies[i].vy = i == 0 ? 0.0 : days_per_year * (bench_rand_unit() - 0.5) * 0.01;
    bodies[i].vz = i == 0 ? 0.0 : days_per_year * (bench_rand_unit() - 0.5) * 0.001;
    bodies[i].mass = solar_mass * (i == 0 ? 1.0 : 1e-3 / (i * i) * (1.0 + bench_rand_unit()));
  }
  double start = bench_now_ms();
  uint64_t checksum = bench_mix(0, bench_bits_f64(energy()));
  for (int32_t s = 0; s < steps; ++s) advance(0.01);
  checksum = bench_mix(checksum, bench_bits_f64(energy()));
  for (int i = 0; i < kBodies; ++i) checksum = bench_mix(checksum, bench_bits_f64(bodies[i].x));
  bench_report(checksum, start);
  return 0;
}
