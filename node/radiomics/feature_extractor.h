// ExtractFeatures: one case from image and mask to its radiomic features.
//
// Pre-processes once (preprocessing/roi_builder.h), then runs the requested feature families in
// the order of the IBSI reference tables (morphology, local intensity, intensity statistics,
// intensity histogram, IVH, GLCM, GLRLM, GLSZM, GLDZM, NGTDM, NGLDM). The texture families
// share one TextureInput.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "node/imaging/volume.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"

namespace radfed::radiomics {

// Wall time of one step: "preprocessing", "texture_input" (shared by the texture families), or
// a family's FeatureFamilyKey().
struct StepTiming {
  std::string step;
  double milliseconds = 0;
};

struct Extraction {
  FeatureList features;
  std::vector<StepTiming> timings;  // in the order the steps ran
};

// Features of params.families (every family when it is empty). Errors are those of
// pre-processing (mask grid mismatch, empty ROI after interpolation or re-segmentation, unusable
// discretisation) as InvalidArgument.
Result<Extraction> ExtractFeatures(const imaging::Image& image, const imaging::Mask& mask,
                                   const ExtractionParams& params);

}  // namespace radfed::radiomics
