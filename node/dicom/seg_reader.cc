#include "node/dicom/seg_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "node/dicom/dicom_file.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;
using imaging::Index3;
using imaging::Vec3;

// A quarter voxel: tight enough that a frame can only land on one lattice position, loose enough
// for positions written with few decimals.
constexpr double kLatticeTolerance = 0.25;

Result<std::unique_ptr<DcmFileFormat>> LoadSeg(const fs::path& path) {
  RADFED_ASSIGN_OR_RETURN(auto file, LoadDicomFile(path));
  DcmDataset& ds = *file->getDataset();
  if (GetString(ds, DCM_SOPClassUID).value_or("") != kSegmentationSopClass &&
      GetString(ds, DCM_Modality).value_or("") != "SEG") {
    return Status::InvalidArgument(path.string() + ": not a DICOM Segmentation (Modality " +
                                   GetString(ds, DCM_Modality).value_or("missing") + ")");
  }
  return file;
}

std::vector<SegSegment> Segments(DcmDataset& ds) {
  std::vector<SegSegment> segments;
  for (DcmItem* item : GetItems(ds, DCM_SegmentSequence)) {
    segments.push_back({GetInt(*item, DCM_SegmentNumber).value_or(-1),
                        GetString(*item, DCM_SegmentLabel).value_or("")});
  }
  return segments;
}

std::string Describe(const SegSegment& s) {
  return std::to_string(s.number) + " '" + s.label + "'";
}

Result<SegSegment> SelectSegment(const std::vector<SegSegment>& segments, std::string_view wanted,
                                 const fs::path& path) {
  if (segments.empty())
    return Status::InvalidArgument(path.string() +
                                   ": the segmentation has no SegmentSequence items");
  std::string listed;
  for (const SegSegment& s : segments) listed += (listed.empty() ? "" : ", ") + Describe(s);
  if (wanted.empty()) {
    if (segments.size() == 1) return segments.front();
    return Status::InvalidArgument(path.string() + ": " + std::to_string(segments.size()) +
                                   " segments, choose one with --roi (label or number): " + listed);
  }
  for (const SegSegment& s : segments) {
    if (s.label == wanted) return s;
  }
  for (const SegSegment& s : segments) {
    if (AsciiLower(s.label) == AsciiLower(wanted)) return s;
  }
  const std::string text(wanted);
  char* end = nullptr;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() && *end == '\0') {
    for (const SegSegment& s : segments) {
      if (s.number == number) return s;
    }
  }
  return Status::NotFound(path.string() + ": no segment labelled or numbered '" + text +
                          "'; available: " + listed);
}

// True when the SEG's Common Instance Reference names a slice of `grid`: then it was made on
// this image even if its FrameOfReferenceUID was rewritten (as anonymisation tools sometimes do).
bool ReferencesSliceOf(DcmDataset& ds, const imaging::Grid& grid) {
  const std::set<std::string> slices(grid.slice_sop_instance_uids.begin(),
                                     grid.slice_sop_instance_uids.end());
  for (DcmItem* series : GetItems(ds, DCM_ReferencedSeriesSequence)) {
    for (DcmItem* instance : GetItems(*series, DCM_ReferencedInstanceSequence)) {
      if (slices.count(GetString(*instance, DCM_ReferencedSOPInstanceUID).value_or("")) != 0) {
        return true;
      }
    }
  }
  return false;
}

// Turns a stored value into inside / outside.
struct Encoding {
  bool fractional = false;
  double maximum = 1;  // MaximumFractionalValue
};

Result<Encoding> ReadEncoding(DcmDataset& ds, const PixelLayout& layout, const std::string& where) {
  const std::string type = GetString(ds, DCM_SegmentationType).value_or("missing");
  Encoding encoding;
  if (type == "BINARY") {
    if (layout.bits_allocated != 1) {
      return Status::InvalidArgument(where + ": BINARY segmentation with BitsAllocated " +
                                     std::to_string(layout.bits_allocated) + " (must be 1)");
    }
    return encoding;
  }
  if (type == "FRACTIONAL") {
    if (layout.bits_allocated != 8) {
      return Status::InvalidArgument(where + ": FRACTIONAL segmentation with BitsAllocated " +
                                     std::to_string(layout.bits_allocated) + " (must be 8)");
    }
    const long maximum = GetInt(ds, DCM_MaximumFractionalValue).value_or(0);
    if (maximum <= 0 || maximum > 255) {
      return Status::InvalidArgument(
          where + ": FRACTIONAL segmentation without a MaximumFractionalValue in 1..255");
    }
    encoding.fractional = true;
    encoding.maximum = static_cast<double>(maximum);
    return encoding;
  }
  return Status::InvalidArgument(where + ": SegmentationType " + type +
                                 " is not supported (BINARY and FRACTIONAL are)");
}

// Where a frame lands: pixel (column c, row r) is voxel origin + c * column_step + r * row_step.
struct Placement {
  Index3 origin{};
  Index3 column_step{};
  Index3 row_step{};
  bool on_slab = false;  // origin's slice index is inside the grid
};

// Rounds an index-space step to a unit step along i or j, or fails.
bool UnitInPlaneStep(const Vec3& step, int64_t count, Index3& out) {
  for (int a = 0; a < 3; ++a) {
    const double r = std::round(step[a]);
    const double drift =
        std::abs(step[a] - r) * static_cast<double>(std::max<int64_t>(count - 1, 1));
    if (drift > kLatticeTolerance) return false;
    out[a] = static_cast<int64_t>(r);
  }
  return out[2] == 0 && std::abs(out[0]) + std::abs(out[1]) == 1;
}

std::string Position(const std::vector<double>& p) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "(%.6g, %.6g, %.6g)", p[0], p[1], p[2]);
  return buf;
}

Result<Placement> PlaceFrame(DcmItem* own, DcmItem* shared, const PixelLayout& layout,
                             const imaging::Grid& grid, const std::string& where) {
  DcmItem* position = FindFunctionalGroup(own, shared, DCM_PlanePositionSequence);
  DcmItem* orientation = FindFunctionalGroup(own, shared, DCM_PlaneOrientationSequence);
  DcmItem* measures = FindFunctionalGroup(own, shared, DCM_PixelMeasuresSequence);
  if (position == nullptr || orientation == nullptr || measures == nullptr) {
    return Status::InvalidArgument(
        where + ": no " +
        std::string(position == nullptr      ? "PlanePositionSequence"
                    : orientation == nullptr ? "PlaneOrientationSequence"
                                             : "PixelMeasuresSequence") +
        " (per-frame or shared), so the frame cannot be placed on the image");
  }
  const std::vector<double> ipp = GetDoubles(*position, DCM_ImagePositionPatient);
  if (ipp.size() != 3) {
    return Status::InvalidArgument(where + ": ImagePositionPatient missing or not three numbers");
  }
  RADFED_ASSIGN_OR_RETURN(
      Orientation o,
      ParseOrientation(GetDoubles(*orientation, DCM_ImageOrientationPatient), where));
  const std::vector<double> spacing = GetDoubles(*measures, DCM_PixelSpacing);
  if (spacing.size() != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
    return Status::InvalidArgument(where + ": PixelSpacing missing or not two positive numbers");
  }
  const Vec3 p0{ipp[0], ipp[1], ipp[2]};
  const Vec3 start = grid.PhysicalToIndex(p0);
  Vec3 next_column{}, next_row{};
  for (int d = 0; d < 3; ++d) {
    next_column[d] = p0[d] + spacing[1] * o.row[d];
    next_row[d] = p0[d] + spacing[0] * o.column[d];
  }
  const Vec3 a = grid.PhysicalToIndex(next_column);
  const Vec3 b = grid.PhysicalToIndex(next_row);
  Placement placement;
  if (!UnitInPlaneStep({a[0] - start[0], a[1] - start[1], a[2] - start[2]}, layout.columns,
                       placement.column_step) ||
      !UnitInPlaneStep({b[0] - start[0], b[1] - start[1], b[2] - start[2]}, layout.rows,
                       placement.row_step) ||
      std::abs(placement.column_step[0]) == std::abs(placement.row_step[0])) {
    return Status::InvalidArgument(
        where +
        ": its pixels are not the image's voxels (its orientation or PixelSpacing differs from "
        "the image's, " +
        grid.Describe() + "); is this the segmentation of another series?");
  }
  for (int d = 0; d < 3; ++d) {
    if (!(std::abs(start[d]) < 1e9)) return placement;  // far outside: off the slab
  }
  const double k = std::round(start[2]);
  placement.on_slab = k >= 0 && k < static_cast<double>(grid.size[2]);
  if (!placement.on_slab) return placement;
  for (int d = 0; d < 3; ++d) {
    const double r = std::round(start[d]);
    if (std::abs(start[d] - r) > kLatticeTolerance) {
      return Status::InvalidArgument(where + " at " + Position(ipp) +
                                     " lies between the image's voxel centres (" + grid.Describe() +
                                     ")");
    }
    placement.origin[d] = static_cast<int64_t>(r);
  }
  return placement;
}

}  // namespace

Result<std::vector<SegSegment>> SegSegments(const fs::path& path) {
  RADFED_ASSIGN_OR_RETURN(auto file, LoadSeg(path));
  return Segments(*file->getDataset());
}

Result<imaging::Mask> ReadSegMask(const fs::path& path, std::string_view wanted,
                                  const imaging::Grid& reference) {
  const std::string where = path.string();
  RADFED_ASSIGN_OR_RETURN(auto file, LoadSeg(path));
  DcmDataset& ds = *file->getDataset();
  RADFED_ASSIGN_OR_RETURN(const SegSegment segment, SelectSegment(Segments(ds), wanted, path));
  const std::string label = where + ": segment " + Describe(segment);
  const std::string frame = GetString(ds, DCM_FrameOfReferenceUID).value_or("");
  if (!frame.empty() && !reference.frame_of_reference_uid.empty() &&
      frame != reference.frame_of_reference_uid && !ReferencesSliceOf(ds, reference)) {
    return Status::InvalidArgument(where + ": the segmentation's frame of reference " + frame +
                                   " is not the image's (" + reference.frame_of_reference_uid +
                                   "); is this the segmentation of another series?");
  }
  RADFED_ASSIGN_OR_RETURN(const PixelLayout layout, ReadPixelLayout(ds, path));
  RADFED_ASSIGN_OR_RETURN(const Encoding encoding, ReadEncoding(ds, layout, where));
  const std::vector<DcmItem*> per_frame = GetItems(ds, DCM_PerFrameFunctionalGroupsSequence);
  if (static_cast<int64_t>(per_frame.size()) != layout.frames) {
    return Status::InvalidArgument(where + ": " + std::to_string(per_frame.size()) +
                                   " per-frame functional group items for " +
                                   std::to_string(layout.frames) + " frames (NumberOfFrames)");
  }
  DcmItem* shared = nullptr;
  if (ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0).bad())
    shared = nullptr;
  RADFED_ASSIGN_OR_RETURN(const uint8_t* pixels, PixelBytes(ds, layout, path));

  const int64_t frame_pixels = layout.rows * layout.columns;
  auto inside = [&](int64_t index) {
    const double value = StoredValue(pixels, layout, index);
    return encoding.fractional ? 2 * value >= encoding.maximum : value != 0;
  };
  imaging::Mask mask(reference);
  size_t frames_of_segment = 0;
  int64_t marked = 0;
  for (int64_t f = 0; f < layout.frames; ++f) {
    DcmItem* own = per_frame[static_cast<size_t>(f)];
    const std::string frame_where = where + " frame " + std::to_string(f + 1);
    DcmItem* identification = FindFunctionalGroup(own, shared, DCM_SegmentIdentificationSequence);
    const auto number = identification == nullptr
                            ? std::nullopt
                            : GetInt(*identification, DCM_ReferencedSegmentNumber);
    if (!number) return Status::InvalidArgument(frame_where + ": no ReferencedSegmentNumber");
    if (*number != segment.number) continue;
    ++frames_of_segment;
    RADFED_ASSIGN_OR_RETURN(const Placement at,
                            PlaceFrame(own, shared, layout, reference, frame_where));
    const int64_t first = f * frame_pixels;
    if (!at.on_slab) {
      for (int64_t p = 0; p < frame_pixels; ++p) {
        if (inside(first + p)) {
          return Status::InvalidArgument(
              frame_where + " of " + label + " marks voxels outside the image's slices (" +
              reference.Describe() + "); is this the segmentation of another series?");
        }
      }
      continue;
    }
    for (int64_t r = 0; r < layout.rows; ++r) {
      for (int64_t c = 0; c < layout.columns; ++c) {
        if (!inside(first + r * layout.columns + c)) continue;
        const int64_t i = at.origin[0] + c * at.column_step[0] + r * at.row_step[0];
        const int64_t j = at.origin[1] + c * at.column_step[1] + r * at.row_step[1];
        if (!reference.Contains(i, j, at.origin[2])) {
          return Status::InvalidArgument(frame_where + " of " + label +
                                         " marks voxels outside the image (" +
                                         reference.Describe() + ")");
        }
        uint8_t& voxel = mask.at(i, j, at.origin[2]);
        marked += voxel == 0;
        voxel = 1;
      }
    }
  }
  if (frames_of_segment == 0) return Status::InvalidArgument(label + " has no frames");
  if (marked == 0) return Status::InvalidArgument(label + " marks no voxel of the image");
  return mask;
}

bool SegReader::CanRead(const fs::path& path) const {
  return HasPart10SopClass(path, kSegmentationSopClass);
}

Result<imaging::Image> SegReader::ReadImage(const fs::path& path) const {
  return Status::InvalidArgument(
      path.string() +
      ": a DICOM SEG holds segments, not an image; give the image series directory");
}

Result<imaging::Mask> SegReader::ReadMask(const fs::path& path, std::string_view roi,
                                          const imaging::Grid& reference) const {
  return ReadSegMask(path, roi, reference);
}

}  // namespace radfed::dicom
