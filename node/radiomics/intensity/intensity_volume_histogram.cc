#include "node/radiomics/intensity/intensity_volume_histogram.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace radfed::radiomics {
namespace {

// The IVH sampled on the intensity grid.
struct Ivh {
  std::vector<double> intensity;        // X_g = lowest + g * step
  std::vector<double> intensity_fraction;  // gamma_g
  std::vector<double> volume_fraction;     // nu_g: share of voxels with intensity >= X_g
};

Ivh BuildIvh(const IvhInput& input) {
  Ivh ivh;
  if (input.values.empty() || !(input.step > 0) || input.highest < input.lowest) return ivh;
  std::vector<double> sorted = input.values;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  const double range = input.highest - input.lowest;
  // Grid points and bin centres are computed separately upstream; a small slack keeps a value
  // equal to a grid point on the side where it belongs.
  const double slack = input.step * 1e-6;
  const auto points = static_cast<size_t>(std::llround(range / input.step)) + 1;
  for (size_t g = 0; g < points; ++g) {
    const double x = input.lowest + static_cast<double>(g) * input.step;
    const auto below = std::lower_bound(sorted.begin(), sorted.end(), x - slack) - sorted.begin();
    ivh.intensity.push_back(x);
    ivh.intensity_fraction.push_back(range > 0 ? (x - input.lowest) / range : kNaN);
    ivh.volume_fraction.push_back(1.0 - static_cast<double>(below) / n);
  }
  return ivh;
}

// IBSI 1: BC2M, volume fraction at intensity fraction x: the largest volume fraction among grid
// points whose intensity fraction is at least x.
double VolumeAtIntensityFraction(const Ivh& ivh, double x) {
  for (size_t g = 0; g < ivh.intensity.size(); ++g) {
    if (ivh.intensity_fraction[g] >= x - 1e-12) return ivh.volume_fraction[g];
  }
  return kNaN;
}

// IBSI 1: GBPN, intensity at volume fraction x: the lowest grid intensity at which at most a
// fraction x of the volume remains.
double IntensityAtVolumeFraction(const Ivh& ivh, double x) {
  for (size_t g = 0; g < ivh.intensity.size(); ++g) {
    if (ivh.volume_fraction[g] <= x + 1e-12) return ivh.intensity[g];
  }
  return kNaN;
}

// IBSI 1: 9CMM, area under the IVH curve (trapezoidal rule over the intensity fraction).
double AreaUnderCurve(const Ivh& ivh) {
  if (ivh.intensity.size() < 2) return kNaN;
  double area = 0;
  for (size_t g = 0; g + 1 < ivh.intensity.size(); ++g) {
    area += (ivh.intensity_fraction[g + 1] - ivh.intensity_fraction[g]) *
            (ivh.volume_fraction[g] + ivh.volume_fraction[g + 1]) / 2;
  }
  return area;
}

}  // namespace

void ComputeIntensityVolumeHistogramFeatures(const ProcessedRoi& roi, FeatureList& out) {
  const Ivh ivh = BuildIvh(roi.ivh);
  const double v10 = VolumeAtIntensityFraction(ivh, 0.10);
  const double v90 = VolumeAtIntensityFraction(ivh, 0.90);
  const double i10 = IntensityAtVolumeFraction(ivh, 0.10);
  const double i90 = IntensityAtVolumeFraction(ivh, 0.90);
  FamilyWriter w(out, "Intensity-volume histogram features");
  w.Add("Volume fraction at 10% intensity", "BC2M", v10);
  w.Add("Volume fraction at 90% intensity", "BC2M", v90);
  w.Add("Intensity at 10% volume", "GBPN", i10);
  w.Add("Intensity at 90% volume", "GBPN", i90);
  // IBSI 1: DDTU, V10 - V90.
  w.Add("Volume fraction difference between intensity fractions", "DDTU", v10 - v90);
  // IBSI 1: CNV2, I10 - I90.
  w.Add("Intensity fraction difference between volume fractions", "CNV2", i10 - i90);
  w.Add("Area under the IVH curve", "9CMM", AreaUnderCurve(ivh));
}

}  // namespace radfed::radiomics
