// VolumeReader: the plug-in interface through which images and masks enter radfed.
//
// Every file format (NIfTI, NRRD, DICOM series, RTSTRUCT, DICOM SEG) is one VolumeReader.
// ReaderSet tries its readers in order and uses the first that recognises a path, so callers
// (`radfed-node extract`, batch extraction, fuzzers) never depend on a concrete format.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/imaging/volume.h"

namespace radfed::imaging {

// The largest volume a reader accepts (2^31 voxels): beyond it a header is taken to be corrupt
// rather than trusted with a multi-gigabyte allocation.
inline constexpr int64_t kMaxVoxels = int64_t{1} << 31;
// The largest voxel spacing a reader accepts (1 km): larger, like non-finite or non-positive
// spacings, comes from a corrupt header and would break every later step (resampling sizes
// from it overflowed and crashed).
inline constexpr double kMaxSpacingMm = 1e6;

// Checks the geometry a reader built from a file's header before any voxel is allocated: every
// size at least 1 and their product, computed without overflow, at most kMaxVoxels; every
// spacing finite, positive and at most kMaxSpacingMm; a finite origin. Errors name `path`.
Status CheckHeaderGeometry(const Grid& grid, const std::filesystem::path& path);

class VolumeReader {
 public:
  virtual ~VolumeReader() = default;

  // Short format name for messages, e.g. "NIfTI".
  virtual std::string_view name() const = 0;

  // True when this reader recognises `path` (by extension, by directory content or by sniffing
  // the first bytes). Must not fail and must be cheap.
  virtual bool CanRead(const std::filesystem::path& path) const = 0;

  // Reads an image. Errors name the file and the problem.
  virtual Result<Image> ReadImage(const std::filesystem::path& path) const = 0;

  // Reads the region `roi` and returns it on `reference` (the image's grid). `roi` selects an ROI
  // by name for RTSTRUCT, a segment by label or number for SEG, a label value for label maps;
  // empty selects the only ROI, or all non-zero voxels of a label map. A mask whose grid does not
  // match `reference` (and cannot be mapped onto it) is an InvalidArgument error.
  virtual Result<Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                                const Grid& reference) const = 0;
};

class ReaderSet {
 public:
  void Add(std::unique_ptr<VolumeReader> reader) { readers_.push_back(std::move(reader)); }

  Result<Image> ReadImage(const std::filesystem::path& path) const;
  Result<Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                        const Grid& reference) const;

 private:
  // The first reader that recognises `path`, or NotFound naming the path and known formats.
  Result<const VolumeReader*> Find(const std::filesystem::path& path) const;

  std::vector<std::unique_ptr<VolumeReader>> readers_;
};

}  // namespace radfed::imaging
