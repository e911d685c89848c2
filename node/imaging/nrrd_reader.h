// NrrdReader: NRRD images and label maps (.nrrd with attached data, or .nhdr with a detached data
// file), raw or gzip encoded, little or big endian, in LPS or RAS space.
#pragma once

#include "node/imaging/volume_reader.h"

namespace radfed::imaging {

class NrrdReader final : public VolumeReader {
 public:
  std::string_view name() const override { return "NRRD"; }
  bool CanRead(const std::filesystem::path& path) const override;
  Result<Image> ReadImage(const std::filesystem::path& path) const override;
  Result<Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                        const Grid& reference) const override;
};

}  // namespace radfed::imaging
