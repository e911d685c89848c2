// Wide feature tables: one row per case, one column per feature, as analysis tools expect.
//
// Column names are stable and fit radfed's study expressions (letters, digits, '_'):
//   <family>_<feature>[_<aggregation>]
// with the family prefixes morph, li, stat, ih, ivh, glcm, glrlm, glszm, gldzm, ngtdm, ngldm, and
// the feature and aggregation names of the IBSI reference tables in lower case with every run of
// other characters turned into one '_', e.g. "morph_volume_mesh", "stat_mean_intensity",
// "glcm_joint_maximum_3d_merged", "glszm_small_zone_emphasis_2_5d". docs/radiomics.md lists them.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "node/radiomics/feature_value.h"

namespace radfed::radiomics {

std::string FeatureColumnName(const FeatureValue& feature);

struct CaseFeatures {
  std::string case_id;
  FeatureList features;
};

// Writes `case_id` and one column per distinct feature (in first-seen order over the cases); a
// feature a case lacks is an empty cell, an undefined one "NaN".
void WriteWideFeatureTable(std::ostream& out, const std::vector<CaseFeatures>& cases);

}  // namespace radfed::radiomics
