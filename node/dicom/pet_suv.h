// PET standardised uptake value, body-weight normalisation (SUVbw):
//
//   SUVbw = activity concentration [Bq/ml] * body weight [g] / injected activity at scan time [Bq]
//
// The injected activity (RadionuclideTotalDose, Radiopharmaceutical Information Sequence) is
// decayed with RadionuclideHalfLife from the injection (RadiopharmaceuticalStartDateTime, or
// RadiopharmaceuticalStartTime on the series date) to the series start (SeriesDate/SeriesTime)
// when DecayCorrection is START, and used as is when it is ADMIN (images already corrected to
// the injection time). Units must be BQML; GML means the values already are SUVbw (factor 1).
// Anything else (counts, uncorrected images, missing weight or dose) is an error naming the
// missing attribute, because an unnormalised PET image gives site-dependent radiomics.
#pragma once

#include <filesystem>

#include <dcmtk/dcmdata/dcdatset.h>

#include "common/status.h"

namespace radfed::dicom {

// The factor that turns the rescaled pixel values of a PET object into SUVbw.
Result<double> SuvBodyWeightFactor(DcmDataset& dataset, const std::filesystem::path& path);

}  // namespace radfed::dicom
