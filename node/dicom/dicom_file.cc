#include "node/dicom/dicom_file.h"

#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include "node/imaging/volume_reader.h"

namespace radfed::dicom {

static_assert(std::endian::native == std::endian::little,
              "pixel decoding assumes DCMTK's host byte order is little endian");

void InitDcmtk() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    // Writers store values longer than 64 KiB (e.g. the ContourData of a detailed contour) as UN
    // in explicit VR files; reading them with their dictionary VR makes them usable again.
    dcmEnableUnknownVRConversion.set(OFTrue);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

Result<std::unique_ptr<DcmFileFormat>> LoadDicomFile(const std::filesystem::path& path) {
  InitDcmtk();
  auto file = std::make_unique<DcmFileFormat>();
  const OFCondition status = file->loadFile(path.c_str());
  if (status.bad()) {
    return Status::InvalidArgument(path.string() + ": not a readable DICOM file (" + status.text() + ")");
  }
  return file;
}

bool HasPart10SopClass(const std::filesystem::path& path, const std::string& sop_class_uid) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.size() < 132 || head.compare(128, 4, "DICM") != 0) return false;
  // Walk the meta header (always explicit VR little endian) to (0002,0002) and compare its whole
  // value, so that neither a longer UID with the same prefix nor an even-length UID followed
  // directly by the next element is misjudged.
  auto u16 = [&](size_t at) {
    return static_cast<unsigned>(static_cast<uint8_t>(head[at])) | static_cast<unsigned>(static_cast<uint8_t>(head[at + 1])) << 8;
  };
  size_t at = 132;
  while (at + 8 <= head.size() && u16(at) == 0x0002) {
    const unsigned element = u16(at + 2);
    const std::string vr = head.substr(at + 4, 2);
    size_t length = 0;
    size_t value = 0;
    if (vr == "OB" || vr == "OW" || vr == "UN" || vr == "SQ" || vr == "UT") {
      if (at + 12 > head.size()) return false;
      length = u16(at + 8) | static_cast<size_t>(u16(at + 10)) << 16;
      value = at + 12;
    } else {
      length = u16(at + 6);
      value = at + 8;
    }
    if (length > head.size() || value + length > head.size()) return false;
    if (element == 0x0002) {
      std::string uid = head.substr(value, length);
      while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' ')) uid.pop_back();
      return uid == sop_class_uid;
    }
    at = value + length;
  }
  return false;
}

std::optional<std::string> GetString(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad() || value.empty()) return std::nullopt;
  std::string s(value.c_str());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  size_t b = 0;
  while (b < s.size() && s[b] == ' ') ++b;
  s.erase(0, b);
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<double> GetDouble(DcmItem& item, const DcmTagKey& tag, unsigned long pos) {
  Float64 value = 0;
  if (item.findAndGetFloat64(tag, value, pos).bad() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long> GetInt(DcmItem& item, const DcmTagKey& tag) {
  long value = 0;
  if (item.findAndGetLongInt(tag, value).bad()) return std::nullopt;
  return value;
}

std::vector<double> GetDoubles(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element).bad() || element == nullptr) return {};
  std::vector<double> values;
  const unsigned long n = element->getVM();
  values.reserve(n);
  for (unsigned long i = 0; i < n; ++i) {
    Float64 v = 0;
    if (element->getFloat64(v, i).bad() || !std::isfinite(v)) return {};
    values.push_back(v);
  }
  return values;
}

std::vector<DcmItem*> GetItems(DcmItem& item, const DcmTagKey& sequence) {
  DcmSequenceOfItems* seq = nullptr;
  std::vector<DcmItem*> items;
  if (item.findAndGetSequence(sequence, seq).bad() || seq == nullptr) return items;
  for (unsigned long i = 0; i < seq->card(); ++i) items.push_back(seq->getItem(i));
  return items;
}

DcmItem* FindFunctionalGroup(DcmItem* per_frame, DcmItem* shared, const DcmTagKey& macro) {
  for (DcmItem* group : {per_frame, shared}) {
    if (group == nullptr) continue;
    DcmItem* found = nullptr;
    if (group->findAndGetSequenceItem(macro, found, 0).good() && found != nullptr) return found;
  }
  return nullptr;
}

Result<PixelLayout> ReadPixelLayout(DcmDataset& dataset, const std::filesystem::path& path) {
  const std::string where = path.string() + ": ";
  PixelLayout layout;
  const auto rows = GetInt(dataset, DCM_Rows);
  const auto columns = GetInt(dataset, DCM_Columns);
  const auto bits = GetInt(dataset, DCM_BitsAllocated);
  if (!rows || !columns || !bits || *rows <= 0 || *columns <= 0) {
    return Status::InvalidArgument(where + "Rows, Columns or BitsAllocated missing or not positive");
  }
  const long samples = GetInt(dataset, DCM_SamplesPerPixel).value_or(1);
  if (samples != 1) {
    return Status::InvalidArgument(where + "colour images (SamplesPerPixel " + std::to_string(samples) +
                                   ") are not supported; radiomics needs one value per voxel");
  }
  layout.rows = *rows;
  layout.columns = *columns;
  layout.frames = GetInt(dataset, DCM_NumberOfFrames).value_or(1);
  if (layout.frames < 1) return Status::InvalidArgument(where + "NumberOfFrames is not positive");
  layout.bits_allocated = static_cast<int>(*bits);
  if (layout.bits_allocated != 1 && layout.bits_allocated != 8 && layout.bits_allocated != 16 &&
      layout.bits_allocated != 32) {
    return Status::InvalidArgument(where + "unsupported BitsAllocated " + std::to_string(*bits));
  }
  layout.bits_stored = static_cast<int>(GetInt(dataset, DCM_BitsStored).value_or(layout.bits_allocated));
  if (layout.bits_stored < 1 || layout.bits_stored > layout.bits_allocated) layout.bits_stored = layout.bits_allocated;
  layout.high_bit = static_cast<int>(GetInt(dataset, DCM_HighBit).value_or(layout.bits_stored - 1));
  if (layout.high_bit < layout.bits_stored - 1 || layout.high_bit >= layout.bits_allocated) {
    layout.high_bit = layout.bits_stored - 1;
  }
  layout.is_signed = GetInt(dataset, DCM_PixelRepresentation).value_or(0) == 1;
  // Guard against absurd headers before anything is allocated (as for NIfTI/NRRD), dividing so
  // that a NumberOfFrames of up to 12 digits cannot overflow the product.
  if (layout.frames > imaging::kMaxVoxels / (layout.rows * layout.columns)) {
    return Status::InvalidArgument(where + "image of " + std::to_string(layout.rows) + "x" +
                                   std::to_string(layout.columns) + "x" + std::to_string(layout.frames) +
                                   " pixels is too large");
  }
  return layout;
}

Result<const uint8_t*> PixelBytes(DcmDataset& dataset, const PixelLayout& layout,
                                  const std::filesystem::path& path) {
  const std::string where = path.string() + ": ";
  const E_TransferSyntax original = dataset.getOriginalXfer();
  DcmXfer xfer(original);
  if (xfer.isEncapsulated()) {
    const OFCondition status = dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (status.bad() || !dataset.canWriteXfer(EXS_LittleEndianExplicit)) {
      return Status::InvalidArgument(where + "cannot decompress pixel data in transfer syntax " +
                                     xfer.getXferName() + " (" + status.text() + ")");
    }
  }
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
    return Status::InvalidArgument(where + "no PixelData");
  }
  Uint8* bytes = nullptr;
  if (element->getUint8Array(bytes).bad() || bytes == nullptr) {
    return Status::InvalidArgument(where + "PixelData cannot be read");
  }
  const int64_t pixels = layout.rows * layout.columns * layout.frames;
  const int64_t needed = layout.bits_allocated == 1 ? (pixels + 7) / 8 : pixels * (layout.bits_allocated / 8);
  const int64_t have = element->getLength();
  // Exactly, not at least: a header edited or written wrong (16-bit data labelled BitsAllocated 8)
  // still covers its pixels and would be decoded into wrong intensities. DICOM pads odd lengths
  // with one byte.
  if (have != needed && have != needed + needed % 2) {
    return Status::InvalidArgument(
        where + "PixelData has " + std::to_string(have) + " bytes, but Rows " + std::to_string(layout.rows) +
        " x Columns " + std::to_string(layout.columns) + " x NumberOfFrames " + std::to_string(layout.frames) +
        " x SamplesPerPixel 1 at BitsAllocated " + std::to_string(layout.bits_allocated) + " need " +
        std::to_string(needed) + (needed % 2 != 0 ? " (or one more for padding)" : ""));
  }
  return static_cast<const uint8_t*>(bytes);
}

double StoredValue(const uint8_t* bytes, const PixelLayout& layout, int64_t index) {
  uint32_t raw = 0;
  switch (layout.bits_allocated) {
    case 8: raw = bytes[index]; break;
    case 16: {
      uint16_t v;
      std::memcpy(&v, bytes + 2 * index, 2);
      raw = v;
      break;
    }
    case 32: std::memcpy(&raw, bytes + 4 * index, 4); break;
    default: return ((bytes[index / 8] >> (index % 8)) & 1u) != 0 ? 1.0 : 0.0;
  }
  const int shift = layout.high_bit + 1 - layout.bits_stored;
  raw >>= shift;
  const uint64_t mask = (uint64_t{1} << layout.bits_stored) - 1;
  uint64_t value = raw & mask;
  if (layout.is_signed && (value >> (layout.bits_stored - 1)) != 0) {
    return static_cast<double>(static_cast<int64_t>(value) - static_cast<int64_t>(mask) - 1);
  }
  return static_cast<double>(value);
}

double Dot(const imaging::Vec3& a, const imaging::Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<Orientation> ParseOrientation(const std::vector<double>& iop, const std::string& where) {
  if (iop.size() != 6) {
    return Status::InvalidArgument(where + ": ImageOrientationPatient missing or not six numbers");
  }
  Orientation o;
  o.row = {iop[0], iop[1], iop[2]};
  o.column = {iop[3], iop[4], iop[5]};
  // Exported values are often rounded; accept small deviations and renormalise.
  for (auto* v : {&o.row, &o.column}) {
    const double norm = std::sqrt(Dot(*v, *v));
    if (std::abs(norm - 1) > 1e-2) {
      return Status::InvalidArgument(where + ": ImageOrientationPatient vectors are not unit length");
    }
    for (double& c : *v) c /= norm;
  }
  if (std::abs(Dot(o.row, o.column)) > 1e-2) {
    return Status::InvalidArgument(where + ": ImageOrientationPatient vectors are not orthogonal");
  }
  o.normal = {o.row[1] * o.column[2] - o.row[2] * o.column[1], o.row[2] * o.column[0] - o.row[0] * o.column[2],
              o.row[0] * o.column[1] - o.row[1] * o.column[0]};
  const double n = std::sqrt(Dot(o.normal, o.normal));
  for (double& c : o.normal) c /= n;
  return o;
}

}  // namespace radfed::dicom
