// DicomSeriesReader: a CT, MR or PET image series from a directory of DICOM files.
//
// The directory is scanned recursively and every file is tried whatever its name. Image objects
// are grouped by SeriesInstanceUID; the directory must hold exactly one series (otherwise the
// error lists them). Frames (single-frame files, or the frames of enhanced / legacy-converted
// multi-frame objects, positioned by their per-frame functional groups) are sorted along the
// slice normal (ImageOrientationPatient row x column) by ImagePositionPatient. Missing slices,
// non-uniform spacing, gantry tilt, duplicate positions and mixed geometry are errors naming the
// directory and the positions involved. Values are RescaleSlope * stored + RescaleIntercept (HU
// for CT) and SUVbw for PET (see pet_suv.h). Compressed transfer syntaxes that DCMTK decodes
// (JPEG, JPEG-LS, RLE) are supported.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/imaging/volume_reader.h"

namespace radfed::dicom {

// A loaded series and the identifiers masks are checked against.
struct DicomSeries {
  imaging::Image image;  // LPS grid: i along the row direction, j along the column direction,
                         // k along the slice normal
  std::string series_instance_uid;
  std::string frame_of_reference_uid;
  std::string modality;
  // SOPInstanceUID of the object holding slice k (the same UID for every frame of a multi-frame
  // object); RTSTRUCT contours are matched to slices through these.
  std::vector<std::string> slice_sop_instance_uids;
};

// Reads the one image series in directory `path` (or the single file `path`).
Result<DicomSeries> ReadDicomSeries(const std::filesystem::path& path);

class DicomSeriesReader final : public imaging::VolumeReader {
 public:
  std::string_view name() const override { return "DICOM series"; }
  // A directory, or a file with a DICOM Part 10 preamble.
  bool CanRead(const std::filesystem::path& path) const override;
  Result<imaging::Image> ReadImage(const std::filesystem::path& path) const override;
  // An image series is not a mask: always InvalidArgument pointing to RTSTRUCT/SEG.
  Result<imaging::Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                                 const imaging::Grid& reference) const override;
};

}  // namespace radfed::dicom
