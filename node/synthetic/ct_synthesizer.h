// CtSynthesizer: renders a patient's chest CT on a site's grid, and the tumour contours a
// clinician would draw on it.
#pragma once

#include <vector>

#include "node/imaging/volume.h"
#include "node/synthetic/acquisition.h"
#include "node/synthetic/patient_model.h"
#include "node/synthetic/random.h"

namespace radfed::synthetic {

// A closed planar contour on slice `slice` (LPS points in mm).
struct Contour {
  int slice = 0;
  std::vector<imaging::Vec3> points;
};

struct SyntheticCt {
  imaging::Image hu;              // Hounsfield units, as the scanner stores them (with its offset)
  std::vector<Contour> contours;  // the tumour (GTV), one contour per slice it crosses
};

// Deterministic for a given patient, acquisition and generator state.
SyntheticCt SynthesizeCt(const Patient& patient, const Acquisition& acquisition, Random& rng);

}  // namespace radfed::synthetic
