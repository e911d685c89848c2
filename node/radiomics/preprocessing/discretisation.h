// Intensity discretisation (IBSI 1, section 2.7, 4R0B) and the IVH input (IBSI 1, section 4.5).
//
// Both work on the voxels of a box whose intensity mask is set; voxels outside it get level 0
// and no IVH value. Errors (InvalidArgument) name the setting that is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Grey levels 1..N of the masked voxels.
//  - fixed bin size (IBSI 1: Q3RU): level = floor((x - min) / w) + 1, with min = range_min when
//    set (the lower re-segmentation bound), else the ROI minimum;
//  - fixed bin number (IBSI 1: K15C): level = floor(N (x - min) / (max - min)) + 1 over the ROI
//    minimum and maximum, with the maximum itself (and float round-off reaching N + 1) in bin N;
//    a constant ROI is all level 1;
//  - none: the intensities are the levels, which therefore must be integers >= 1 (as for the
//    IBSI digital phantom); anything else is an error asking for a discretisation.
// `what` names the discretisation in messages ("texture", "histogram"). The mask must not be empty.
// Refused: non-finite intensities in the ROI, and more than kMaxGreyLevels levels (a tiny bin
// width, huge intensities, or 'none' with intensities beyond it).
Result<DiscretisedLevels> Discretise(const std::vector<float>& intensity,
                                     const std::vector<uint8_t>& mask,
                                     const DiscretisationParams& params,
                                     std::optional<double> range_min, std::string_view what);

// The IVH input of IBSI 1 section 4.5 for the masked voxels, given the re-segmentation range:
//  - none, integer intensities (the "discrete case", e.g. CT): the raw intensities on the range
//    [range_min, range_max] (the ROI minimum / maximum for a missing bound) with step 1;
//  - none, non-integer intensities: IBSI asks for a discretisation here; radfed keeps the raw
//    values and evaluates the IVH on 1000 equal steps over the same range, so that the curve
//    follows the actual values without an arbitrary bin width;
//  - fixed bin size w: bin centres min + (level - 0.5) w (min as for Discretise), lowest the
//    first bin centre and highest the centre of the last bin before the range maximum
//    (IBSI: [min + w/2, max - w/2]), step w;
//  - fixed bin number N: the bin numbers, on [1, N] with step 1.
// Refused as for Discretise: non-finite intensities, and more than kMaxGreyLevels steps from
// lowest to highest (a wide re-segmentation range at step 1 or at a fine bin width).
Result<IvhInput> MakeIvhInput(const std::vector<float>& intensity, const std::vector<uint8_t>& mask,
                              const DiscretisationParams& params, std::optional<double> range_min,
                              std::optional<double> range_max);

}  // namespace radfed::radiomics
