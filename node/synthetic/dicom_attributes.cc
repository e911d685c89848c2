#include "node/synthetic/dicom_attributes.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <cstdio>

namespace radfed::synthetic {

Status CheckDcmtk(const OFCondition& cond, const std::string& what) {
  if (cond.good()) return Status::Ok();
  return Status::IoError(what + ": " + cond.text());
}

std::string MakeUid(uint64_t seed, const std::string& name) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return "2.25." + std::to_string(h >> 1);
}

std::string Decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string JoinDecimals(const std::vector<double>& values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : "\\") + Decimal(v);
  return out;
}

Status PutPatientAndStudy(DcmItem* ds, const Patient& p, const std::string& study_uid, const std::string& frame_uid) {
  char age[8];
  std::snprintf(age, sizeof age, "%03dY", p.age);
  const std::vector<std::pair<DcmTagKey, std::string>> tags = {
      {DCM_PatientName, "Synthetic^" + p.id},
      {DCM_PatientID, p.id},
      {DCM_PatientSex, p.sex == 2 ? "F" : "M"},
      {DCM_PatientAge, age},
      {DCM_StudyInstanceUID, study_uid},
      {DCM_StudyDate, "20240101"},
      {DCM_StudyTime, "120000"},
      {DCM_StudyID, "1"},
      {DCM_AccessionNumber, ""},
      {DCM_ReferringPhysicianName, ""},
      {DCM_FrameOfReferenceUID, frame_uid},
  };
  for (const auto& [key, value] : tags) {
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertString(key, value.c_str()), DcmTag(key).getTagName()));
  }
  return Status::Ok();
}

}  // namespace radfed::synthetic
