#include "common/model/standardization.h"

namespace radfed::model {

Eigen::MatrixXd BackTransform(ModelType type, const std::vector<double>& mean, const std::vector<double>& sd) {
  const size_t terms = mean.size();
  const size_t offset = type == ModelType::kLogistic ? 1 : 0;
  const auto p = static_cast<Eigen::Index>(terms + offset);
  Eigen::MatrixXd j = Eigen::MatrixXd::Zero(p, p);
  if (offset) j(0, 0) = 1;
  for (size_t t = 0; t < terms; ++t) {
    const auto k = static_cast<Eigen::Index>(t + offset);
    j(k, k) = 1 / sd[t];
    if (offset) j(0, k) = -mean[t] / sd[t];
  }
  return j;
}

}  // namespace radfed::model
