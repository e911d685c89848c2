// PatientModel: what a synthetic patient is — clinical covariates, a tumour, and outcomes that
// depend on both, so that a federated model has real signal to find.
//
// The tumour is star-shaped around its centre: its surface in direction u is at distance
// R(u) = scale · ellipsoid(u) · (1 + Σ lobulation harmonics), so every slice through it has a
// contour that can be traced by angle, as a clinician's RTSTRUCT would. Its intensity is a mean HU
// plus spatially correlated heterogeneity (and a necrotic core in large tumours).
//
// Outcomes: a linear predictor from log tumour volume, heterogeneity, age and sex drives a Weibull
// survival time (with uniform administrative censoring) and a logistic binary outcome.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "node/synthetic/random.h"

namespace radfed::synthetic {

struct Tumour {
  std::array<double, 3> radii_mm{10, 10, 10};  // ellipsoid semi-axes (x, y, z)
  std::array<double, 6> lobulation{};          // amplitudes of low-order surface harmonics
  std::array<double, 6> phases{};
  double mean_hu = 40;
  double heterogeneity_hu = 20;   // SD of the correlated texture
  double texture_scale_mm = 3;    // correlation length of the texture
  double necrosis_fraction = 0;   // radius fraction of a hypodense core (0: none)

  // Distance from the centre to the surface along unit direction (x, y, z).
  double SurfaceDistance(double ux, double uy, double uz) const;
  // True when the offset (dx, dy, dz) mm from the centre is inside.
  bool Contains(double dx, double dy, double dz) const;
  // Volume enclosed by the surface (numerical integration of R(u)^3 / 3 over directions).
  double VolumeMm3() const;
};

struct Patient {
  std::string id;
  int age = 65;
  int sex = 1;          // 1 male, 2 female (as in R's lung data)
  int ecog = 1;         // performance status 0..3
  Tumour tumour;
  double linear_predictor = 0;
  double survival_days = 0;
  int event = 0;        // 1 death observed, 0 censored
  int response = 0;     // binary outcome (e.g. 2-year progression)
};

// Draws patient `index` of a cohort deterministically from `seed`.
Patient DrawPatient(uint64_t seed, const std::string& site, int index);

}  // namespace radfed::synthetic
