// Re-segmentation (IBSI 1, section 2.5, IF9H): the intensity mask from the morphological mask.
#pragma once

#include <cstdint>
#include <vector>

#include "node/radiomics/extraction_params.h"

namespace radfed::radiomics {

// The intensity mask: voxels of `morphological` whose intensity lies in [range_min, range_max]
// (IBSI 1: USB3; a missing bound is open), then, with outlier_sd = k, only those of the
// remaining voxels within mean +- k * SD of the remaining intensities (IBSI 1: 7ACA; population
// SD). The morphological mask itself is never changed (IBSI 1: G5KJ, SEFI). The result may be
// empty; callers decide whether that is an error.
std::vector<uint8_t> Resegment(const std::vector<float>& intensity,
                               const std::vector<uint8_t>& morphological,
                               const ExtractionParams& params);

}  // namespace radfed::radiomics
