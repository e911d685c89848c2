// Grid: the geometry of a voxel lattice in patient coordinates.
//
// Coordinates are DICOM patient coordinates (LPS: +x left, +y posterior, +z superior) in
// millimetres. Voxel (i, j, k) has its centre at
//   origin + i*spacing[0]*direction[0] + j*spacing[1]*direction[1] + k*spacing[2]*direction[2].
// Readers of RAS formats (NIfTI) convert to LPS, so all volumes in radfed share one convention.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace radfed::imaging {

using Vec3 = std::array<double, 3>;
using Index3 = std::array<int64_t, 3>;

struct Grid {
  Index3 size{0, 0, 0};      // voxels along i (columns), j (rows), k (slices)
  Vec3 spacing{1, 1, 1};     // mm between neighbouring voxel centres along i, j, k
  Vec3 origin{0, 0, 0};      // LPS position of the centre of voxel (0, 0, 0)
  // direction[a] is the unit LPS vector of axis a (a = 0: i, 1: j, 2: k).
  std::array<Vec3, 3> direction{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};

  // Where the lattice came from when it is a DICOM series, so that RTSTRUCT and SEG readers can
  // tell a mask drawn on this image from one drawn elsewhere. Empty when unknown (NIfTI, NRRD).
  // FrameOfReferenceUID names the patient coordinate system the positions are in.
  std::string frame_of_reference_uid;
  // SOPInstanceUID of the object holding slice k (the same UID for every frame of a multi-frame
  // object): empty, or one per slice. A grid resampled to other slices has none.
  std::vector<std::string> slice_sop_instance_uids;

  // Saturates at the int64 maximum instead of overflowing, so that comparing a header's size
  // with a limit holds for any sizes (readers check theirs with CheckHeaderGeometry).
  int64_t voxel_count() const {
    int64_t n = 0;
    if (__builtin_mul_overflow(size[0], size[1], &n) || __builtin_mul_overflow(n, size[2], &n)) {
      return std::numeric_limits<int64_t>::max();
    }
    return n;
  }
  // Linear offset of voxel (i, j, k): i varies fastest, then j, then k.
  int64_t Offset(int64_t i, int64_t j, int64_t k) const { return i + size[0] * (j + size[1] * k); }
  bool Contains(int64_t i, int64_t j, int64_t k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
  }

  // LPS position of a (possibly fractional) index.
  Vec3 IndexToPhysical(const Vec3& index) const;
  // Continuous index of an LPS position (inverse of IndexToPhysical for any direction matrix).
  Vec3 PhysicalToIndex(const Vec3& point) const;

  // True when both grids have the same size and, within `tolerance_mm` at every corner, the same
  // voxel positions. Used to check that a mask lies on its image's grid.
  bool SameGeometry(const Grid& other, double tolerance_mm = 1e-3) const;

  // "204x201x60 voxels, spacing 0.977x0.977x3 mm, origin (-101.1, ...)" for error messages.
  std::string Describe() const;
};

}  // namespace radfed::imaging
