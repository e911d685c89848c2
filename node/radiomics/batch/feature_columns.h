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
#include <utility>
#include <vector>

#include "node/radiomics/feature_value.h"

namespace radfed::radiomics {

std::string FeatureColumnName(const FeatureValue& feature);

struct CaseFeatures {
  std::string case_id;
  FeatureList features;
};

// One row of a wide table: the case's (column, cell) pairs in its feature order; a cell is never
// empty (an undefined feature is "NaN").
struct WideRow {
  std::string case_id;
  std::vector<std::pair<std::string, std::string>> cells;
};

WideRow ToWideRow(const CaseFeatures& features);

// Writes `case_id` and one column per distinct column name (in first-seen order over the rows); a
// column a row lacks is an empty cell. Because a row's cells are never empty, the rows can be read
// back from the table (merge_features.h) and written again to the same bytes, provided every row
// orders its columns consistently, as rows extracted with the same parameters do.
void WriteWideTable(std::ostream& out, const std::vector<WideRow>& rows);

// WriteWideTable of the cases' ToWideRow.
void WriteWideFeatureTable(std::ostream& out, const std::vector<CaseFeatures>& cases);

}  // namespace radfed::radiomics
