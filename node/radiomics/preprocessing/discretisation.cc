#include "node/radiomics/preprocessing/discretisation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace radfed::radiomics {
namespace {

// Shortest round-trip decimal, so that messages show 1e-300 rather than 0.000000.
std::string Number(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

struct MaskedRange {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  bool all_integers = true;
  bool all_finite = true;
  int64_t count = 0;
};

MaskedRange RangeOf(const std::vector<float>& intensity, const std::vector<uint8_t>& mask) {
  MaskedRange r;
  for (size_t v = 0; v < intensity.size(); ++v) {
    if (!mask[v]) continue;
    const double x = intensity[v];
    r.min = std::min(r.min, x);
    r.max = std::max(r.max, x);
    r.all_integers = r.all_integers && x == std::floor(x);
    r.all_finite = r.all_finite && std::isfinite(x);
    ++r.count;
  }
  return r;
}

// The masked range, refusing an empty ROI and non-finite intensities: an inf or NaN voxel has no
// bin, and would turn every level computed from the range into an out-of-range integer.
Result<MaskedRange> CheckedRangeOf(const std::vector<float>& intensity,
                                   const std::vector<uint8_t>& mask, std::string_view what) {
  const MaskedRange r = RangeOf(intensity, mask);
  if (r.count == 0)
    return Status::InvalidArgument(std::string(what) + " discretisation: the ROI is empty");
  if (!r.all_finite)
    return Status::InvalidArgument(
        std::string(what) +
        " discretisation: the ROI holds non-finite intensities (inf or NaN), which have no grey "
        "level; exclude them with a re-segmentation range or correct the image");
  return r;
}

// Refuses `levels` grey levels (or IVH bins) beyond kMaxGreyLevels; `how` says what produced
// them, e.g. "bin width 1e-06 over the intensities 0 to 1200".
Status CheckLevelCount(double levels, std::string_view what, const std::string& how,
                       std::string_view remedy) {
  if (levels <= kMaxGreyLevels) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " discretisation: " + how + " gives " +
                                 Number(levels) + " grey levels, more than " +
                                 std::to_string(kMaxGreyLevels) + "; " + std::string(remedy));
}

Status CheckParams(const DiscretisationParams& params, std::string_view what) {
  if (params.method == DiscretisationMethod::kFixedBinSize && !(params.bin_width > 0))
    return Status::InvalidArgument(std::string(what) +
                                   " discretisation: fixed bin size needs a bin width > 0, got " +
                                   std::to_string(params.bin_width));
  if (params.method == DiscretisationMethod::kFixedBinNumber &&
      (params.bin_count < 1 || params.bin_count > kMaxGreyLevels))
    return Status::InvalidArgument(
        std::string(what) + " discretisation: fixed bin number needs 1 to " +
        std::to_string(kMaxGreyLevels) + " bins, got " + std::to_string(params.bin_count));
  return Status::Ok();
}

// Applies `level_of` to every masked voxel; levels are >= 1 by construction of each method.
template <typename LevelOf>
DiscretisedLevels Levels(const std::vector<float>& intensity, const std::vector<uint8_t>& mask,
                         LevelOf level_of) {
  DiscretisedLevels out;
  out.levels.assign(intensity.size(), 0);
  for (size_t v = 0; v < intensity.size(); ++v) {
    if (!mask[v]) continue;
    const int32_t level = level_of(static_cast<double>(intensity[v]));
    out.levels[v] = level;
    out.num_levels = std::max(out.num_levels, level);
  }
  return out;
}

// IBSI 1: Q3RU, fixed bin size. The caller has bounded the level by CheckLevelCount.
int32_t FixedBinSizeLevel(double x, double min, double width) {
  return static_cast<int32_t>(std::floor((x - min) / width)) + 1;
}

// IBSI 1: K15C, fixed bin number. `span` = max - min > 0.
int32_t FixedBinNumberLevel(double x, double min, double span, int32_t bins) {
  const auto level = static_cast<int32_t>(std::floor(bins * (x - min) / span)) + 1;
  return std::min(level, bins);
}

}  // namespace

Result<DiscretisedLevels> Discretise(const std::vector<float>& intensity,
                                     const std::vector<uint8_t>& mask,
                                     const DiscretisationParams& params,
                                     std::optional<double> range_min, std::string_view what) {
  RADFED_RETURN_IF_ERROR(CheckParams(params, what));
  RADFED_ASSIGN_OR_RETURN(const MaskedRange r, CheckedRangeOf(intensity, mask, what));
  switch (params.method) {
    case DiscretisationMethod::kFixedBinSize: {
      const double min = range_min.value_or(r.min);
      if (r.min < min)
        return Status::InvalidArgument(
            std::string(what) + " discretisation: ROI intensity " + std::to_string(r.min) +
            " lies below the re-segmentation minimum " + std::to_string(min));
      RADFED_RETURN_IF_ERROR(CheckLevelCount(std::floor((r.max - min) / params.bin_width) + 1, what,
                                             "bin width " + Number(params.bin_width) +
                                                 " over the intensities " + Number(min) + " to " +
                                                 Number(r.max),
                                             "choose a wider bin_width or fixed_bin_number"));
      return Levels(intensity, mask,
                    [&](double x) { return FixedBinSizeLevel(x, min, params.bin_width); });
    }
    case DiscretisationMethod::kFixedBinNumber: {
      const double span = r.max - r.min;
      if (!(span > 0)) return Levels(intensity, mask, [](double) { return int32_t{1}; });
      return Levels(intensity, mask, [&](double x) {
        return FixedBinNumberLevel(x, r.min, span, params.bin_count);
      });
    }
    case DiscretisationMethod::kNone:
      if (!r.all_integers || r.min < 1)
        return Status::InvalidArgument(
            std::string(what) +
            " discretisation 'none' uses intensities as grey levels, which needs integer "
            "intensities >= 1 (ROI range " +
            std::to_string(r.min) + " to " + std::to_string(r.max) +
            "); choose fixed bin size or fixed bin number");
      RADFED_RETURN_IF_ERROR(CheckLevelCount(r.max, what,
                                             "'none' with intensities up to " + Number(r.max),
                                             "choose fixed bin size or fixed bin number"));
      return Levels(intensity, mask, [](double x) { return static_cast<int32_t>(x); });
  }
  return Status::Internal("unknown discretisation method");
}

Result<IvhInput> MakeIvhInput(const std::vector<float>& intensity, const std::vector<uint8_t>& mask,
                              const DiscretisationParams& params, std::optional<double> range_min,
                              std::optional<double> range_max) {
  RADFED_RETURN_IF_ERROR(CheckParams(params, "IVH"));
  RADFED_ASSIGN_OR_RETURN(const MaskedRange r, CheckedRangeOf(intensity, mask, "IVH"));
  const double min = range_min.value_or(r.min);
  const double max = range_max.value_or(r.max);
  // The IVH is evaluated at every step from lowest to highest, so their number is bounded like
  // grey levels: a re-segmentation range such as [-1000, 1e10] would otherwise ask for billions.
  const auto range = [&] {
    return "the intensities " + Number(min) + (range_min ? " (re-segmentation min)" : "") + " to " +
           Number(max) + (range_max ? " (re-segmentation max)" : "");
  };
  IvhInput ivh;
  ivh.values.reserve(static_cast<size_t>(r.count));
  switch (params.method) {
    case DiscretisationMethod::kNone: {
      if (r.all_integers) {
        RADFED_RETURN_IF_ERROR(CheckLevelCount(
            max - min + 1, "IVH", "'none' with integer intensities (step 1) over " + range(),
            "narrow the re-segmentation range or choose fixed_bin_number"));
      }
      for (size_t v = 0; v < intensity.size(); ++v)
        if (mask[v]) ivh.values.push_back(intensity[v]);
      ivh.lowest = min;
      ivh.highest = max;
      if (r.all_integers) {
        ivh.step = 1;
      } else {
        constexpr int kSteps = 1000;
        ivh.step = max > min ? (max - min) / (kSteps - 1) : 1;
      }
      return ivh;
    }
    case DiscretisationMethod::kFixedBinSize: {
      const double w = params.bin_width;
      if (r.min < min)
        return Status::InvalidArgument(
            "IVH discretisation: ROI intensity " + std::to_string(r.min) +
            " lies below the re-segmentation minimum " + std::to_string(min));
      // The voxels' levels as well as the bins up to the range maximum.
      RADFED_RETURN_IF_ERROR(
          CheckLevelCount(std::ceil((std::max(max, r.max) - min) / w), "IVH",
                          "bin width " + Number(w) + " over " + range(),
                          "narrow the re-segmentation range or choose a wider bin_width"));
      for (size_t v = 0; v < intensity.size(); ++v)
        if (mask[v])
          ivh.values.push_back(min + (FixedBinSizeLevel(intensity[v], min, w) - 0.5) * w);
      // The bins that cover [min, max]: ceil((max - min) / w) of them, at least one.
      const double bins = std::max(1.0, std::ceil((max - min) / w));
      ivh.lowest = min + 0.5 * w;
      ivh.highest = ivh.lowest + (bins - 1) * w;
      ivh.step = w;
      return ivh;
    }
    case DiscretisationMethod::kFixedBinNumber: {
      const double span = r.max - r.min;
      for (size_t v = 0; v < intensity.size(); ++v) {
        if (!mask[v]) continue;
        ivh.values.push_back(
            span > 0 ? FixedBinNumberLevel(intensity[v], r.min, span, params.bin_count) : 1);
      }
      ivh.lowest = 1;
      ivh.highest = params.bin_count;
      ivh.step = 1;
      return ivh;
    }
  }
  return Status::Internal("unknown discretisation method");
}

}  // namespace radfed::radiomics
