// DoubleDouble: an unevaluated sum hi + lo of two doubles (about 106 bits of precision), enough
// to form Σx² − (Σx)²/n without cancellation when the mean is far from zero relative to the SD.
// Error-free transformations after Dekker and Knuth (TwoSum, TwoProduct via fused multiply-add).
#pragma once

#include <cmath>

namespace radfed::study {

struct DoubleDouble {
  double hi = 0;
  double lo = 0;

  static DoubleDouble Of(double a, double b) {  // the exact sum a + b
    const double s = a + b;
    const double v = s - a;
    return {s, (a - (s - v)) + (b - v)};
  }
  double value() const { return hi + lo; }

  friend DoubleDouble operator+(DoubleDouble a, DoubleDouble b) {
    DoubleDouble s = Of(a.hi, b.hi);
    return Of(s.hi, s.lo + a.lo + b.lo);
  }
  friend DoubleDouble operator-(DoubleDouble a, DoubleDouble b) { return a + DoubleDouble{-b.hi, -b.lo}; }
  friend DoubleDouble operator*(DoubleDouble a, DoubleDouble b) {
    const double p = a.hi * b.hi;
    const double e = std::fma(a.hi, b.hi, -p);  // exact error of the product
    return Of(p, e + a.hi * b.lo + a.lo * b.hi);
  }
  friend DoubleDouble operator/(DoubleDouble a, double d) {
    const double q = a.hi / d;
    // Remainder a - q*d, exactly via fma, then one correction step.
    const double r = std::fma(-q, d, a.hi) + a.lo;
    return Of(q, r / d);
  }
};

// Splits v into a multiple of 16 and a remainder in [-8, 8]. Summed over up to 1024 sites with
// |v| <= 1e14, both parts stay exactly representable as doubles, so a secure sum (exact in fixed
// point) decodes without rounding; only the remainder's 2^-40 quantisation remains.
inline void SplitForSum(long double v, double* hi, double* lo) {
  const long double coarse = std::round(v / 16) * 16;
  *hi = static_cast<double>(coarse);
  *lo = static_cast<double>(v - coarse);
}

}  // namespace radfed::study
