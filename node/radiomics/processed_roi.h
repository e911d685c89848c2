// ProcessedRoi: a region of interest after IBSI pre-processing, the input of every feature family.
//
// Pre-processing (see preprocessing/) interpolates the image and mask, rounds intensities,
// re-segments and discretises. It then crops everything to one box: the bounding box of the
// morphological mask grown by `margin` voxels on each side (clipped to the image), so that local
// intensity features see intensities around the ROI while other families stay cheap.
//
// All vectors hold one entry per voxel of the box, voxel (i, j, k) at i + size[0]*(j + size[1]*k).
#pragma once

#include <cstdint>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::radiomics {

// Grey levels of one discretisation: level 1..num_levels for voxels in the intensity mask, 0 for
// the others. num_levels is the highest level present.
struct DiscretisedLevels {
  std::vector<int32_t> levels;
  int32_t num_levels = 0;
};

// What the intensity-volume histogram works on (IBSI 1, section 4.5). `values` holds, for every
// voxel of the intensity mask in box order, its discretised intensity: the raw intensity when
// the IVH is not discretised, the bin centre for fixed bin size, the bin number for fixed bin
// number. The IVH is evaluated on the grid lowest, lowest + step, ..., highest.
struct IvhInput {
  std::vector<double> values;
  double lowest = 0;
  double highest = 0;
  double step = 1;
};

struct ProcessedRoi {
  imaging::Index3 size{0, 0, 0};
  imaging::Vec3 spacing{1, 1, 1};  // mm, after interpolation
  imaging::Index3 margin{0, 0, 0}; // voxels the box extends beyond the morphological mask's
                                   // bounding box on each side, where the image allowed
  std::vector<float> intensity;    // every voxel of the box, after interpolation and rounding
  std::vector<uint8_t> morphological;   // 1 inside the morphological mask
  std::vector<uint8_t> intensity_mask;  // 1 inside the intensity mask (after re-segmentation)
  DiscretisedLevels texture;            // for GLCM, GLRLM, GLSZM, GLDZM, NGTDM, NGLDM
  DiscretisedLevels histogram;          // for the intensity histogram
  IvhInput ivh;

  int64_t Offset(int64_t i, int64_t j, int64_t k) const { return i + size[0] * (j + size[1] * k); }
};

}  // namespace radfed::radiomics
