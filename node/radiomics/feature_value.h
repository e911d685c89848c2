// FeatureValue: one computed radiomic feature, named exactly as in the IBSI 1 reference tables.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radfed::radiomics {

struct FeatureValue {
  std::string family;       // e.g. "Grey level co-occurrence based features"
  std::string feature;      // e.g. "Joint maximum"
  std::string ibsi_id;      // permanent IBSI identifier, e.g. "GYBY"
  std::string aggregation;  // "" for non-texture features; "2D, averaged", ..., "3D, merged", or
                            // "2D" / "2.5D" / "3D" for GLSZM, GLDZM, NGTDM and NGLDM
  double value = 0.0;       // NaN when the feature is undefined for this ROI (e.g. one voxel)
};

using FeatureList = std::vector<FeatureValue>;

// The value of a feature that is undefined for an ROI.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Appends the features of one family (and one aggregation) to a FeatureList, so that feature
// functions only state what is specific to them: name, IBSI identifier and value.
// `out` must remain live while the writer is used.
class FamilyWriter {
 public:
  FamilyWriter(FeatureList& out, std::string family, std::string aggregation = "")
      : out_(out), family_(std::move(family)), aggregation_(std::move(aggregation)) {}

  void Add(std::string_view feature, std::string_view ibsi_id, double value) {
    out_.push_back({family_, std::string(feature), std::string(ibsi_id), aggregation_, value});
  }

 private:
  FeatureList& out_;
  std::string family_;
  std::string aggregation_;
};

}  // namespace radfed::radiomics
