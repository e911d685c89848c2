// PreprocessingReport: the IBSI 1 diagnostic values of one pre-processing run.
//
// IBSI publishes, for the CT phantom and configurations A-E, the image size, ROI voxel counts and
// intensity summaries after each pre-processing step, so that a pipeline can be checked step by
// step before features are compared. BuildProcessedRoi fills this report on request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::radiomics {

// A whole image: its grid and the intensities of every voxel.
struct ImageDiagnostics {
  imaging::Index3 size{0, 0, 0};
  imaging::Vec3 spacing{1, 1, 1};
  double mean = 0;
  double min = 0;
  double max = 0;
};

// The ROI masks on one grid. Box sizes are the extents (voxels) of each mask's bounding box; the
// intensity summary is over the intensity mask.
struct RoiDiagnostics {
  imaging::Index3 grid_size{0, 0, 0};
  imaging::Index3 intensity_box{0, 0, 0};
  imaging::Index3 morphological_box{0, 0, 0};
  int64_t intensity_voxels = 0;
  int64_t morphological_voxels = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
};

struct PreprocessingReport {
  ImageDiagnostics initial_image;       // as read (after rounding input intensities)
  ImageDiagnostics interpolated_image;  // after interpolation and rounding
  RoiDiagnostics initial_roi;           // the mask as given, on the input grid
  RoiDiagnostics interpolated_roi;      // after mask interpolation and thresholding
  RoiDiagnostics resegmented_roi;       // after re-segmentation (intensity mask only)
};

// One diagnostic value, named exactly as the `step` and `feature` columns of
// tests/data/ibsi/ibsi1_diagnostics_ct_phantom_configs_A-C.csv.
struct DiagnosticRow {
  std::string step;     // "initial image", "interpolated image", "initial ROI", ...
  std::string feature;  // "Image dimension x", "Int. mask voxel count", ...
  double value = 0;
};

// Every diagnostic value of `report` as named rows.
std::vector<DiagnosticRow> DiagnosticRows(const PreprocessingReport& report);

}  // namespace radfed::radiomics
