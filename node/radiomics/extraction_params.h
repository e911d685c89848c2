// ExtractionParams: every setting of a radiomics extraction, as read from a parameter file.
//
// The YAML keys are documented in docs/radiomics.md; configs/ibsi/ holds the IBSI settings.
// Defaults are "no processing": no interpolation, no re-segmentation, no discretisation.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "node/imaging/grid.h"

namespace radfed::radiomics {

enum class Interpolator { kNearest, kLinear, kCubicSpline };

struct InterpolationParams {
  bool enabled = false;
  // New voxel spacing in mm. With in_plane_only, spacing_mm[2] is ignored and slices keep theirs
  // (IBSI 2D configurations interpolate within each slice only).
  imaging::Vec3 spacing_mm{1, 1, 1};
  bool in_plane_only = false;
  Interpolator image = Interpolator::kLinear;
  Interpolator mask = Interpolator::kLinear;
  // A resampled mask voxel is inside when its interpolated value is >= this (partial volume).
  double mask_threshold = 0.5;
  // Round interpolated intensities to the nearest integer (IBSI for CT in HU).
  bool round_intensities = false;
};

// The most grey levels a discretisation may produce (2^16, a 16-bit image's range at bin width
// 1): far beyond IBSI's configurations (32 bins, 25 HU bins, 1000 IVH bins), yet small enough
// for matrices and histograms indexed by level. A setting or an image that needs more is
// refused rather than trusted with the memory.
inline constexpr int kMaxGreyLevels = 1 << 16;

enum class DiscretisationMethod { kNone, kFixedBinSize, kFixedBinNumber };

struct DiscretisationParams {
  DiscretisationMethod method = DiscretisationMethod::kNone;
  double bin_width = 0;  // kFixedBinSize: bin width in intensity units
  int bin_count = 0;     // kFixedBinNumber: number of bins
};

// Texture neighbour distances beyond 100 voxels are typos; neighbourhoods and frames that large
// would also cost memory cubic in the distance.
inline constexpr int kMaxTextureDistance = 100;

enum class TextureDimension { k2D, k2_5D, k3D };

enum class FeatureFamily {
  kMorphology,
  kLocalIntensity,
  kIntensityStatistics,
  kIntensityHistogram,
  kIntensityVolumeHistogram,
  kGlcm,
  kGlrlm,
  kGlszm,
  kGldzm,
  kNgtdm,
  kNgldm,
};

struct ExtractionParams {
  // Round the input intensities to integers before anything else (IBSI asks this for the NIfTI
  // form of the CT phantom, which stores HU as float).
  bool round_input_intensities = false;
  InterpolationParams interpolation;
  // Re-segmentation: voxels of the intensity mask outside [range_min, range_max] are dropped,
  // then, with outlier_sd, those outside mean +- outlier_sd * SD of what remains.
  std::optional<double> range_min;
  std::optional<double> range_max;
  std::optional<double> outlier_sd;
  // Discretisation for texture families, the intensity histogram and the intensity-volume
  // histogram. Fixed bin size bins start at range_min when it is set, else at the ROI minimum.
  DiscretisationParams texture;
  DiscretisationParams histogram;
  DiscretisationParams ivh;
  std::set<TextureDimension> texture_dimensions{TextureDimension::k3D};
  int glcm_distance = 1;   // Chebyshev distance of GLCM neighbours
  int ngtdm_distance = 1;  // Chebyshev radius of the NGTDM neighbourhood
  int ngldm_distance = 1;  // Chebyshev radius of the NGLDM neighbourhood
  int ngldm_alpha = 0;     // NGLDM coarseness: neighbours within alpha grey levels are dependent
  std::set<FeatureFamily> families;  // all families when read from a file without `families`
};

// Every family, in the order of the IBSI reference tables (the order features are extracted in).
std::set<FeatureFamily> AllFeatureFamilies();
// The name of a family in parameter files and --timings output, e.g. "intensity_histogram".
std::string_view FeatureFamilyKey(FeatureFamily family);

// Reads and validates a parameter file. Errors name the file and the key.
Result<ExtractionParams> LoadExtractionParams(const std::filesystem::path& path);
// The same for YAML text; `source` names it in messages.
Result<ExtractionParams> ParseExtractionParams(const std::string& yaml, const std::string& source);

}  // namespace radfed::radiomics
