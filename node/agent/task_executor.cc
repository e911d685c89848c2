#include "node/agent/task_executor.h"

#include "node/cohort/cohort_columns.h"
#include "common/study/model_study.h"
#include "common/study/statistics_study.h"

namespace radfed::node {

Result<std::vector<double>> TaskExecutor::Execute(const nlohmann::json& task) const {
  const std::string kind = task.is_object() && task.contains("kind") && task["kind"].is_string()
                               ? task["kind"].get<std::string>()
                               : "";
  cohort::CohortColumns columns(cohort_);
  if (kind == "statistics") return study::StatisticsContribution(task, columns, guards_.min_rows);
  if (kind == "model") return study::ModelContribution(task, columns, site_, guards_);
  return Status::InvalidArgument("this node does not know tasks of kind '" + kind +
                                 "'; upgrade radfed-node");
}

}  // namespace radfed::node
