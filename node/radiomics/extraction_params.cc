#include "node/radiomics/extraction_params.h"

#include <array>
#include <utility>
#include <vector>

#include "common/config/yaml_node.h"

namespace radfed::radiomics {
namespace {

using config::YamlNode;

constexpr std::array<std::pair<FeatureFamily, std::string_view>, 11> kFamilyKeys{{
    {FeatureFamily::kMorphology, "morphology"},
    {FeatureFamily::kLocalIntensity, "local_intensity"},
    {FeatureFamily::kIntensityStatistics, "intensity_statistics"},
    {FeatureFamily::kIntensityHistogram, "intensity_histogram"},
    {FeatureFamily::kIntensityVolumeHistogram, "intensity_volume_histogram"},
    {FeatureFamily::kGlcm, "glcm"},
    {FeatureFamily::kGlrlm, "glrlm"},
    {FeatureFamily::kGlszm, "glszm"},
    {FeatureFamily::kGldzm, "gldzm"},
    {FeatureFamily::kNgtdm, "ngtdm"},
    {FeatureFamily::kNgldm, "ngldm"},
}};

// "a, b or c" for messages listing the accepted spellings.
template <typename Names>
std::string Alternatives(const Names& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

Result<double> PositiveDouble(const YamlNode& map, const std::string& key) {
  RADFED_ASSIGN_OR_RETURN(YamlNode node, map.Child(key));
  RADFED_ASSIGN_OR_RETURN(double value, node.AsDouble());
  if (!(value > 0)) return node.Error("must be greater than 0");
  return value;
}

// Grey-level differences beyond a million are a typo; the bound keeps them far from int overflow.
constexpr int kMaxGreyLevelDifference = 1'000'000;

Result<int> IntInRange(const YamlNode& node, int minimum, int maximum) {
  RADFED_ASSIGN_OR_RETURN(int64_t value, node.AsInt());
  if (value < minimum || value > maximum) {
    return node.Error("must be an integer from " + std::to_string(minimum) + " to " +
                      std::to_string(maximum) + ", got " + std::to_string(value));
  }
  return static_cast<int>(value);
}

Result<int> OptionalIntInRange(const YamlNode& map, const std::string& key, int fallback,
                               int minimum, int maximum) {
  auto node = map.OptionalChild(key);
  if (!node) return fallback;
  return IntInRange(*node, minimum, maximum);
}

Result<Interpolator> ParseInterpolator(const YamlNode& map, const std::string& key,
                                       Interpolator fallback) {
  auto node = map.OptionalChild(key);
  if (!node) return fallback;
  RADFED_ASSIGN_OR_RETURN(std::string name, node->AsString());
  if (name == "nearest") return Interpolator::kNearest;
  if (name == "linear") return Interpolator::kLinear;
  if (name == "cubic_spline") return Interpolator::kCubicSpline;
  return node->Error("unknown interpolator '" + name + "' (use nearest, linear or cubic_spline)");
}

Status ParseInterpolation(const YamlNode& node, InterpolationParams& out) {
  out.enabled = true;
  RADFED_ASSIGN_OR_RETURN(out.in_plane_only, node.GetBool("in_plane_only", false));
  RADFED_ASSIGN_OR_RETURN(YamlNode spacing_node, node.Child("spacing_mm"));
  RADFED_ASSIGN_OR_RETURN(std::vector<YamlNode> spacing, spacing_node.AsList());
  // In-plane interpolation keeps the slice spacing, so two values are enough there.
  if (spacing.size() != 3 && !(out.in_plane_only && spacing.size() == 2)) {
    return spacing_node.Error(out.in_plane_only ? "expected 2 or 3 spacings in mm"
                                                : "expected 3 spacings in mm (x, y, z)");
  }
  for (size_t a = 0; a < spacing.size(); ++a) {
    RADFED_ASSIGN_OR_RETURN(double mm, spacing[a].AsDouble());
    if (!(mm > 0)) return spacing[a].Error("spacing must be greater than 0 mm");
    out.spacing_mm[a] = mm;
  }
  if (spacing.size() == 2) out.spacing_mm[2] = out.spacing_mm[1];
  RADFED_ASSIGN_OR_RETURN(out.image, ParseInterpolator(node, "image", out.image));
  RADFED_ASSIGN_OR_RETURN(out.mask, ParseInterpolator(node, "mask", out.mask));
  if (auto threshold = node.OptionalChild("mask_threshold")) {
    RADFED_ASSIGN_OR_RETURN(out.mask_threshold, threshold->AsDouble());
    if (!(out.mask_threshold > 0 && out.mask_threshold <= 1)) {
      return threshold->Error("must be in (0, 1]");
    }
  }
  RADFED_ASSIGN_OR_RETURN(out.round_intensities, node.GetBool("round_intensities", false));
  return node.RejectUnknownKeys();
}

Status ParseResegmentation(const YamlNode& node, ExtractionParams& out) {
  if (auto min = node.OptionalChild("min")) {
    RADFED_ASSIGN_OR_RETURN(out.range_min, min->AsDouble());
  }
  if (auto max = node.OptionalChild("max")) {
    RADFED_ASSIGN_OR_RETURN(out.range_max, max->AsDouble());
  }
  if (out.range_min && out.range_max && !(*out.range_min < *out.range_max)) {
    return node.Error("min must be less than max");
  }
  if (node.Has("outlier_sd")) {
    RADFED_ASSIGN_OR_RETURN(out.outlier_sd, PositiveDouble(node, "outlier_sd"));
  }
  return node.RejectUnknownKeys();
}

Result<DiscretisationParams> ParseDiscretisation(const YamlNode& node) {
  DiscretisationParams out;
  RADFED_ASSIGN_OR_RETURN(std::string method, node.GetString("method"));
  if (method == "none") {
    out.method = DiscretisationMethod::kNone;
  } else if (method == "fixed_bin_size") {
    out.method = DiscretisationMethod::kFixedBinSize;
    RADFED_ASSIGN_OR_RETURN(out.bin_width, PositiveDouble(node, "bin_width"));
  } else if (method == "fixed_bin_number") {
    out.method = DiscretisationMethod::kFixedBinNumber;
    RADFED_ASSIGN_OR_RETURN(YamlNode count, node.Child("bin_count"));
    RADFED_ASSIGN_OR_RETURN(out.bin_count, IntInRange(count, 1, kMaxGreyLevels));
  } else {
    return node.ErrorAt(
        "method", "unknown method '" + method + "' (use none, fixed_bin_size or fixed_bin_number)");
  }
  RADFED_RETURN_IF_ERROR(node.RejectUnknownKeys());
  return out;
}

Status ParseDiscretisations(const YamlNode& node, ExtractionParams& out) {
  for (auto [key, target] : {std::pair{"texture", &out.texture},
                             std::pair{"histogram", &out.histogram}, std::pair{"ivh", &out.ivh}}) {
    if (auto child = node.OptionalChild(key)) {
      RADFED_ASSIGN_OR_RETURN(*target, ParseDiscretisation(*child));
    }
  }
  return node.RejectUnknownKeys();
}

Status ParseTexture(const YamlNode& node, ExtractionParams& out) {
  if (auto dimensions = node.OptionalChild("dimensions")) {
    RADFED_ASSIGN_OR_RETURN(std::vector<YamlNode> items, dimensions->AsList());
    if (items.empty()) return dimensions->Error("list at least one of 2D, 2.5D or 3D");
    out.texture_dimensions.clear();
    for (const YamlNode& item : items) {
      RADFED_ASSIGN_OR_RETURN(std::string name, item.AsString());
      if (name == "2D")
        out.texture_dimensions.insert(TextureDimension::k2D);
      else if (name == "2.5D")
        out.texture_dimensions.insert(TextureDimension::k2_5D);
      else if (name == "3D")
        out.texture_dimensions.insert(TextureDimension::k3D);
      else
        return item.Error("unknown dimension '" + name + "' (use 2D, 2.5D or 3D)");
    }
  }
  RADFED_ASSIGN_OR_RETURN(
      out.glcm_distance,
      OptionalIntInRange(node, "glcm_distance", out.glcm_distance, 1, kMaxTextureDistance));
  RADFED_ASSIGN_OR_RETURN(
      out.ngtdm_distance,
      OptionalIntInRange(node, "ngtdm_distance", out.ngtdm_distance, 1, kMaxTextureDistance));
  RADFED_ASSIGN_OR_RETURN(
      out.ngldm_distance,
      OptionalIntInRange(node, "ngldm_distance", out.ngldm_distance, 1, kMaxTextureDistance));
  RADFED_ASSIGN_OR_RETURN(out.ngldm_alpha, OptionalIntInRange(node, "ngldm_alpha", out.ngldm_alpha,
                                                              0, kMaxGreyLevelDifference));
  return node.RejectUnknownKeys();
}

Status ParseFamilies(const YamlNode& node, ExtractionParams& out) {
  RADFED_ASSIGN_OR_RETURN(std::vector<YamlNode> items, node.AsList());
  if (items.empty()) return node.Error("list at least one feature family");
  out.families.clear();
  for (const YamlNode& item : items) {
    RADFED_ASSIGN_OR_RETURN(std::string name, item.AsString());
    bool found = false;
    for (const auto& [family, key] : kFamilyKeys) {
      if (key != name) continue;
      found = true;
      if (!out.families.insert(family).second) return item.Error("'" + name + "' listed twice");
    }
    if (!found) {
      std::vector<std::string_view> keys;
      for (const auto& entry : kFamilyKeys) keys.push_back(entry.second);
      return item.Error("unknown feature family '" + name + "' (use " + Alternatives(keys) + ")");
    }
  }
  return Status::Ok();
}

Result<ExtractionParams> ParseDocument(const YamlNode& root) {
  ExtractionParams out;
  out.families = AllFeatureFamilies();
  // An empty file is valid and means all defaults; anything else must be a map of settings.
  if (root.IsNull()) return out;
  if (!root.IsMap()) return root.Error("expected a map of settings");
  RADFED_ASSIGN_OR_RETURN(out.round_input_intensities,
                          root.GetBool("round_input_intensities", false));
  if (auto node = root.OptionalChild("interpolation")) {
    RADFED_RETURN_IF_ERROR(ParseInterpolation(*node, out.interpolation));
  }
  if (auto node = root.OptionalChild("resegmentation")) {
    RADFED_RETURN_IF_ERROR(ParseResegmentation(*node, out));
  }
  if (auto node = root.OptionalChild("discretisation")) {
    RADFED_RETURN_IF_ERROR(ParseDiscretisations(*node, out));
  }
  if (auto node = root.OptionalChild("texture")) {
    RADFED_RETURN_IF_ERROR(ParseTexture(*node, out));
  }
  if (auto node = root.OptionalChild("families")) {
    RADFED_RETURN_IF_ERROR(ParseFamilies(*node, out));
  }
  RADFED_RETURN_IF_ERROR(root.RejectUnknownKeys());
  return out;
}

}  // namespace

std::set<FeatureFamily> AllFeatureFamilies() {
  std::set<FeatureFamily> all;
  for (const auto& entry : kFamilyKeys) all.insert(entry.first);
  return all;
}

std::string_view FeatureFamilyKey(FeatureFamily family) {
  for (const auto& [f, key] : kFamilyKeys) {
    if (f == family) return key;
  }
  return "unknown";
}

Result<ExtractionParams> LoadExtractionParams(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(YamlNode root, YamlNode::LoadFile(path));
  return ParseDocument(root);
}

Result<ExtractionParams> ParseExtractionParams(const std::string& yaml, const std::string& source) {
  RADFED_ASSIGN_OR_RETURN(YamlNode root, YamlNode::Parse(yaml, source));
  return ParseDocument(root);
}

}  // namespace radfed::radiomics
