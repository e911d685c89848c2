#include "node/dicom/pet_suv.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "node/dicom/dicom_file.h"

namespace radfed::dicom {
namespace {

// Seconds since midnight of a DICOM TM value "HHMMSS.FFFFFF" (also the older "HH:MM:SS").
std::optional<double> ParseTime(std::string tm) {
  std::erase(tm, ':');
  if (tm.size() < 2) return std::nullopt;
  for (size_t i = 0; i < tm.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(tm[i])) && tm[i] != '.') return std::nullopt;
  }
  auto field = [&](size_t at) -> double { return tm.size() >= at + 2 && tm[at] != '.' ? std::strtod(tm.substr(at, 2).c_str(), nullptr) : 0; };
  double seconds = field(0) * 3600 + field(2) * 60;
  if (tm.size() > 4 && tm[4] != '.') seconds += std::strtod(tm.substr(4).c_str(), nullptr);
  return seconds;
}

// Days since 1970-01-01 of a DICOM DA value "YYYYMMDD" (civil-from-days inverse).
std::optional<double> ParseDate(const std::string& da) {
  if (da.size() < 8) return std::nullopt;
  for (size_t i = 0; i < 8; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(da[i]))) return std::nullopt;
  }
  int y = std::stoi(da.substr(0, 4));
  const int m = std::stoi(da.substr(4, 2));
  const int d = std::stoi(da.substr(6, 2));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<double>(era) * 146097 + doe - 719468;
}

// Seconds since the epoch of a date and a time.
std::optional<double> DateTime(const std::optional<std::string>& da, const std::optional<std::string>& tm) {
  if (!da || !tm) return std::nullopt;
  const auto days = ParseDate(*da);
  const auto secs = ParseTime(*tm);
  if (!days || !secs) return std::nullopt;
  return *days * 86400 + *secs;
}

}  // namespace

Result<double> SuvBodyWeightFactor(DcmDataset& dataset, const std::filesystem::path& path) {
  const std::string where = path.string() + ": PET SUV: ";
  const std::string units = GetString(dataset, DCM_Units).value_or("");
  if (units == "GML") return 1.0;
  if (units != "BQML") {
    return Status::InvalidArgument(where + "Units is '" + units + "'; only BQML (converted to SUVbw) or GML are supported");
  }
  const auto weight_kg = GetDouble(dataset, DCM_PatientWeight);
  if (!weight_kg || *weight_kg <= 0) return Status::InvalidArgument(where + "PatientWeight missing or not positive");
  DcmItem* radio = nullptr;
  if (dataset.findAndGetSequenceItem(DCM_RadiopharmaceuticalInformationSequence, radio, 0).bad() || radio == nullptr) {
    return Status::InvalidArgument(where + "RadiopharmaceuticalInformationSequence missing");
  }
  const auto dose = GetDouble(*radio, DCM_RadionuclideTotalDose);
  if (!dose || *dose <= 0) return Status::InvalidArgument(where + "RadionuclideTotalDose missing or not positive");
  const std::string correction = GetString(dataset, DCM_DecayCorrection).value_or("");
  double decayed_dose = *dose;
  if (correction == "START") {
    const auto half_life = GetDouble(*radio, DCM_RadionuclideHalfLife);
    if (!half_life || *half_life <= 0) return Status::InvalidArgument(where + "RadionuclideHalfLife missing or not positive");
    const auto series_date = GetString(dataset, DCM_SeriesDate);
    const auto series = DateTime(series_date, GetString(dataset, DCM_SeriesTime));
    if (!series) return Status::InvalidArgument(where + "SeriesDate/SeriesTime missing or malformed");
    std::optional<double> injection;
    if (auto dt = GetString(*radio, DCM_RadiopharmaceuticalStartDateTime); dt && dt->size() >= 8) {
      injection = DateTime(dt->substr(0, 8), dt->size() > 8 ? dt->substr(8) : std::string("000000"));
    } else if (auto t = GetString(*radio, DCM_RadiopharmaceuticalStartTime)) {
      injection = DateTime(series_date, t);
      // An injection "after" the series start on the same date happened the day before.
      if (injection && *injection > *series) *injection -= 86400;
    }
    if (!injection) {
      return Status::InvalidArgument(where + "RadiopharmaceuticalStartDateTime/StartTime missing or malformed");
    }
    const double elapsed = *series - *injection;
    if (elapsed < 0) return Status::InvalidArgument(where + "injection time is after the series start");
    decayed_dose = *dose * std::exp(-std::log(2.0) * elapsed / *half_life);
  } else if (correction != "ADMIN") {
    return Status::InvalidArgument(where + "DecayCorrection is '" + correction +
                                   "'; only START or ADMIN decay-corrected images can be converted");
  }
  return *weight_kg * 1000.0 / decayed_dose;
}

}  // namespace radfed::dicom
