// Random: a seeded generator whose draws are identical on every platform and compiler.
//
// std::normal_distribution and friends are implementation-defined, so two hospitals (or CI and a
// laptop) would generate different "deterministic" cohorts. This uses splitmix64 and explicit
// transforms instead.
#pragma once

#include <cmath>
#include <cstdint>

namespace radfed::synthetic {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  // A generator for a named sub-stream (e.g. per patient), independent of draws made so far.
  Random Fork(uint64_t stream) const { return Random(Mix(state_ ^ Mix(stream + 0x9E3779B97F4A7C15ULL))); }

  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix(state_);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Standard normal (Box–Muller; the second value is discarded for simplicity of state).
  double Normal() {
    double u = Uniform();
    while (u <= 0) u = Uniform();
    const double v = Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  bool Bernoulli(double p) { return Uniform() < p; }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

}  // namespace radfed::synthetic
