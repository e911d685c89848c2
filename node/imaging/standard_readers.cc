#include "node/imaging/standard_readers.h"

#include "node/dicom/dicom_series_reader.h"
#include "node/dicom/rtstruct_reader.h"
#include "node/dicom/seg_reader.h"
#include "node/imaging/nifti_reader.h"
#include "node/imaging/nrrd_reader.h"

namespace radfed::imaging {

ReaderSet StandardReaders() {
  ReaderSet set;
  set.Add(std::make_unique<NiftiReader>());
  set.Add(std::make_unique<NrrdReader>());
  // The object-specific DICOM readers sniff the SOP class, so they go before the series reader,
  // which accepts any directory or DICOM file.
  set.Add(std::make_unique<dicom::RtStructReader>());
  set.Add(std::make_unique<dicom::SegReader>());
  set.Add(std::make_unique<dicom::DicomSeriesReader>());
  return set;
}

}  // namespace radfed::imaging
