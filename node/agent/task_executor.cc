#include "node/agent/task_executor.h"

#include "common/study/column_source.h"
#include "common/study/statistics_study.h"

namespace radfed::node {
namespace {

class CohortColumns : public study::ColumnSource {
 public:
  explicit CohortColumns(const cohort::Cohort* cohort) : cohort_(cohort) {}
  size_t row_count() const override { return cohort_->row_count(); }
  Result<std::vector<double>> Numeric(const std::string& name) const override {
    RADFED_ASSIGN_OR_RETURN(cohort::NumericColumn column, cohort_->Numeric(name));
    return std::move(column.values);
  }

 private:
  const cohort::Cohort* cohort_;
};

}  // namespace

Result<std::vector<double>> TaskExecutor::Execute(const nlohmann::json& task) const {
  const std::string kind = task.is_object() && task.contains("kind") && task["kind"].is_string()
                               ? task["kind"].get<std::string>()
                               : "";
  CohortColumns columns(cohort_);
  if (kind == "statistics") return study::StatisticsContribution(task, columns, guards_.min_rows);
  return Status::InvalidArgument("this node does not know tasks of kind '" + kind +
                                 "'; upgrade radfed-node");
}

}  // namespace radfed::node
