#include "node/radiomics/preprocessing/roi_builder.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>

#include "node/radiomics/preprocessing/discretisation.h"
#include "node/radiomics/preprocessing/resampling.h"
#include "node/radiomics/preprocessing/resegmentation.h"
#include "node/radiomics/preprocessing/voxel_box.h"

namespace radfed::radiomics {
namespace {

using imaging::Index3;

// Reach of the local intensity peak sphere (1 cm^3, radius 6.2 mm; IBSI 1: VJGA), rounded up.
constexpr double kLocalPeakReachMm = 6.3;

Index3 LocalIntensityMargin(const imaging::Vec3& spacing) {
  Index3 margin{};
  for (int a = 0; a < 3; ++a)
    margin[a] = static_cast<int64_t>(std::ceil(kLocalPeakReachMm / spacing[a]));
  return margin;
}

bool Requested(const ExtractionParams& params, std::initializer_list<FeatureFamily> families) {
  return std::any_of(families.begin(), families.end(),
                     [&](FeatureFamily f) { return params.families.count(f) > 0; });
}

float Rounded(float x, bool round) { return round ? std::round(x) : x; }

// Running mean / min / max of intensities.
struct Summary {
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  int64_t count = 0;

  void Add(double x) {
    sum += x;
    min = std::min(min, x);
    max = std::max(max, x);
    ++count;
  }
  double mean() const { return count ? sum / static_cast<double>(count) : 0; }
};

ImageDiagnostics SummariseImage(const std::vector<float>& voxels, const imaging::Grid& grid,
                                bool round) {
  Summary s;
  for (float x : voxels) s.Add(Rounded(x, round));
  return {grid.size, grid.spacing, s.mean(), s.min, s.max};
}

Index3 BoxExtent(const std::optional<VoxelBox>& box) { return box ? box->size() : Index3{0, 0, 0}; }

// Diagnostics of masks given on a block of `size` voxels of a grid of `grid_size` voxels.
RoiDiagnostics SummariseRoi(const std::vector<float>& intensity,
                            const std::vector<uint8_t>& morphological,
                            const std::vector<uint8_t>& intensity_mask, const Index3& size,
                            const Index3& grid_size, bool round) {
  RoiDiagnostics d;
  d.grid_size = grid_size;
  d.intensity_box = BoxExtent(BoundingBox(intensity_mask, size));
  d.morphological_box = BoxExtent(BoundingBox(morphological, size));
  Summary s;
  for (size_t v = 0; v < intensity.size(); ++v) {
    if (morphological[v]) ++d.morphological_voxels;
    if (intensity_mask[v]) s.Add(Rounded(intensity[v], round));
  }
  d.intensity_voxels = s.count;
  d.mean = s.mean();
  d.min = s.min;
  d.max = s.max;
  return d;
}

// The image and morphological mask on the box of the (possibly interpolated) grid.
struct BoxedRoi {
  imaging::Grid grid;  // the grid the box lies on
  VoxelBox box;
  std::vector<float> intensity;
  std::vector<uint8_t> morphological;
};

BoxedRoi WithoutInterpolation(const imaging::Image& image, const imaging::Mask& mask,
                              const VoxelBox& mask_box, const ExtractionParams& params) {
  BoxedRoi roi;
  roi.grid = image.grid;
  roi.box = GrowBox(mask_box, LocalIntensityMargin(image.grid.spacing), image.grid.size);
  roi.intensity = CopyBox(image.voxels, image.grid.size, roi.box);
  if (params.round_input_intensities)
    for (float& x : roi.intensity) x = std::round(x);
  roi.morphological = CopyBox(mask.voxels, image.grid.size, roi.box);
  for (uint8_t& m : roi.morphological) m = m != 0;
  return roi;
}

Result<BoxedRoi> WithInterpolation(const imaging::Image& image, const imaging::Mask& mask,
                                   const VoxelBox& mask_box, const ExtractionParams& params,
                                   PreprocessingReport* report) {
  const InterpolationParams& ip = params.interpolation;
  BoxedRoi roi;
  RADFED_ASSIGN_OR_RETURN(roi.grid, InterpolationGrid(image.grid, ip));
  const Index3& size = roi.grid.size;

  // IBSI 1: E8H9, the mask is interpolated and kept where its fraction reaches the threshold.
  // Only where the interpolated mask can reach a positive threshold is it computed.
  const VoxelBox reached = ip.mask_threshold > 0
                               ? TargetBoxReached(image.grid, roi.grid, mask_box, ip.mask)
                               : WholeBox(size);
  const std::vector<float> fraction = Resample(mask, roi.grid, reached, ip.mask);
  std::vector<uint8_t> inside(fraction.size());
  std::transform(fraction.begin(), fraction.end(), inside.begin(),
                 [&](float f) { return static_cast<uint8_t>(f >= ip.mask_threshold); });
  const auto morph_in_reached = BoundingBox(inside, reached.size());
  if (!morph_in_reached)
    return Status::InvalidArgument("the ROI mask is empty after interpolation onto " +
                                   roi.grid.Describe() +
                                   " (no voxel reaches the partial-volume threshold " +
                                   std::to_string(ip.mask_threshold) + ")");
  VoxelBox morph_box = *morph_in_reached;
  for (int a = 0; a < 3; ++a) {
    morph_box.lo[a] += reached.lo[a];
    morph_box.hi[a] += reached.lo[a];
  }
  roi.box = GrowBox(morph_box, LocalIntensityMargin(roi.grid.spacing), size);

  const bool round_input = params.round_input_intensities;
  if (report) {
    std::vector<float> whole = Resample(image, roi.grid, WholeBox(size), ip.image, round_input);
    if (ip.round_intensities)
      for (float& x : whole) x = std::round(x);
    report->interpolated_image = SummariseImage(whole, roi.grid, false);
    roi.intensity = CopyBox(whole, size, roi.box);
  } else {
    roi.intensity = Resample(image, roi.grid, roi.box, ip.image, round_input);
    // IBSI 1: 68QD, rounding after interpolation.
    if (ip.round_intensities)
      for (float& x : roi.intensity) x = std::round(x);
  }

  // The box and the reached block overlap on the whole morphological mask.
  const Index3 box_size = roi.box.size();
  roi.morphological.assign(static_cast<size_t>(roi.box.voxel_count()), 0);
  const Index3 reached_size = reached.size();
  for (int64_t k = morph_box.lo[2]; k < morph_box.hi[2]; ++k)
    for (int64_t j = morph_box.lo[1]; j < morph_box.hi[1]; ++j)
      for (int64_t i = morph_box.lo[0]; i < morph_box.hi[0]; ++i) {
        const int64_t from =
            (i - reached.lo[0]) +
            reached_size[0] * ((j - reached.lo[1]) + reached_size[1] * (k - reached.lo[2]));
        const int64_t to = (i - roi.box.lo[0]) +
                           box_size[0] * ((j - roi.box.lo[1]) + box_size[1] * (k - roi.box.lo[2]));
        roi.morphological[static_cast<size_t>(to)] = inside[static_cast<size_t>(from)];
      }
  return roi;
}

}  // namespace

Result<ProcessedRoi> BuildProcessedRoi(const imaging::Image& image, const imaging::Mask& mask,
                                       const ExtractionParams& params,
                                       PreprocessingReport* report) {
  const imaging::Grid& grid = image.grid;
  if (!mask.grid.SameGeometry(grid))
    return Status::InvalidArgument("mask grid (" + mask.grid.Describe() +
                                   ") does not match the image grid (" + grid.Describe() + ")");
  if (image.voxels.size() != static_cast<size_t>(grid.voxel_count()) ||
      mask.voxels.size() != image.voxels.size())
    return Status::InvalidArgument("image or mask holds a voxel count other than its grid's (" +
                                   grid.Describe() + ")");
  const auto mask_box = BoundingBox(mask.voxels, grid.size);
  if (!mask_box) return Status::InvalidArgument("the ROI mask is empty");

  const bool round_input = params.round_input_intensities;
  if (report) {
    report->initial_image = SummariseImage(image.voxels, grid, round_input);
    const std::vector<float> intensity = CopyBox(image.voxels, grid.size, *mask_box);
    const std::vector<uint8_t> morphological = CopyBox(mask.voxels, grid.size, *mask_box);
    report->initial_roi = SummariseRoi(intensity, morphological, morphological, mask_box->size(),
                                       grid.size, round_input);
  }

  BoxedRoi boxed;
  if (params.interpolation.enabled) {
    RADFED_ASSIGN_OR_RETURN(boxed, WithInterpolation(image, mask, *mask_box, params, report));
  } else {
    boxed = WithoutInterpolation(image, mask, *mask_box, params);
    if (report) report->interpolated_image = report->initial_image;
  }
  const Index3 size = boxed.box.size();
  if (report) {
    report->interpolated_roi = SummariseRoi(boxed.intensity, boxed.morphological,
                                            boxed.morphological, size, boxed.grid.size, false);
  }

  std::vector<uint8_t> intensity_mask = Resegment(boxed.intensity, boxed.morphological, params);
  if (report)
    report->resegmented_roi = SummariseRoi(boxed.intensity, boxed.morphological, intensity_mask,
                                           size, boxed.grid.size, false);
  if (std::find(intensity_mask.begin(), intensity_mask.end(), 1) == intensity_mask.end())
    return Status::InvalidArgument(
        "the ROI is empty after re-segmentation: no voxel of the mask lies in the "
        "re-segmentation range / outlier limits");

  ProcessedRoi roi;
  roi.size = size;
  roi.spacing = boxed.grid.spacing;
  roi.margin = LocalIntensityMargin(boxed.grid.spacing);
  if (Requested(params, {FeatureFamily::kGlcm, FeatureFamily::kGlrlm, FeatureFamily::kGlszm,
                         FeatureFamily::kGldzm, FeatureFamily::kNgtdm, FeatureFamily::kNgldm})) {
    RADFED_ASSIGN_OR_RETURN(roi.texture, Discretise(boxed.intensity, intensity_mask, params.texture,
                                                    params.range_min, "texture"));
  }
  if (Requested(params, {FeatureFamily::kIntensityHistogram})) {
    RADFED_ASSIGN_OR_RETURN(roi.histogram,
                            Discretise(boxed.intensity, intensity_mask, params.histogram,
                                       params.range_min, "histogram"));
  }
  if (Requested(params, {FeatureFamily::kIntensityVolumeHistogram})) {
    RADFED_ASSIGN_OR_RETURN(roi.ivh, MakeIvhInput(boxed.intensity, intensity_mask, params.ivh,
                                                  params.range_min, params.range_max));
  }
  roi.intensity = std::move(boxed.intensity);
  roi.morphological = std::move(boxed.morphological);
  roi.intensity_mask = std::move(intensity_mask);
  return roi;
}

}  // namespace radfed::radiomics
