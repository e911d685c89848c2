#include "node/radiomics/preprocessing/preprocessing_report.h"

namespace radfed::radiomics {
namespace {

constexpr const char* kAxes[3] = {"x", "y", "z"};

void AddImage(const std::string& step, const ImageDiagnostics& d,
              std::vector<DiagnosticRow>& rows) {
  for (int a = 0; a < 3; ++a)
    rows.push_back(
        {step, std::string("Image dimension ") + kAxes[a], static_cast<double>(d.size[a])});
  for (int a = 0; a < 3; ++a)
    rows.push_back({step, std::string("Voxel dimension ") + kAxes[a], d.spacing[a]});
  rows.push_back({step, "Mean intensity", d.mean});
  rows.push_back({step, "Minimum intensity", d.min});
  rows.push_back({step, "Maximum intensity", d.max});
}

void AddRoi(const std::string& step, const RoiDiagnostics& d, std::vector<DiagnosticRow>& rows) {
  for (int a = 0; a < 3; ++a)
    rows.push_back({step, std::string("Int. mask dimension ") + kAxes[a],
                    static_cast<double>(d.grid_size[a])});
  for (int a = 0; a < 3; ++a)
    rows.push_back({step, std::string("Int. mask bounding box dimension ") + kAxes[a],
                    static_cast<double>(d.intensity_box[a])});
  for (int a = 0; a < 3; ++a)
    rows.push_back({step, std::string("Morph. mask bounding box dimension ") + kAxes[a],
                    static_cast<double>(d.morphological_box[a])});
  rows.push_back({step, "Int. mask voxel count", static_cast<double>(d.intensity_voxels)});
  rows.push_back({step, "Morph. mask voxel count", static_cast<double>(d.morphological_voxels)});
  rows.push_back({step, "Int. mask mean intensity", d.mean});
  rows.push_back({step, "Int. mask minimum intensity", d.min});
  rows.push_back({step, "Int. mask maximum intensity", d.max});
}

}  // namespace

std::vector<DiagnosticRow> DiagnosticRows(const PreprocessingReport& report) {
  std::vector<DiagnosticRow> rows;
  AddImage("initial image", report.initial_image, rows);
  AddImage("interpolated image", report.interpolated_image, rows);
  AddRoi("initial ROI", report.initial_roi, rows);
  AddRoi("interpolated ROI", report.interpolated_roi, rows);
  AddRoi("resegmented ROI", report.resegmented_roi, rows);
  return rows;
}

}  // namespace radfed::radiomics
