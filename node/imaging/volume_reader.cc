#include "node/imaging/volume_reader.h"

namespace radfed::imaging {

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
