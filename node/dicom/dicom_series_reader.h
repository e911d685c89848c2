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

// A loaded series.
struct DicomSeries {
  // LPS grid: i along the row direction, j along the column direction, k along the slice
  // normal; the grid also carries the frame of reference and the SOP instance UID of each slice.
  imaging::Image image;
  std::string series_instance_uid;
  std::string modality;
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
