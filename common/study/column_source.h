// ColumnSource: how site-side study code reads the site's data, without knowing about CSV files.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::study {

class ColumnSource {
 public:
  virtual ~ColumnSource() = default;
  virtual size_t row_count() const = 0;
  // The values of a numeric column, NaN where missing. NotFound when the site has no such
  // column; InvalidArgument when it is not numeric.
  virtual Result<std::vector<double>> Numeric(const std::string& name) const = 0;
};

}  // namespace radfed::study
