// Test support for feature families: the IBSI reference tables and the digital phantom.
//
// Feature tests hold their output against the published IBSI 1 reference values, row by row, so
// a family is "done" exactly when every reference row of it passes. Only tests link this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "node/imaging/volume.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics::testing {

// One row of tests/data/ibsi/ibsi1_reference_values_*.csv. `has_value` is false for the rows
// whose reference is empty (no consensus reached); those are never checked.
struct ReferenceRow {
  std::string dataset;      // "digital_phantom", "config_A", ...
  std::string family;       // as in FeatureValue::family
  std::string feature;
  std::string ibsi_id;
  std::string aggregation;  // "" or an aggregation string of texture/aggregation.h
  bool has_value = false;
  double value = 0;
  double tolerance = 0;
};

// All rows of the digital phantom table and of the CT phantom table (configurations A-C).
const std::vector<ReferenceRow>& ReferenceRows();

// Adds a GoogleTest failure for every reference row of `dataset` whose family is `family`
// (compared as a prefix, so "Grey level co-occurrence" selects GLCM) and that `computed` lacks or
// misses by more than the tolerance (at least the rounding of the 3 significant digits IBSI
// publishes). Returns the number of rows checked.
int ExpectMatchesReferences(const FeatureList& computed, std::string_view dataset,
                            std::string_view family);

// The IBSI 1 digital phantom as a ProcessedRoi with no pre-processing: its intensities are the
// grey levels 1-6 and serve unchanged as texture, histogram and IVH levels, as IBSI prescribes
// for it. The box is the whole 5x4x4 image (so local intensity sees every voxel).
ProcessedRoi DigitalPhantomRoi();

// The IBSI CT phantom (NIfTI form) and its ROI mask, read once per test binary; throws with the
// reader's message when the test data cannot be read.
struct CtPhantom {
  imaging::Image image;
  imaging::Mask mask;
};
const CtPhantom& LoadCtPhantom();

// The shipped parameter file configs/ibsi/config_<letter>.yaml (IBSI CT configurations A-E), so
// family tests run exactly the settings users get; throws when it cannot be read.
ExtractionParams IbsiCtConfig(char letter);

}  // namespace radfed::radiomics::testing
