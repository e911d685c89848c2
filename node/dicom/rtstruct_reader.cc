#include "node/dicom/rtstruct_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "node/dicom/dicom_file.h"
#include "node/dicom/polygon_fill.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;

// Largest |x|, |y| or |z| of a contour vertex, in mm from the patient coordinate origin.
constexpr double kMaxCoordinateMm = 1e6;

struct Roi {
  long number = 0;
  std::string name;
  std::string frame_of_reference_uid;
};

Result<std::unique_ptr<DcmFileFormat>> LoadRtStruct(const fs::path& path) {
  RADFED_ASSIGN_OR_RETURN(auto file, LoadDicomFile(path));
  DcmDataset& ds = *file->getDataset();
  if (GetString(ds, DCM_SOPClassUID).value_or("") != kRtStructSopClass &&
      GetString(ds, DCM_Modality).value_or("") != "RTSTRUCT") {
    return Status::InvalidArgument(path.string() + ": not an RT Structure Set (Modality " +
                                   GetString(ds, DCM_Modality).value_or("missing") + ")");
  }
  return file;
}

std::vector<Roi> Rois(DcmDataset& ds) {
  std::vector<Roi> rois;
  for (DcmItem* item : GetItems(ds, DCM_StructureSetROISequence)) {
    Roi roi;
    roi.number = GetInt(*item, DCM_ROINumber).value_or(-1);
    roi.name = GetString(*item, DCM_ROIName).value_or("");
    roi.frame_of_reference_uid = GetString(*item, DCM_ReferencedFrameOfReferenceUID).value_or("");
    rois.push_back(roi);
  }
  return rois;
}

Result<Roi> SelectRoi(const std::vector<Roi>& rois, std::string_view wanted, const fs::path& path) {
  std::string names;
  for (const Roi& r : rois) names += (names.empty() ? "'" : ", '") + r.name + "'";
  if (rois.empty()) return Status::InvalidArgument(path.string() + ": the structure set has no ROIs");
  if (wanted.empty()) {
    if (rois.size() == 1) return rois.front();
    return Status::InvalidArgument(path.string() + ": " + std::to_string(rois.size()) +
                                   " ROIs, choose one with --roi: " + names);
  }
  for (const Roi& r : rois) {
    if (r.name == wanted) return r;
  }
  for (const Roi& r : rois) {
    if (AsciiLower(r.name) == AsciiLower(wanted)) return r;
  }
  char* end = nullptr;
  const std::string text(wanted);
  const long number = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() && *end == '\0') {
    for (const Roi& r : rois) {
      if (r.number == number) return r;
    }
  }
  return Status::NotFound(path.string() + ": no ROI named '" + text + "'; available: " + names);
}

// ContourData as numbers, parsed from the element's raw value: DCMTK's per-value access rescans
// the whole value each time (quadratic for contours of thousands of points), and even its
// whole-array string access costs ~400 times the parsing here (0.8 s for the IBSI phantom's
// structure set against 2 ms).
std::vector<double> ContourPoints(DcmItem& contour) {
  std::vector<double> values;
  DcmElement* element = nullptr;
  char* data = nullptr;
  Uint32 length = 0;
  if (contour.findAndGetElement(DCM_ContourData, element).bad() || element == nullptr ||
      element->getString(data, length).bad() || data == nullptr) {
    return values;
  }
  const std::string raw(data, length);  // the value need not be NUL-terminated
  const char* p = raw.c_str();
  const char* end = p + raw.size();
  while (p < end) {
    char* next = nullptr;
    const double v = std::strtod(p, &next);
    if (next == p) return {};  // not a number: treat the contour as malformed
    values.push_back(v);
    p = next;
    while (p < end && (*p == ' ' || *p == '\\')) ++p;
  }
  return values;
}

}  // namespace

Result<std::vector<std::string>> RtStructRoiNames(const fs::path& path) {
  RADFED_ASSIGN_OR_RETURN(auto file, LoadRtStruct(path));
  std::vector<std::string> names;
  for (const Roi& r : Rois(*file->getDataset())) names.push_back(r.name);
  return names;
}

Result<imaging::Mask> ReadRtStructMask(const fs::path& path, std::string_view roi_name,
                                       const imaging::Grid& reference, const DicomSeries* series) {
  const std::string where = path.string();
  RADFED_ASSIGN_OR_RETURN(auto file, LoadRtStruct(path));
  DcmDataset& ds = *file->getDataset();
  RADFED_ASSIGN_OR_RETURN(Roi roi, SelectRoi(Rois(ds), roi_name, path));
  const std::string label = where + ": ROI '" + roi.name + "'";
  // Positions only compare within one frame of reference; SOP references hold regardless.
  const imaging::Grid& identity = series != nullptr ? series->image.grid : reference;
  const std::string& image_frame = identity.frame_of_reference_uid;
  const bool other_frame = !roi.frame_of_reference_uid.empty() && !image_frame.empty() &&
                           roi.frame_of_reference_uid != image_frame;
  std::map<std::string, int64_t> slice_of_uid;
  if (static_cast<int64_t>(identity.slice_sop_instance_uids.size()) == reference.size[2]) {
    for (size_t k = 0; k < identity.slice_sop_instance_uids.size(); ++k) {
      slice_of_uid.emplace(identity.slice_sop_instance_uids[k], static_cast<int64_t>(k));
    }
  }
  DcmItem* roi_contours = nullptr;
  for (DcmItem* item : GetItems(ds, DCM_ROIContourSequence)) {
    if (GetInt(*item, DCM_ReferencedROINumber).value_or(-2) == roi.number) roi_contours = item;
  }
  if (roi_contours == nullptr) return Status::InvalidArgument(label + " has no entry in ROIContourSequence");

  const int64_t width = reference.size[0];
  const int64_t height = reference.size[1];
  imaging::Mask mask(reference);
  std::vector<uint8_t> parity(static_cast<size_t>(width * height));
  std::map<int64_t, std::vector<std::vector<Point2>>> by_slice;
  size_t closed = 0;
  for (DcmItem* contour : GetItems(*roi_contours, DCM_ContourSequence)) {
    const std::string type = GetString(*contour, DCM_ContourGeometricType).value_or("CLOSED_PLANAR");
    if (type != "CLOSED_PLANAR") continue;
    ++closed;
    const std::vector<double> xyz = ContourPoints(*contour);
    if (xyz.size() % 3 != 0 || xyz.size() < 9 ||
        !std::all_of(xyz.begin(), xyz.end(), [](double v) { return std::isfinite(v); })) {
      return Status::InvalidArgument(label + ": contour " + std::to_string(closed) +
                                     " has malformed ContourData (need at least three x\\y\\z points)");
    }
    // A vertex kilometres away is corrupt, not anatomy; filling towards it silently changed the
    // mask's volume.
    const auto far = std::find_if(xyz.begin(), xyz.end(), [](double v) { return std::abs(v) > kMaxCoordinateMm; });
    if (far != xyz.end()) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", *far);
      return Status::InvalidArgument(label + ": contour " + std::to_string(closed) + " has a coordinate of " + value +
                                     " mm in ContourData (point " + std::to_string((far - xyz.begin()) / 3 + 1) +
                                     "); coordinates beyond 1e6 mm are taken to be corrupt");
    }
    std::vector<Point2> polygon;
    double k_sum = 0, k_min = 1e300, k_max = -1e300;
    for (size_t p = 0; p < xyz.size(); p += 3) {
      const imaging::Vec3 index = reference.PhysicalToIndex({xyz[p], xyz[p + 1], xyz[p + 2]});
      polygon.push_back({index[0], index[1]});
      k_sum += index[2];
      k_min = std::min(k_min, index[2]);
      k_max = std::max(k_max, index[2]);
    }
    const double k_mean = k_sum / static_cast<double>(polygon.size());
    if (k_max - k_min > 0.5) {
      return Status::InvalidArgument(label + ": contour " + std::to_string(closed) +
                                     " is not parallel to the image slices");
    }
    int64_t k = -1;
    std::string referenced;
    for (DcmItem* image : GetItems(*contour, DCM_ContourImageSequence)) {
      referenced = GetString(*image, DCM_ReferencedSOPInstanceUID).value_or("");
    }
    if (auto it = slice_of_uid.find(referenced); !referenced.empty() && it != slice_of_uid.end()) {
      k = it->second;
      if (std::abs(k_mean - static_cast<double>(k)) > 0.5) {
        return Status::InvalidArgument(label + ": contour " + std::to_string(closed) + " references slice " +
                                       std::to_string(k) + " (" + referenced + ") but lies at slice position " +
                                       std::to_string(k_mean));
      }
    } else {
      if (other_frame) {
        return Status::InvalidArgument(label + ": contour " + std::to_string(closed) +
                                       " names no slice of the image and its frame of reference " +
                                       roi.frame_of_reference_uid + " differs from the image's " +
                                       image_frame + ", so it cannot be placed by position");
      }
      if (!(std::abs(k_mean) < 1e9)) continue;  // far outside any plausible grid
      k = static_cast<int64_t>(std::llround(k_mean));
      if (k < 0 || k >= reference.size[2]) continue;
    }
    by_slice[k].push_back(std::move(polygon));
  }
  if (closed == 0) return Status::InvalidArgument(label + " has no CLOSED_PLANAR contours");
  if (by_slice.empty()) {
    return Status::InvalidArgument(label + ": none of its " + std::to_string(closed) +
                                   " contours lies on a slice of the image (" + reference.Describe() + ")");
  }
  for (const auto& [k, polygons] : by_slice) {
    std::fill(parity.begin(), parity.end(), uint8_t{0});
    for (const auto& polygon : polygons) ToggleInsidePolygon(polygon, width, height, parity.data());
    uint8_t* dst = mask.voxels.data() + k * width * height;
    for (size_t p = 0; p < parity.size(); ++p) dst[p] |= parity[p];
  }
  return mask;
}

bool RtStructReader::CanRead(const fs::path& path) const { return HasPart10SopClass(path, kRtStructSopClass); }

Result<imaging::Image> RtStructReader::ReadImage(const fs::path& path) const {
  return Status::InvalidArgument(path.string() +
                                 ": an RTSTRUCT holds contours, not an image; give the image series directory");
}

Result<imaging::Mask> RtStructReader::ReadMask(const fs::path& path, std::string_view roi,
                                               const imaging::Grid& reference) const {
  return ReadRtStructMask(path, roi, reference);
}

}  // namespace radfed::dicom
