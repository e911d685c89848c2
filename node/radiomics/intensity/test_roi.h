// Small hand-made ProcessedRoi volumes for the intensity family tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics::testing {

// A box of `size` voxels with the given intensities; every voxel is in both masks unless `mask`
// is given. Texture and histogram levels are the intensities rounded; the IVH is left empty.
ProcessedRoi MakeRoi(imaging::Index3 size, imaging::Vec3 spacing, std::vector<float> intensity,
                     std::vector<uint8_t> mask = {});

// The value of `feature` in `features`; fails the test and returns NaN when it is absent.
double ValueOf(const FeatureList& features, std::string_view feature);

}  // namespace radfed::radiomics::testing
