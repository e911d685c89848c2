// TextureInput: the discretised region of interest that every texture family reads.
//
// Pre-processing (interpolation, re-segmentation, discretisation) produces one TextureInput per
// case; the texture families (GLCM, GLRLM, GLSZM, GLDZM, NGTDM, NGLDM) only read it. The box is
// cropped to the bounding box of the morphological mask so that families never scan the image.
#pragma once

#include <cstdint>
#include <vector>

#include "node/imaging/grid.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

struct TextureInput {
  imaging::Index3 size{0, 0, 0};  // the cropped box; voxel (i, j, k) at i + size[0]*(j + size[1]*k)
  imaging::Vec3 spacing{1, 1, 1}; // mm; 2D and 2.5D texture works in the (i, j) plane of each slice k
  // Discretised grey level 1..num_levels of each voxel in the intensity mask (after
  // re-segmentation); 0 for voxels outside it.
  std::vector<int32_t> grey;
  // 1 for voxels in the morphological mask (before re-segmentation), 0 outside. GLDZM measures
  // distances to the ROI edge on this mask, as IBSI 1 specifies.
  std::vector<uint8_t> morphological;
  // Ng: the highest grey level present in the intensity mask. Matrices are Ng x ... in size;
  // levels below Ng that no voxel has give empty rows, which no IBSI feature depends on.
  int32_t num_levels = 0;

  int64_t Offset(int64_t i, int64_t j, int64_t k) const { return i + size[0] * (j + size[1] * k); }
};

// Crops `roi` to the bounding box of its morphological mask (dropping the margin local intensity
// needed) and copies its texture levels and morphological mask. An empty mask gives an empty box.
TextureInput MakeTextureInput(const ProcessedRoi& roi);

}  // namespace radfed::radiomics
