#include "node/imaging/standard_readers.h"

#include "node/imaging/nifti_reader.h"
#include "node/imaging/nrrd_reader.h"

namespace radfed::imaging {

ReaderSet StandardReaders() {
  ReaderSet set;
  set.Add(std::make_unique<NiftiReader>());
  set.Add(std::make_unique<NrrdReader>());
  return set;
}

}  // namespace radfed::imaging
