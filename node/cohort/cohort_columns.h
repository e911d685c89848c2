// CohortColumns: the ColumnSource view of a site's cohort that study code reads.
#pragma once

#include "common/study/column_source.h"
#include "node/cohort/cohort.h"

namespace radfed::cohort {

class CohortColumns final : public study::ColumnSource {
 public:
  // `cohort` must outlive this view.
  explicit CohortColumns(const Cohort* cohort) : cohort_(cohort) {}
  size_t row_count() const override { return cohort_->row_count(); }
  Result<std::vector<double>> Numeric(const std::string& name) const override {
    RADFED_ASSIGN_OR_RETURN(NumericColumn column, cohort_->Numeric(name));
    return std::move(column.values);
  }

 private:
  const Cohort* cohort_;
};

}  // namespace radfed::cohort
