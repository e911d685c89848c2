// FeatureValue: one computed radiomic feature, named exactly as in the IBSI 1 reference tables.
#pragma once

#include <string>
#include <vector>

namespace radfed::radiomics {

struct FeatureValue {
  std::string family;       // e.g. "Grey level co-occurrence based features"
  std::string feature;      // e.g. "Joint maximum"
  std::string ibsi_id;      // permanent IBSI identifier, e.g. "GYBY"
  std::string aggregation;  // "" for non-texture features; "2D, averaged", ..., "3D, merged", or
                            // "2D" / "2.5D" / "3D" for GLSZM, GLDZM, NGTDM and NGLDM
  double value = 0.0;
};

using FeatureList = std::vector<FeatureValue>;

}  // namespace radfed::radiomics
