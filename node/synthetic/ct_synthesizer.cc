#include "node/synthetic/ct_synthesizer.h"

#include <algorithm>
#include <cmath>

namespace radfed::synthetic {
namespace {

using imaging::Grid;
using imaging::Image;

// In-place separable Gaussian blur along one axis with sigma in voxels (nearest-edge padding).
void BlurAxis(Image& image, int axis, double sigma_voxels) {
  if (sigma_voxels < 0.05) return;
  const int radius = static_cast<int>(std::ceil(3 * sigma_voxels));
  std::vector<double> kernel(2 * radius + 1);
  double total = 0;
  for (int i = -radius; i <= radius; ++i) {
    kernel[i + radius] = std::exp(-0.5 * i * i / (sigma_voxels * sigma_voxels));
    total += kernel[i + radius];
  }
  for (double& k : kernel) k /= total;
  const auto& n = image.grid.size;
  const int64_t len = n[axis];
  const int64_t stride = axis == 0 ? 1 : axis == 1 ? n[0] : n[0] * n[1];
  std::vector<double> line(static_cast<size_t>(len));
  for (int64_t k = 0; k < (axis == 2 ? 1 : n[2]); ++k)
    for (int64_t j = 0; j < (axis == 1 ? 1 : n[1]); ++j)
      for (int64_t i = 0; i < (axis == 0 ? 1 : n[0]); ++i) {
        const int64_t base = image.grid.Offset(i, j, k);
        for (int64_t t = 0; t < len; ++t) line[t] = image.voxels[base + t * stride];
        for (int64_t t = 0; t < len; ++t) {
          double v = 0;
          for (int r = -radius; r <= radius; ++r) {
            const int64_t s = std::clamp<int64_t>(t + r, 0, len - 1);
            v += kernel[r + radius] * line[s];
          }
          image.voxels[base + t * stride] = static_cast<float>(v);
        }
      }
}

void Blur(Image& image, double sigma_mm_inplane, double sigma_mm_z) {
  BlurAxis(image, 0, sigma_mm_inplane / image.grid.spacing[0]);
  BlurAxis(image, 1, sigma_mm_inplane / image.grid.spacing[1]);
  BlurAxis(image, 2, sigma_mm_z / image.grid.spacing[2]);
}

double Ellipse(double x, double y, double cx, double cy, double ax, double ay) {
  const double dx = (x - cx) / ax, dy = (y - cy) / ay;
  return dx * dx + dy * dy;
}

}  // namespace

SyntheticCt SynthesizeCt(const Patient& patient, const Acquisition& acq, Random& rng) {
  const Tumour& tumour = patient.tumour;
  const double max_radius = *std::max_element(tumour.radii_mm.begin(), tumour.radii_mm.end()) * 1.5;
  const double fov = acq.matrix * acq.pixel_spacing_mm;

  Grid grid;
  const int slices = static_cast<int>(std::ceil((2 * max_radius + 16) / acq.slice_thickness_mm));
  grid.size = {acq.matrix, acq.matrix, slices};
  grid.spacing = {acq.pixel_spacing_mm, acq.pixel_spacing_mm, acq.slice_thickness_mm};
  // Patient centre at (0, 0); slices from below the tumour upwards.
  grid.origin = {-fov / 2 + acq.pixel_spacing_mm / 2, -fov / 2 + acq.pixel_spacing_mm / 2,
                 -150.0 - slices * acq.slice_thickness_mm / 2};
  // The tumour sits in the right lung (patient's right = -x in LPS), away from the edges.
  const double lung_cx = -0.22 * fov, lung_cy = -0.02 * fov;
  const double tx = lung_cx + rng.Uniform(-0.04, 0.04) * fov;
  const double ty = lung_cy + rng.Uniform(-0.05, 0.05) * fov;
  const double tz = grid.origin[2] + (slices - 1) * acq.slice_thickness_mm / 2 + rng.Uniform(-2, 2);

  // Correlated texture field for the tumour, unit SD.
  Image texture(grid, 0.0f);
  for (float& v : texture.voxels) v = static_cast<float>(rng.Normal());
  Blur(texture, tumour.texture_scale_mm, tumour.texture_scale_mm);
  double sd = 0;
  for (float v : texture.voxels) sd += static_cast<double>(v) * v;
  sd = std::sqrt(sd / static_cast<double>(texture.voxels.size()));
  if (sd > 0)
    for (float& v : texture.voxels) v = static_cast<float>(v / sd);

  SyntheticCt ct;
  ct.hu = Image(grid, -1000.0f);
  const double body_ax = 0.46 * fov, body_ay = 0.36 * fov;
  for (int64_t k = 0; k < grid.size[2]; ++k)
    for (int64_t j = 0; j < grid.size[1]; ++j)
      for (int64_t i = 0; i < grid.size[0]; ++i) {
        const imaging::Vec3 p = grid.IndexToPhysical({double(i), double(j), double(k)});
        const double x = p[0], y = p[1];
        double hu = -1000;
        const double body = Ellipse(x, y, 0, 0, body_ax, body_ay);
        if (body <= 1) {
          hu = body > 0.82 ? -95 : 45;  // subcutaneous fat, then soft tissue
          if (Ellipse(x, y, lung_cx, lung_cy, 0.19 * fov, 0.27 * fov) <= 1 ||
              Ellipse(x, y, -lung_cx, lung_cy, 0.18 * fov, 0.26 * fov) <= 1) {
            hu = -840;
          }
          if (Ellipse(x, y, 0, 0.27 * fov, 0.055 * fov, 0.05 * fov) <= 1) hu = 650;   // vertebra
          if (Ellipse(x, y, 0.03 * fov, 0.0, 0.05 * fov, 0.05 * fov) <= 1) hu = 160;  // aorta
        }
        const double dx = x - tx, dy = y - ty, dz = p[2] - tz;
        if (tumour.Contains(dx, dy, dz)) {
          double value = tumour.mean_hu + tumour.heterogeneity_hu * texture.at(i, j, k);
          if (tumour.necrosis_fraction > 0) {
            const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
            const double surface = r > 0 ? tumour.SurfaceDistance(dx / r, dy / r, dz / r) : 1;
            if (r < tumour.necrosis_fraction * surface) value -= 30;
          }
          hu = value;
        }
        ct.hu.at(i, j, k) = static_cast<float>(hu);
      }
  // The reconstruction kernel blurs in-plane; the slice profile blurs along z.
  Blur(ct.hu, acq.kernel_sigma_mm, acq.slice_thickness_mm / 2.355 * 0.5);
  for (float& v : ct.hu.voxels) {
    v = static_cast<float>(std::round(v + acq.hu_offset + rng.Normal(0, acq.noise_hu)));
    v = std::clamp(v, -1024.0f, 3071.0f);
  }

  // Contours: trace the tumour's outline on each slice by angle.
  constexpr int kAngles = 72;
  const double step = 0.1;
  for (int64_t k = 0; k < grid.size[2]; ++k) {
    const double z = grid.IndexToPhysical({0, 0, double(k)})[2];
    const double dz = z - tz;
    if (!tumour.Contains(0, 0, dz)) continue;
    Contour contour;
    contour.slice = static_cast<int>(k);
    for (int a = 0; a < kAngles; ++a) {
      const double theta = 2 * M_PI * a / kAngles;
      const double c = std::cos(theta), s = std::sin(theta);
      double last_inside = 0;
      for (double rho = step; rho <= 2 * max_radius; rho += step) {
        if (tumour.Contains(rho * c, rho * s, dz)) last_inside = rho;
      }
      if (last_inside <= 0) continue;
      contour.points.push_back({tx + last_inside * c, ty + last_inside * s, z});
    }
    if (contour.points.size() >= 3) ct.contours.push_back(std::move(contour));
  }
  return ct;
}

}  // namespace radfed::synthetic
