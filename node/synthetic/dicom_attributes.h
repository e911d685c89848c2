// Attribute helpers shared by the synthetic DICOM writers (CT series, RTSTRUCT, SEG).
#pragma once

#include <dcmtk/dcmdata/dcitem.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/synthetic/patient_model.h"

namespace radfed::synthetic {

// OK, or IoError "what: DCMTK's reason".
Status CheckDcmtk(const OFCondition& cond, const std::string& what);

// A deterministic UID under the UUID-derived root 2.25 (ITU-T X.667): the same seed and name give
// the same UID, so regenerating a cohort reproduces identical files.
std::string MakeUid(uint64_t seed, const std::string& name);

// A DICOM decimal string (DS) of `v`, and a backslash-separated list of them.
std::string Decimal(double v);
std::string JoinDecimals(const std::vector<double>& values);

// Patient, general study and frame-of-reference attributes common to every object of a study.
Status PutPatientAndStudy(DcmItem* ds, const Patient& p, const std::string& study_uid, const std::string& frame_uid);

}  // namespace radfed::synthetic
