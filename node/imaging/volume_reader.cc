#include "node/imaging/volume_reader.h"

#include <cmath>
#include <cstdio>

namespace radfed::imaging {

Status CheckHeaderGeometry(const Grid& grid, const std::filesystem::path& path) {
  const std::string size = std::to_string(grid.size[0]) + "x" + std::to_string(grid.size[1]) + "x" +
                           std::to_string(grid.size[2]);
  for (int64_t s : grid.size) {
    if (s < 1) return Status::InvalidArgument(path.string() + ": invalid size " + size + " voxels");
  }
  if (grid.voxel_count() > kMaxVoxels) {  // voxel_count saturates instead of overflowing
    return Status::InvalidArgument(path.string() + ": " + size + " voxels are more than the " +
                                   std::to_string(kMaxVoxels) + " a volume may have");
  }
  for (int a = 0; a < 3; ++a) {
    const double s = grid.spacing[a];
    if (!(std::isfinite(s) && s > 0 && s <= kMaxSpacingMm)) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", s);
      return Status::InvalidArgument(path.string() + ": voxel spacing " + text + " mm along axis " +
                                     std::to_string(a) + " is not a positive number of at most 1e6 mm");
    }
  }
  for (double o : grid.origin) {
    if (!std::isfinite(o)) return Status::InvalidArgument(path.string() + ": origin is not finite");
  }
  return Status::Ok();
}

Result<const VolumeReader*> ReaderSet::Find(const std::filesystem::path& path) const {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path.string() + ": no such file or directory");
  }
  for (const auto& reader : readers_) {
    if (reader->CanRead(path)) return reader.get();
  }
  std::string known;
  for (const auto& reader : readers_) {
    if (!known.empty()) known += ", ";
    known += reader->name();
  }
  return Status::InvalidArgument(path.string() + ": not a recognised image or mask format (known: " +
                                 known + ")");
}

Result<Image> ReaderSet::ReadImage(const std::filesystem::path& path) const {
  RADFED_ASSIGN_OR_RETURN(const VolumeReader* reader, Find(path));
  return reader->ReadImage(path);
}

Result<Mask> ReaderSet::ReadMask(const std::filesystem::path& path, std::string_view roi,
                                 const Grid& reference) const {
  RADFED_ASSIGN_OR_RETURN(const VolumeReader* reader, Find(path));
  return reader->ReadMask(path, roi, reference);
}

}  // namespace radfed::imaging
