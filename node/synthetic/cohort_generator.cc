#include "node/synthetic/cohort_generator.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "node/synthetic/acquisition.h"
#include "node/synthetic/ct_synthesizer.h"
#include "node/synthetic/dicom_writer.h"
#include "node/synthetic/patient_model.h"

namespace radfed::synthetic {

Result<CohortSummary> GenerateCohort(const CohortOptions& options,
                                     const std::function<void(int, int)>& progress) {
  if (options.patients < 1) return Status::InvalidArgument("--patients must be at least 1");
  if (options.out.empty()) return Status::InvalidArgument("--out is required");
  std::error_code ec;
  std::filesystem::create_directories(options.out, ec);
  if (ec) return Status::IoError(options.out.string() + ": " + ec.message());

  const Acquisition acquisition = SiteAcquisition(options.site);
  std::vector<Patient> patients(static_cast<size_t>(options.patients));
  std::vector<Status> errors(patients.size());
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::mutex progress_mu;
  auto worker = [&] {
    for (int i = next++; i < options.patients; i = next++) {
      Patient p = DrawPatient(options.seed, options.site, i);
      Random rng = Random(options.seed).Fork(0xC7).Fork(static_cast<uint64_t>(i));
      SyntheticCt ct = SynthesizeCt(p, acquisition, rng);
      auto written = WriteDicomStudy(options.out / p.id, p, acquisition, ct, options.seed);
      if (!written.ok()) errors[static_cast<size_t>(i)] = written.status();
      patients[static_cast<size_t>(i)] = std::move(p);
      const int finished = ++done;
      if (progress) {
        std::lock_guard lock(progress_mu);
        progress(finished, options.patients);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, options.threads); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (const Status& s : errors) RADFED_RETURN_IF_ERROR(s);

  CohortSummary summary;
  std::ofstream clinical(options.out / "clinical.csv");
  std::ofstream manifest(options.out / "manifest.csv");
  clinical << "patient_id,age,sex,ecog,os_days,os_event,response\n";
  manifest << "case_id,image,mask,roi\n";
  for (const Patient& p : patients) {
    clinical << p.id << "," << p.age << "," << p.sex << "," << p.ecog << "," << p.survival_days << ","
             << p.event << "," << p.response << "\n";
    manifest << p.id << "," << p.id << "/ct," << p.id << (acquisition.segmentation_object ? "/seg.dcm" : "/rtstruct.dcm")
             << ",GTV\n";
    ++summary.patients;
    summary.events += p.event;
    summary.responders += p.response;
  }
  clinical.close();
  manifest.close();
  if (!clinical || !manifest) return Status::IoError(options.out.string() + ": cannot write the cohort tables");
  return summary;
}

}  // namespace radfed::synthetic
