#include "node/synthetic/acquisition.h"

#include "node/synthetic/random.h"

namespace radfed::synthetic {

Acquisition SiteAcquisition(const std::string& site) {
  Acquisition a;
  if (site == "site-a") {
    a.manufacturer = "radfed synthetic CT (vendor A)";
    a.kernel_name = "B30f";
    a.pixel_spacing_mm = 0.8;
    a.slice_thickness_mm = 2.0;
    a.matrix = 112;
    a.noise_hu = 10;
    a.kernel_sigma_mm = 0.5;
    a.hu_offset = 0;
  } else if (site == "site-b") {
    a.manufacturer = "radfed synthetic CT (vendor B)";
    a.kernel_name = "SOFT";
    a.pixel_spacing_mm = 0.98;
    a.slice_thickness_mm = 3.0;
    a.matrix = 96;
    a.noise_hu = 6;
    a.kernel_sigma_mm = 1.2;
    a.hu_offset = 8;
    a.segmentation_object = true;
  } else if (site == "site-c") {
    a.manufacturer = "radfed synthetic CT (vendor C)";
    a.kernel_name = "LUNG";
    a.pixel_spacing_mm = 0.7;
    a.slice_thickness_mm = 2.5;
    a.matrix = 128;
    a.noise_hu = 18;
    a.kernel_sigma_mm = 0.3;
    a.hu_offset = -6;
    a.rle_compressed = true;
  } else {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : site) h = (h ^ c) * 0x100000001b3ULL;
    Random rng(h);
    a.pixel_spacing_mm = rng.Uniform(0.7, 1.0);
    a.slice_thickness_mm = rng.Uniform(2.0, 3.0);
    a.matrix = 104;
    a.noise_hu = rng.Uniform(6, 18);
    a.kernel_sigma_mm = rng.Uniform(0.3, 1.2);
    a.hu_offset = rng.Uniform(-8, 8);
  }
  return a;
}

}  // namespace radfed::synthetic
