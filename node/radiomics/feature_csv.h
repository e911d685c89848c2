// The feature table `radfed-node extract` writes: one CSV row per feature value.
//
//   case_id,family,feature,ibsi_id,aggregation,value
//   PAT1,Grey level co-occurrence based features,Joint maximum,GYBY,"3D, averaged",0.5085...
//
// Fields are quoted as RFC 4180 says (a field holding a comma, a quote or a line break is put in
// double quotes, inner quotes doubled), so aggregations such as "2D, averaged" stay one field.
// Values are the shortest decimal that reads back as the same double; an undefined feature is
// "NaN", infinities are "Inf" and "-Inf" (spellings R and pandas both read).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/radiomics/feature_value.h"

namespace radfed::radiomics {

inline constexpr std::string_view kFeatureCsvHeader =
    "case_id,family,feature,ibsi_id,aggregation,value";

// `field` as one CSV field, quoted when it must be.
std::string CsvField(std::string_view field);

// Shortest round-trip decimal of `value` ("NaN", "Inf", "-Inf" for non-finite values).
std::string FormatFeatureValue(double value);

// Writes the header and one row per feature, in the order given.
void WriteFeatureCsv(std::ostream& out, std::string_view case_id, const FeatureList& features);

struct FeatureCsvRow {
  std::string case_id;
  FeatureValue feature;
};

// Reads a table written by WriteFeatureCsv (the header must match). `source` names the text in
// errors, which also give the line number.
Result<std::vector<FeatureCsvRow>> ParseFeatureCsv(std::string_view text,
                                                   const std::string& source);

}  // namespace radfed::radiomics
