#include "tests/report/simulated_study.h"

#include <map>

#include "common/model/disclosure_guards.h"
#include "common/study/study_spec.h"
#include "node/cohort/cohort_columns.h"

namespace radfed::testing {

Result<nlohmann::json> SimulateStudy(const std::string& spec_yaml, const SiteTables& tables) {
  RADFED_ASSIGN_OR_RETURN(study::StudySpec spec, study::ParseStudySpec(spec_yaml, "simulated.yaml"));
  const std::map<std::string, cohort::Cohort> cohorts = Cohorts(tables);
  std::vector<std::string> roster;
  for (const auto& [site, cohort] : cohorts) roster.push_back(site);
  std::unique_ptr<study::StudyPlan> plan = study::MakePlan(spec, roster);
  const model::DisclosureGuards guards;
  for (int round = 0; round < 10000; ++round) {
    RADFED_ASSIGN_OR_RETURN(std::optional<study::AggregationTask> task, plan->Next());
    if (!task) {
      nlohmann::json result = plan->Outcome();
      result["study_id"] = "simulated";
      return result;
    }
    std::vector<double> sum(task->length, 0.0);
    std::set<std::string> contributors;
    for (const auto& [site, cohort] : cohorts) {
      if (!task->required_sites.empty() && !task->required_sites.count(site)) continue;
      cohort::CohortColumns columns(&cohort);
      Result<std::vector<double>> v = spec.type == "model"
                                          ? study::ModelContribution(task->task, columns, site, guards)
                                          : study::StatisticsContribution(task->task, columns, guards.min_rows);
      if (!v.ok()) return v.status().WithContext(site);
      for (size_t i = 0; i < sum.size(); ++i) sum[i] += (*v)[i];
      contributors.insert(site);
    }
    RADFED_RETURN_IF_ERROR(plan->Accept(sum, contributors));
  }
  return Status::Internal("simulated study did not finish in 10000 rounds");
}

}  // namespace radfed::testing
