#include "node/imaging/nifti_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace radfed::imaging {
namespace {

constexpr size_t kHeaderSize = 348;

// Reads a whole file, inflating gzip transparently (zlib's gz functions read plain files too).
Result<std::string> ReadMaybeGzip(const std::filesystem::path& path, size_t limit) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return Status::NotFound(path.string() + ": cannot open file");
  std::string data;
  char buf[1 << 16];
  for (;;) {
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      const std::string message = gzerror(f, &err);
      gzclose(f);
      return Status::InvalidArgument(path.string() + ": corrupt compressed data (" + message + ")");
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > limit) {
      gzclose(f);
      return Status::InvalidArgument(path.string() + ": larger than any volume radfed reads");
    }
  }
  gzclose(f);
  return data;
}

template <typename T>
T Get(const std::string& data, size_t offset, bool swap) {
  T v;
  std::memcpy(&v, data.data() + offset, sizeof v);
  if (swap) {
    unsigned char* b = reinterpret_cast<unsigned char*>(&v);
    std::reverse(b, b + sizeof v);
  }
  return v;
}

struct NiftiFile {
  Grid grid;
  Volume<double> values;
};

Result<NiftiFile> ParseNifti(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(std::string data, ReadMaybeGzip(path, static_cast<size_t>(kMaxVoxels) * 8 + 1024));
  if (data.size() < kHeaderSize) return Status::InvalidArgument(path.string() + ": too short for a NIfTI-1 header");
  bool swap = false;
  if (Get<int32_t>(data, 0, false) != 348) {
    if (Get<int32_t>(data, 0, true) != 348) return Status::InvalidArgument(path.string() + ": not a NIfTI-1 file");
    swap = true;
  }
  if (std::memcmp(data.data() + 344, "n+1\0", 4) != 0) {
    return Status::InvalidArgument(path.string() + ": not a single-file NIfTI-1 (.nii) image");
  }
  int16_t dim[8];
  for (int i = 0; i < 8; ++i) dim[i] = Get<int16_t>(data, 40 + 2 * static_cast<size_t>(i), swap);
  if (dim[0] < 2 || dim[0] > 7) return Status::InvalidArgument(path.string() + ": invalid number of dimensions " + std::to_string(dim[0]));
  Grid g;
  for (int a = 0; a < 3; ++a) g.size[a] = a < dim[0] ? dim[a + 1] : 1;
  for (int a = 4; a <= dim[0]; ++a) {
    if (dim[a] > 1) return Status::InvalidArgument(path.string() + ": has more than one volume (dimension " + std::to_string(a) + " is " + std::to_string(dim[a]) + ")");
  }
  const int16_t datatype = Get<int16_t>(data, 70, swap);
  float pixdim[8];
  for (int i = 0; i < 8; ++i) pixdim[i] = Get<float>(data, 76 + 4 * static_cast<size_t>(i), swap);
  const float vox_offset = Get<float>(data, 108, swap);
  const float slope = Get<float>(data, 112, swap), intercept = Get<float>(data, 116, swap);
  const int16_t qform = Get<int16_t>(data, 252, swap), sform = Get<int16_t>(data, 254, swap);

  // Affine (RAS), column a = world step of axis a.
  double m[3][4] = {};
  if (sform > 0) {
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) m[r][c] = Get<float>(data, 280 + 16 * static_cast<size_t>(r) + 4 * static_cast<size_t>(c), swap);
  } else if (qform > 0) {
    const double b = Get<float>(data, 256, swap), c = Get<float>(data, 260, swap), d = Get<float>(data, 264, swap);
    const double a = std::sqrt(std::max(0.0, 1.0 - (b * b + c * c + d * d)));
    const double qfac = pixdim[0] < 0 ? -1.0 : 1.0;
    const double rot[3][3] = {{a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
                              {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
                              {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
    const double step[3] = {pixdim[1], pixdim[2], qfac * pixdim[3]};
    for (int r = 0; r < 3; ++r) {
      for (int col = 0; col < 3; ++col) m[r][col] = rot[r][col] * step[col];
      m[r][3] = Get<float>(data, 268 + 4 * static_cast<size_t>(r), swap);
    }
  } else {
    for (int a = 0; a < 3; ++a) m[a][a] = pixdim[a + 1] > 0 ? pixdim[a + 1] : 1.0;
  }
  for (int a = 0; a < 3; ++a) {
    const double len = std::sqrt(m[0][a] * m[0][a] + m[1][a] * m[1][a] + m[2][a] * m[2][a]);
    if (!(len > 0) || !std::isfinite(len)) return Status::InvalidArgument(path.string() + ": degenerate orientation matrix");
    g.spacing[a] = len;
    // RAS -> LPS: negate x and y.
    g.direction[a] = {-m[0][a] / len, -m[1][a] / len, m[2][a] / len};
  }
  g.origin = {-m[0][3], -m[1][3], m[2][3]};
  RADFED_RETURN_IF_ERROR(CheckHeaderGeometry(g, path));

  size_t bytes = 0;
  switch (datatype) {
    case 2: case 256: bytes = 1; break;          // uint8, int8
    case 4: case 512: bytes = 2; break;          // int16, uint16
    case 8: case 768: case 16: bytes = 4; break; // int32, uint32, float32
    case 64: case 1024: case 1280: bytes = 8; break;  // float64, int64, uint64
    default: return Status::InvalidArgument(path.string() + ": unsupported NIfTI data type " + std::to_string(datatype));
  }
  // vox_offset is a float: checked before the conversion, since a negative or huge one does not
  // convert to a size_t (in practice it wrapped the bounds check below; found by fuzzing).
  if (!(vox_offset >= static_cast<float>(kHeaderSize) && vox_offset <= static_cast<float>(data.size()))) {
    return Status::InvalidArgument(path.string() + ": voxel data offset " + std::to_string(vox_offset) +
                                   " is not within the file (" + std::to_string(data.size()) + " bytes)");
  }
  const size_t offset = static_cast<size_t>(vox_offset);
  const size_t count = static_cast<size_t>(g.voxel_count());
  if (data.size() - offset < count * bytes) {
    return Status::InvalidArgument(path.string() + ": truncated voxel data (" + std::to_string(data.size()) + " bytes, need " +
                                   std::to_string(offset + count * bytes) + ")");
  }
  NiftiFile out;
  out.grid = g;
  out.values = Volume<double>(g);
  const bool scale = slope != 0 && std::isfinite(slope) && std::isfinite(intercept);
  for (size_t i = 0; i < count; ++i) {
    const size_t at = offset + i * bytes;
    double v = 0;
    switch (datatype) {
      case 2: v = Get<uint8_t>(data, at, false); break;
      case 256: v = Get<int8_t>(data, at, false); break;
      case 4: v = Get<int16_t>(data, at, swap); break;
      case 512: v = Get<uint16_t>(data, at, swap); break;
      case 8: v = Get<int32_t>(data, at, swap); break;
      case 768: v = Get<uint32_t>(data, at, swap); break;
      case 16: v = Get<float>(data, at, swap); break;
      case 64: v = Get<double>(data, at, swap); break;
      case 1024: v = static_cast<double>(Get<int64_t>(data, at, swap)); break;
      case 1280: v = static_cast<double>(Get<uint64_t>(data, at, swap)); break;
    }
    out.values.voxels[i] = scale ? v * slope + intercept : v;
  }
  return out;
}

}  // namespace

bool NiftiReader::CanRead(const std::filesystem::path& path) const {
  const std::string name = path.filename().string();
  auto ends_with = [&](const std::string& suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".nii") || ends_with(".nii.gz");
}

Result<Image> NiftiReader::ReadImage(const std::filesystem::path& path) const {
  RADFED_ASSIGN_OR_RETURN(NiftiFile p, ParseNifti(path));
  Image image(p.grid);
  for (size_t i = 0; i < image.voxels.size(); ++i) image.voxels[i] = static_cast<float>(p.values.voxels[i]);
  return image;
}

Result<Mask> NiftiReader::ReadMask(const std::filesystem::path& path, std::string_view roi,
                                   const Grid& reference) const {
  RADFED_ASSIGN_OR_RETURN(NiftiFile p, ParseNifti(path));
  return LabelMapToMask(p.values, roi, reference, path);
}

Result<Mask> LabelMapToMask(const Volume<double>& labels, std::string_view roi, const Grid& reference,
                            const std::filesystem::path& path) {
  if (!labels.grid.SameGeometry(reference, 1e-3 * std::max({reference.spacing[0], reference.spacing[1], reference.spacing[2], 1.0}))) {
    return Status::InvalidArgument(path.string() + ": the mask's grid (" + labels.grid.Describe() +
                                   ") does not match the image's (" + reference.Describe() + ")");
  }
  double label = 0;
  const bool any = roi.empty();
  if (!any) {
    try {
      size_t used = 0;
      label = std::stod(std::string(roi), &used);
      if (used != roi.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      return Status::InvalidArgument(path.string() + ": label maps select an ROI by label number; '" + std::string(roi) +
                                     "' is not a number");
    }
  }
  Mask mask(reference, 0);
  size_t selected = 0;
  for (size_t i = 0; i < mask.voxels.size(); ++i) {
    const double v = labels.voxels[i];
    const bool in = any ? (v != 0 && !std::isnan(v)) : v == label;
    mask.voxels[i] = in;
    selected += in;
  }
  if (selected == 0) {
    return Status::InvalidArgument(path.string() + (any ? ": the mask is empty" : ": no voxel has label " + std::string(roi)));
  }
  return mask;
}

}  // namespace radfed::imaging
