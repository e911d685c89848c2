// Acquisition: how a site's scanner images a patient. Sites differ in all of these, which is what
// makes raw radiomic features shift between hospitals in real consortia.
#pragma once

#include <string>

namespace radfed::synthetic {

struct Acquisition {
  std::string manufacturer = "radfed synthetic CT";
  std::string kernel_name = "STANDARD";  // DICOM ConvolutionKernel
  double pixel_spacing_mm = 0.9;         // in-plane
  double slice_thickness_mm = 2.5;       // = spacing between slices
  int matrix = 96;                       // rows = columns
  double noise_hu = 12;                  // SD of quantum noise
  double kernel_sigma_mm = 0.6;          // in-plane blur of the reconstruction kernel
  double hu_offset = 0;                  // calibration offset
  bool rle_compressed = false;           // store pixel data RLE lossless
  // The tumour also comes as a DICOM SEG (from an auto-contouring tool), and the site's
  // extraction manifest uses it instead of the RTSTRUCT.
  bool segmentation_object = false;
};

// The acquisition of a named demo site: site-a, site-b and site-c have distinct presets; any
// other name gets a profile derived deterministically from the name.
Acquisition SiteAcquisition(const std::string& site);

}  // namespace radfed::synthetic
