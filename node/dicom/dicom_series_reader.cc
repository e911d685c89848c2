#include "node/dicom/dicom_series_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <utility>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dctag.h>

#include "node/dicom/dicom_file.h"
#include "node/dicom/pet_suv.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;
using imaging::Vec3;

// One decoded plane of the series before sorting.
struct Frame {
  size_t object = 0;   // index into the series' objects
  int64_t frame = 0;   // frame number within the object (0 for single-frame files)
  Vec3 position{};     // ImagePositionPatient
  Orientation orientation;
  double row_spacing = 0;     // PixelSpacing[0]: between rows (along j)
  double column_spacing = 0;  // PixelSpacing[1]: between columns (along i)
  double slope = 1;
  double intercept = 0;
  double along_normal = 0;
};

struct Object {
  fs::path path;
  std::unique_ptr<DcmFileFormat> file;
};

std::string Mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Position(const Vec3& p) { return "(" + Mm(p[0]) + ", " + Mm(p[1]) + ", " + Mm(p[2]) + ")"; }

// An object with an image pixel module (Rows) other than the mask objects.
bool HasImageHeader(DcmDataset& ds) {
  const std::string sop = GetString(ds, DCM_SOPClassUID).value_or("");
  if (sop == kSegmentationSopClass || sop == kRtStructSopClass) return false;
  return ds.tagExists(DCM_Rows);
}

bool IsImageObject(DcmDataset& ds) { return HasImageHeader(ds) && ds.tagExists(DCM_PixelData); }

// "a.dcm (SEG referencing series 1.2.3)" for the message that says no images were found.
std::string DescribeNonImage(const fs::path& path, DcmDataset& ds) {
  std::string text = path.filename().string() + " (" + GetString(ds, DCM_Modality).value_or("no modality");
  if (HasImageHeader(ds)) text += " without PixelData";
  std::string referenced;
  for (DcmItem* item : GetItems(ds, DCM_ReferencedSeriesSequence)) {
    referenced = GetString(*item, DCM_SeriesInstanceUID).value_or("");
  }
  for (DcmItem* f : GetItems(ds, DCM_ReferencedFrameOfReferenceSequence)) {
    for (DcmItem* st : GetItems(*f, DCM_RTReferencedStudySequence)) {
      for (DcmItem* se : GetItems(*st, DCM_RTReferencedSeriesSequence)) {
        referenced = GetString(*se, DCM_SeriesInstanceUID).value_or(referenced);
      }
    }
  }
  if (!referenced.empty()) text += " referencing series " + referenced + ", whose images are absent";
  return text + ")";
}

Status ScanFiles(const fs::path& path, std::vector<fs::path>& files) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
    return Status::Ok();
  }
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IoError(path.string() + ": cannot list directory (" + ec.message() + ")");
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IoError(path.string() + ": cannot list directory (" + ec.message() + ")");
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return Status::Ok();
}

// Largest |RescaleSlope| and |RescaleIntercept| accepted: a larger one is corrupt, and rescaled
// 32-bit stored values would then approach the float range the image is kept in.
constexpr double kMaxRescale = 1e9;

// RescaleSlope or RescaleIntercept `tag` of `item`, or `fallback` when absent. A value that is
// present but not a finite number within kMaxRescale is an error: GetDouble reads it as absent,
// which silently put the default (slope 1, intercept 0) in its place.
Result<double> ReadRescale(DcmItem& item, const DcmTagKey& tag, double fallback, const std::string& where) {
  const std::optional<std::string> text = GetString(item, tag);
  if (!text) return fallback;
  Float64 value = 0;
  if (item.findAndGetFloat64(tag, value).bad() || !std::isfinite(value) || std::abs(value) > kMaxRescale) {
    return Status::InvalidArgument(where + ": " + DcmTag(tag).getTagName() + " '" + *text +
                                   "' is not a finite number of magnitude at most 1e9");
  }
  return value;
}

// What the first bytes of a file say about it, to tell a damaged slice, which must fail the
// series, from a file that is not DICOM (README.txt, checksums), which is skipped. Skipping
// damaged slices silently dropped an end slice, giving features of a smaller volume.
enum class Head {
  kPart10,       // has the "DICM" marker: a load failure means the file is cut short or corrupt
  kCutPreamble,  // shorter than the preamble and all zero bytes: emptied or cut by an interrupted
                 // copy (DCMTK "loads" such a file as an empty data set)
  kOther,
};

Head ReadHead(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char head[132] = {};
  in.read(head, sizeof head);
  const std::streamsize n = in.gcount();
  if (n == sizeof head) return std::string_view(head + 128, 4) == "DICM" ? Head::kPart10 : Head::kOther;
  // An empty hidden file (.gitkeep) is not a slice.
  if (n == 0 && file.filename().string().starts_with('.')) return Head::kOther;
  return std::all_of(head, head + n, [](char c) { return c == 0; }) ? Head::kCutPreamble : Head::kOther;
}

constexpr char kDamaged[] = "; a damaged file of the series cannot be skipped (replace or remove it)";

// The frames of one object with their geometry and rescale.
Status CollectFrames(size_t index, Object& object, std::vector<Frame>& frames) {
  DcmDataset& ds = *object.file->getDataset();
  const std::string where = object.path.string();
  RADFED_ASSIGN_OR_RETURN(PixelLayout layout, ReadPixelLayout(ds, object.path));
  RADFED_ASSIGN_OR_RETURN(const double slope, ReadRescale(ds, DCM_RescaleSlope, 1.0, where));
  RADFED_ASSIGN_OR_RETURN(const double intercept, ReadRescale(ds, DCM_RescaleIntercept, 0.0, where));
  std::vector<DcmItem*> per_frame = GetItems(ds, DCM_PerFrameFunctionalGroupsSequence);
  DcmItem* shared = nullptr;
  if (ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0).bad()) shared = nullptr;
  const bool functional_groups = !per_frame.empty() || shared != nullptr;
  if (layout.frames > 1 && !functional_groups) {
    return Status::InvalidArgument(where + ": multi-frame object of " + std::to_string(layout.frames) +
                                   " frames without per-frame functional groups (plane positions unknown)");
  }
  if (functional_groups && static_cast<int64_t>(per_frame.size()) != layout.frames && !per_frame.empty()) {
    return Status::InvalidArgument(where + ": " + std::to_string(per_frame.size()) +
                                   " per-frame functional group items for " + std::to_string(layout.frames) + " frames");
  }
  for (int64_t f = 0; f < layout.frames; ++f) {
    Frame frame;
    frame.object = index;
    frame.frame = f;
    frame.slope = slope;
    frame.intercept = intercept;
    DcmItem* plane_position = &ds;
    DcmItem* plane_orientation = &ds;
    DcmItem* measures = &ds;
    const std::string frame_where = where + (layout.frames > 1 ? " frame " + std::to_string(f + 1) : "");
    if (functional_groups) {
      DcmItem* own = per_frame.empty() ? nullptr : per_frame[static_cast<size_t>(f)];
      plane_position = FindFunctionalGroup(own, shared, DCM_PlanePositionSequence);
      plane_orientation = FindFunctionalGroup(own, shared, DCM_PlaneOrientationSequence);
      measures = FindFunctionalGroup(own, shared, DCM_PixelMeasuresSequence);
      if (DcmItem* transform = FindFunctionalGroup(own, shared, DCM_PixelValueTransformationSequence)) {
        const std::string transform_where = frame_where + " PixelValueTransformationSequence";
        RADFED_ASSIGN_OR_RETURN(frame.slope, ReadRescale(*transform, DCM_RescaleSlope, slope, transform_where));
        RADFED_ASSIGN_OR_RETURN(frame.intercept,
                                ReadRescale(*transform, DCM_RescaleIntercept, intercept, transform_where));
      }
      // Legacy objects may keep the plane attributes at the top level.
      if (plane_position == nullptr) plane_position = &ds;
      if (plane_orientation == nullptr) plane_orientation = &ds;
      if (measures == nullptr) measures = &ds;
    }
    const std::vector<double> ipp = GetDoubles(*plane_position, DCM_ImagePositionPatient);
    if (ipp.size() != 3) return Status::InvalidArgument(frame_where + ": ImagePositionPatient missing or not three numbers");
    frame.position = {ipp[0], ipp[1], ipp[2]};
    RADFED_ASSIGN_OR_RETURN(frame.orientation,
                            ParseOrientation(GetDoubles(*plane_orientation, DCM_ImageOrientationPatient), frame_where));
    const std::vector<double> spacing = GetDoubles(*measures, DCM_PixelSpacing);
    if (spacing.size() != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
      return Status::InvalidArgument(frame_where + ": PixelSpacing missing or not two positive numbers");
    }
    frame.row_spacing = spacing[0];
    frame.column_spacing = spacing[1];
    if (frame.slope == 0) return Status::InvalidArgument(frame_where + ": RescaleSlope is zero");
    frame.along_normal = Dot(frame.orientation.normal, frame.position);
    frames.push_back(frame);
  }
  return Status::Ok();
}

bool Near(const Vec3& a, const Vec3& b, double tolerance) {
  for (int d = 0; d < 3; ++d) {
    if (std::abs(a[d] - b[d]) > tolerance) return false;
  }
  return true;
}

// Checks that sorted frames form a regular stack and returns the slice spacing.
Result<double> CheckStack(const std::vector<Frame>& frames, const std::string& where) {
  const Frame& first = frames.front();
  for (const Frame& f : frames) {
    if (!Near(f.orientation.row, first.orientation.row, 1e-3) || !Near(f.orientation.column, first.orientation.column, 1e-3)) {
      return Status::InvalidArgument(where + ": slices have different ImageOrientationPatient");
    }
    if (std::abs(f.row_spacing - first.row_spacing) > 1e-4 * first.row_spacing ||
        std::abs(f.column_spacing - first.column_spacing) > 1e-4 * first.column_spacing) {
      return Status::InvalidArgument(where + ": slices have different PixelSpacing");
    }
  }
  if (frames.size() == 1) return 0.0;
  std::vector<double> gaps;
  for (size_t k = 1; k < frames.size(); ++k) {
    const double gap = frames[k].along_normal - frames[k - 1].along_normal;
    if (gap < 1e-3) {
      return Status::InvalidArgument(where + ": two slices at the same position " + Position(frames[k].position) +
                                     " (duplicate or mixed acquisitions)");
    }
    gaps.push_back(gap);
  }
  std::vector<double> sorted = gaps;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  const double typical = sorted[sorted.size() / 2];
  const double tolerance = std::max(1e-3, 0.01 * typical);
  for (size_t k = 0; k < gaps.size(); ++k) {
    const Frame& a = frames[k];
    const Frame& b = frames[k + 1];
    if (std::abs(gaps[k] - typical) > tolerance) {
      const double ratio = gaps[k] / typical;
      const double whole = std::round(ratio);
      if (whole >= 2 && std::abs(ratio - whole) * typical <= tolerance) {
        return Status::InvalidArgument(where + ": " + std::to_string(static_cast<long>(whole) - 1) +
                                       " missing slice(s) between " + Position(a.position) + " and " +
                                       Position(b.position) + " (gap " + Mm(gaps[k]) + " mm, slice spacing " +
                                       Mm(typical) + " mm)");
      }
      return Status::InvalidArgument(where + ": non-uniform slice spacing: " + Mm(gaps[k]) + " mm between " +
                                     Position(a.position) + " and " + Position(b.position) + ", " + Mm(typical) +
                                     " mm elsewhere");
    }
    Vec3 step{};
    for (int d = 0; d < 3; ++d) step[d] = b.position[d] - a.position[d];
    const double along = Dot(step, first.orientation.normal);
    Vec3 lateral{};
    for (int d = 0; d < 3; ++d) lateral[d] = step[d] - along * first.orientation.normal[d];
    const double off = std::sqrt(Dot(lateral, lateral));
    if (off > std::max(1e-3, 0.01 * along)) {
      const double degrees = std::atan2(off, along) * 180.0 / 3.14159265358979323846;
      return Status::InvalidArgument(where + ": gantry tilt of " + Mm(degrees) +
                                     " degrees (slices are offset within their plane along the stack); "
                                     "resample the series to an orthogonal grid first");
    }
  }
  return (frames.back().along_normal - frames.front().along_normal) / static_cast<double>(frames.size() - 1);
}

}  // namespace

Result<DicomSeries> ReadDicomSeries(const fs::path& path) {
  const std::string where = path.string();
  std::vector<fs::path> files;
  RADFED_RETURN_IF_ERROR(ScanFiles(path, files));
  std::map<std::string, std::vector<Object>> series;
  std::vector<std::string> non_images;
  std::vector<std::pair<fs::path, std::string>> pixel_less;  // image headers without pixels, with series
  size_t unreadable = 0;
  for (const fs::path& file : files) {
    auto loaded = LoadDicomFile(file);
    // Only a file that would be skipped (DCMTK could not load it, or it holds no image) needs its
    // first bytes looked at: image slices, nearly every file, are not read twice.
    if (!loaded.ok() || !IsImageObject(*(*loaded)->getDataset())) {
      const Head start = ReadHead(file);
      if (start == Head::kCutPreamble) {
        std::error_code ec;
        const uintmax_t bytes = fs::file_size(file, ec);
        return Status::InvalidArgument(file.string() +
                                       (bytes == 0 ? std::string(": empty file")
                                                   : ": " + std::to_string(bytes) +
                                                         " zero bytes, a file cut within its DICOM preamble") +
                                       kDamaged);
      }
      if (!loaded.ok()) {
        if (start == Head::kPart10) return Status::InvalidArgument(loaded.status().message() + kDamaged);
        ++unreadable;
        continue;
      }
    }
    DcmDataset& ds = *(*loaded)->getDataset();
    if (!IsImageObject(ds)) {
      if (HasImageHeader(ds)) pixel_less.emplace_back(file, GetString(ds, DCM_SeriesInstanceUID).value_or(""));
      non_images.push_back(DescribeNonImage(file, ds));
      continue;
    }
    series[GetString(ds, DCM_SeriesInstanceUID).value_or("(no SeriesInstanceUID)")].push_back(
        Object{file, std::move(*loaded)});
  }
  if (series.empty()) {
    std::string text = where + ": no DICOM image objects found (" + std::to_string(files.size()) + " files, " +
                       std::to_string(unreadable) + " not DICOM";
    if (!non_images.empty()) {
      text += "; other objects:";
      for (const auto& n : non_images) text += " " + n;
    }
    return Status::NotFound(text + ")");
  }
  if (series.size() > 1) {
    std::string text = where + ": " + std::to_string(series.size()) +
                       " image series found; point to a directory holding one of them:";
    for (auto& [uid, objects] : series) {
      DcmDataset& ds = *objects.front().file->getDataset();
      text += " " + uid + " (" + GetString(ds, DCM_Modality).value_or("?") + ", " + std::to_string(objects.size()) +
              " files, '" + GetString(ds, DCM_SeriesDescription).value_or("") + "')";
    }
    return Status::InvalidArgument(text);
  }
  // DCMTK loads a file cut before its pixel data without complaint; within the series it is a
  // damaged slice, not an object to skip.
  for (const auto& [file, uid] : pixel_less) {
    if (uid == series.begin()->first) {
      return Status::InvalidArgument(file.string() + ": a slice of series " + uid +
                                     " without PixelData (file cut short?)" + kDamaged);
    }
  }
  std::vector<Object>& objects = series.begin()->second;
  DicomSeries out;
  out.series_instance_uid = series.begin()->first;
  DcmDataset& head = *objects.front().file->getDataset();
  out.modality = GetString(head, DCM_Modality).value_or("");

  std::vector<Frame> frames;
  std::vector<PixelLayout> layouts;
  for (size_t i = 0; i < objects.size(); ++i) {
    RADFED_RETURN_IF_ERROR(CollectFrames(i, objects[i], frames));
    RADFED_ASSIGN_OR_RETURN(PixelLayout layout, ReadPixelLayout(*objects[i].file->getDataset(), objects[i].path));
    if (!layouts.empty() && (layout.rows != layouts.front().rows || layout.columns != layouts.front().columns)) {
      return Status::InvalidArgument(where + ": slices of different sizes (" + objects[i].path.filename().string() + " is " +
                                     std::to_string(layout.columns) + "x" + std::to_string(layout.rows) + ", " +
                                     objects.front().path.filename().string() + " is " +
                                     std::to_string(layouts.front().columns) + "x" +
                                     std::to_string(layouts.front().rows) + ")");
    }
    layouts.push_back(layout);
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const Frame& a, const Frame& b) { return a.along_normal < b.along_normal; });
  RADFED_ASSIGN_OR_RETURN(double slice_spacing, CheckStack(frames, where));
  if (frames.size() == 1) {
    DcmDataset& ds = *objects.front().file->getDataset();
    slice_spacing = GetDouble(ds, DCM_SpacingBetweenSlices).value_or(GetDouble(ds, DCM_SliceThickness).value_or(1.0));
    if (!(slice_spacing > 0)) slice_spacing = 1.0;
  }

  const Frame& first = frames.front();
  imaging::Grid grid;
  grid.size = {layouts.front().columns, layouts.front().rows, static_cast<int64_t>(frames.size())};
  grid.spacing = {first.column_spacing, first.row_spacing, slice_spacing};
  grid.origin = first.position;
  grid.direction = {first.orientation.row, first.orientation.column, first.orientation.normal};
  grid.frame_of_reference_uid = GetString(head, DCM_FrameOfReferenceUID).value_or("");
  RADFED_RETURN_IF_ERROR(imaging::CheckHeaderGeometry(grid, path));
  out.image = imaging::Image(grid);

  std::vector<double> suv(objects.size(), 1.0);
  if (out.modality == "PT") {
    for (size_t i = 0; i < objects.size(); ++i) {
      RADFED_ASSIGN_OR_RETURN(suv[i], SuvBodyWeightFactor(*objects[i].file->getDataset(), objects[i].path));
    }
  }
  std::vector<const uint8_t*> pixels(objects.size(), nullptr);
  const int64_t plane = grid.size[0] * grid.size[1];
  for (size_t k = 0; k < frames.size(); ++k) {
    const Frame& f = frames[k];
    Object& object = objects[f.object];
    if (pixels[f.object] == nullptr) {
      RADFED_ASSIGN_OR_RETURN(pixels[f.object], PixelBytes(*object.file->getDataset(), layouts[f.object], object.path));
    }
    const PixelLayout& layout = layouts[f.object];
    if (layout.bits_allocated == 1) {
      return Status::InvalidArgument(object.path.string() + ": 1-bit pixel data is not an image");
    }
    float* dst = out.image.voxels.data() + static_cast<int64_t>(k) * plane;
    const double scale = f.slope * suv[f.object];
    const double offset = f.intercept * suv[f.object];
    for (int64_t p = 0; p < plane; ++p) {
      dst[p] = static_cast<float>(StoredValue(pixels[f.object], layout, f.frame * plane + p) * scale + offset);
    }
    out.image.grid.slice_sop_instance_uids.push_back(GetString(*object.file->getDataset(), DCM_SOPInstanceUID).value_or(""));
  }
  return out;
}

bool DicomSeriesReader::CanRead(const fs::path& path) const {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  std::ifstream in(path, std::ios::binary);
  char head[132] = {};
  if (!in.read(head, sizeof head)) return false;
  return std::string_view(head + 128, 4) == "DICM";
}

Result<imaging::Image> DicomSeriesReader::ReadImage(const fs::path& path) const {
  RADFED_ASSIGN_OR_RETURN(DicomSeries series, ReadDicomSeries(path));
  return std::move(series.image);
}

Result<imaging::Mask> DicomSeriesReader::ReadMask(const fs::path& path, std::string_view,
                                                  const imaging::Grid&) const {
  return Status::InvalidArgument(path.string() +
                                 ": a DICOM image series is not a mask; give an RTSTRUCT or SEG file (or a NIfTI/NRRD "
                                 "label map)");
}

}  // namespace radfed::dicom
