// CPU feature detection through the compiler's cpuid support (__builtin_cpu_supports, which
// also checks that the OS saves the AVX registers). It wants literal names, hence the table.
#include "kiln/cpu_features.h"

#include <vector>

namespace kiln {
namespace {

struct Feature {
  std::string_view name;
  bool (*present)();
};

#if defined(__x86_64__)
#define KILN_FEATURE(name)                                 \
  {                                                        \
    name, [] { return __builtin_cpu_supports(name) != 0; } \
  }
const Feature kFeatures[] = {
    KILN_FEATURE("sse3"),     KILN_FEATURE("ssse3"),    KILN_FEATURE("sse4.1"),   KILN_FEATURE("sse4.2"),
    KILN_FEATURE("popcnt"),   KILN_FEATURE("avx"),      KILN_FEATURE("avx2"),     KILN_FEATURE("fma"),
    KILN_FEATURE("bmi"),      KILN_FEATURE("bmi2"),     KILN_FEATURE("lzcnt"),    KILN_FEATURE("f16c"),
    KILN_FEATURE("movbe"),    KILN_FEATURE("cx16"),     KILN_FEATURE("avx512f"),  KILN_FEATURE("avx512bw"),
    KILN_FEATURE("avx512dq"), KILN_FEATURE("avx512vl"), KILN_FEATURE("avx512cd"),
};
#undef KILN_FEATURE
#endif

std::span<const Feature> features() {
#if defined(__x86_64__)
  return kFeatures;
#else
  return {};
#endif
}

}  // namespace

std::span<const std::string_view> detectable_cpu_features() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> list;
    for (const Feature& feature : features()) list.push_back(feature.name);
    return list;
  }();
  return names;
}

bool host_has_cpu_feature(std::string_view name) {
  for (const Feature& feature : features())
    if (feature.name == name) return feature.present();
  return false;
}

}  // namespace kiln
