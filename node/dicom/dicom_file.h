// Shared DCMTK plumbing for the DICOM readers: loading a file, reading attributes (including
// those nested in functional-group sequences) and decoding pixel data of any transfer syntax
// DCMTK can decompress (JPEG, JPEG-LS, RLE; the codecs are registered once per process).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dcmtk/dcmdata/dcfilefo.h>

#include "common/status.h"
#include "node/imaging/grid.h"

namespace radfed::dicom {

// SOP class UIDs the readers dispatch on.
inline constexpr char kRtStructSopClass[] = "1.2.840.10008.5.1.4.1.1.481.3";
inline constexpr char kSegmentationSopClass[] = "1.2.840.10008.5.1.4.1.1.66.4";

// Registers the JPEG, JPEG-LS and RLE decoders and silences DCMTK's own logging (radfed reports
// every problem through Status). Safe to call from any thread, any number of times.
void InitDcmtk();

// Loads a DICOM file (Part 10 or a bare data set). Large elements such as pixel data stay on disk
// until they are read, so scanning a directory is cheap.
Result<std::unique_ptr<DcmFileFormat>> LoadDicomFile(const std::filesystem::path& path);

// True when the first bytes of `path` are a DICOM Part 10 preamble whose meta header names
// `sop_class_uid` as the media storage SOP class. Never fails; reads at most 4 KiB.
bool HasPart10SopClass(const std::filesystem::path& path, const std::string& sop_class_uid);

// Attribute access that treats a missing or empty attribute as std::nullopt.
std::optional<std::string> GetString(DcmItem& item, const DcmTagKey& tag);
std::optional<double> GetDouble(DcmItem& item, const DcmTagKey& tag, unsigned long pos = 0);
std::optional<long> GetInt(DcmItem& item, const DcmTagKey& tag);
// All values of a multi-valued decimal attribute (e.g. ImagePositionPatient).
std::vector<double> GetDoubles(DcmItem& item, const DcmTagKey& tag);
// Items of a sequence (empty when absent).
std::vector<DcmItem*> GetItems(DcmItem& item, const DcmTagKey& sequence);

// Looks up `tag` inside the functional-group macro `macro` of a multi-frame object: first in
// the frame's per-frame item, then in the shared item (either may be null).
DcmItem* FindFunctionalGroup(DcmItem* per_frame, DcmItem* shared, const DcmTagKey& macro);

// Image pixel module of an object, checked for what the readers support (one sample per pixel).
struct PixelLayout {
  int64_t rows = 0;
  int64_t columns = 0;
  int64_t frames = 1;
  int bits_allocated = 0;
  int bits_stored = 0;
  int high_bit = 0;
  bool is_signed = false;
};
Result<PixelLayout> ReadPixelLayout(DcmDataset& dataset, const std::filesystem::path& path);

// Decompresses if needed and returns the raw pixel bytes (host byte order for 16/32-bit words,
// bit-packed for 1-bit data), checked to be exactly as long as `layout` needs (plus DICOM's
// padding byte for odd lengths).
Result<const uint8_t*> PixelBytes(DcmDataset& dataset, const PixelLayout& layout,
                                  const std::filesystem::path& path);

// Stored value of pixel `index` (over all frames) for 8/16/32-bit data: masked to BitsStored and
// sign-extended when PixelRepresentation is 1.
double StoredValue(const uint8_t* bytes, const PixelLayout& layout, int64_t index);

// Unit vectors of ImageOrientationPatient (row direction = increasing column index, column
// direction = increasing row index), checked to be orthonormal.
struct Orientation {
  imaging::Vec3 row{};
  imaging::Vec3 column{};
  imaging::Vec3 normal{};  // row x column
};
Result<Orientation> ParseOrientation(const std::vector<double>& iop, const std::string& where);

double Dot(const imaging::Vec3& a, const imaging::Vec3& b);

// ASCII lower case, for matching ROI and segment names the way users type them.
std::string AsciiLower(std::string_view s);

}  // namespace radfed::dicom
