#include "node/synthetic/patient_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace radfed::synthetic {
namespace {

// Low-order angular functions in the direction u; bounded by 1 in magnitude.
std::array<double, 6> Harmonics(double ux, double uy, double uz, const std::array<double, 6>& ph) {
  const double theta = std::atan2(uy, ux);
  const double z = std::clamp(uz, -1.0, 1.0);
  return {std::cos(2 * theta + ph[0]), std::cos(3 * theta + ph[1]), std::cos(4 * theta + ph[2]),
          z * std::cos(theta + ph[3]), (3 * z * z - 1) / 2, std::cos(5 * theta + ph[5]) * (1 - z * z)};
}

// FNV-1a: std::hash is implementation-defined, and cohorts must not depend on the library.
uint64_t Hash(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

double Tumour::SurfaceDistance(double ux, double uy, double uz) const {
  // Ellipsoid radius along u: 1 / sqrt(Σ (u_i / r_i)^2).
  const double e = 1.0 / std::sqrt(ux * ux / (radii_mm[0] * radii_mm[0]) +
                                   uy * uy / (radii_mm[1] * radii_mm[1]) +
                                   uz * uz / (radii_mm[2] * radii_mm[2]));
  const auto h = Harmonics(ux, uy, uz, phases);
  double factor = 1;
  for (size_t i = 0; i < h.size(); ++i) factor += lobulation[i] * h[i];
  return e * std::max(factor, 0.3);
}

bool Tumour::Contains(double dx, double dy, double dz) const {
  const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
  if (r == 0) return true;
  return r <= SurfaceDistance(dx / r, dy / r, dz / r);
}

double Tumour::VolumeMm3() const {
  // Integrate R(u)^3 / 3 over the sphere on a fixed angular grid.
  constexpr int kTheta = 96, kPhi = 48;
  double sum = 0;
  for (int p = 0; p < kPhi; ++p) {
    const double phi = M_PI * (p + 0.5) / kPhi;
    for (int t = 0; t < kTheta; ++t) {
      const double theta = 2 * M_PI * (t + 0.5) / kTheta;
      const double ux = std::sin(phi) * std::cos(theta), uy = std::sin(phi) * std::sin(theta),
                   uz = std::cos(phi);
      const double r = SurfaceDistance(ux, uy, uz);
      sum += r * r * r / 3 * std::sin(phi);
    }
  }
  return sum * (M_PI / kPhi) * (2 * M_PI / kTheta);
}

Patient DrawPatient(uint64_t seed, const std::string& site, int index) {
  Random rng = Random(seed).Fork(Hash(site)).Fork(static_cast<uint64_t>(index));
  Patient p;
  char id[64];
  std::snprintf(id, sizeof id, "%s-%03d", site.c_str(), index + 1);
  p.id = id;
  p.age = static_cast<int>(std::clamp(std::round(rng.Normal(64, 9)), 35.0, 90.0));
  p.sex = rng.Bernoulli(0.4) ? 2 : 1;
  p.ecog = static_cast<int>(std::clamp(std::floor(rng.Uniform(0, 2.6) + (p.age > 70 ? 0.4 : 0)), 0.0, 3.0));

  Tumour& t = p.tumour;
  const double size = std::exp(rng.Normal(std::log(8.0), 0.35));  // typical radius in mm
  t.radii_mm = {size * rng.Uniform(0.8, 1.2), size * rng.Uniform(0.8, 1.2), size * rng.Uniform(0.7, 1.1)};
  for (double& r : t.radii_mm) r = std::clamp(r, 3.0, 18.0);
  const double irregularity = rng.Uniform(0.0, 0.18);
  for (size_t i = 0; i < t.lobulation.size(); ++i) {
    t.lobulation[i] = irregularity * rng.Uniform(-1, 1);
    t.phases[i] = rng.Uniform(0, 2 * M_PI);
  }
  t.mean_hu = rng.Normal(35, 8);
  t.heterogeneity_hu = std::clamp(rng.Normal(22, 8), 5.0, 50.0);
  t.texture_scale_mm = rng.Uniform(1.5, 4.0);
  t.necrosis_fraction = size > 10 ? rng.Uniform(0.2, 0.5) : 0.0;

  // Outcome model: larger, more heterogeneous tumours in older patients do worse.
  const double log_volume = std::log(t.VolumeMm3());
  p.linear_predictor = 0.7 * (log_volume - 7.6) + 0.04 * (t.heterogeneity_hu - 22) +
                       0.03 * (p.age - 64) - 0.4 * (p.sex == 2) + 0.3 * p.ecog;
  const double shape = 1.3, scale_days = 900;
  const double u = std::max(rng.Uniform(), 1e-12);
  const double event_time = scale_days * std::pow(-std::log(u) / std::exp(p.linear_predictor), 1 / shape);
  const double censor_time = rng.Uniform(365, 5 * 365);
  p.survival_days = std::max(1.0, std::round(std::min(event_time, censor_time)));
  p.event = event_time <= censor_time ? 1 : 0;
  p.response = rng.Bernoulli(1 / (1 + std::exp(-(p.linear_predictor - 0.2)))) ? 1 : 0;
  return p;
}

}  // namespace radfed::synthetic
