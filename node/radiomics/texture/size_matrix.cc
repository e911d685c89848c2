#include "node/radiomics/texture/size_matrix.h"

#include <cmath>
#include <string>

#include "node/radiomics/texture/aggregation.h"

namespace radfed::radiomics {

void SizeMatrix::Add(int32_t level, int64_t size, double count) {
  counts_[{size, level}] += count;
  total_ += count;
}

void SizeMatrix::Merge(const SizeMatrix& other) {
  for (const auto& [key, count] : other.counts_) counts_[key] += count;
  total_ += other.total_;
  num_voxels_ += other.num_voxels_;
}

double SizeMatrix::At(int32_t level, int64_t size) const {
  const auto it = counts_.find({size, level});
  return it == counts_.end() ? 0.0 : it->second;
}

template <typename Weight>
double SizeMatrix::Emphasis(Weight weight) const {
  if (total_ <= 0) return NAN;
  double sum = 0;
  for (const auto& [key, count] : counts_) {
    sum += count * weight(static_cast<double>(key.second), static_cast<double>(key.first));
  }
  return sum / total_;
}

double SizeMatrix::SmallEmphasis() const {
  return Emphasis([](double, double j) { return 1 / (j * j); });
}

double SizeMatrix::LargeEmphasis() const {
  return Emphasis([](double, double j) { return j * j; });
}

double SizeMatrix::LowGreyEmphasis() const {
  return Emphasis([](double i, double) { return 1 / (i * i); });
}

double SizeMatrix::HighGreyEmphasis() const {
  return Emphasis([](double i, double) { return i * i; });
}

double SizeMatrix::SmallLowGreyEmphasis() const {
  return Emphasis([](double i, double j) { return 1 / (i * i * j * j); });
}

double SizeMatrix::SmallHighGreyEmphasis() const {
  return Emphasis([](double i, double j) { return i * i / (j * j); });
}

double SizeMatrix::LargeLowGreyEmphasis() const {
  return Emphasis([](double i, double j) { return j * j / (i * i); });
}

double SizeMatrix::LargeHighGreyEmphasis() const {
  return Emphasis([](double i, double j) { return i * i * j * j; });
}

double SizeMatrix::GreyNonUniformity() const {
  if (total_ <= 0) return NAN;
  std::map<int32_t, double> rows;
  for (const auto& [key, count] : counts_) rows[key.second] += count;
  double sum = 0;
  for (const auto& [level, row] : rows) sum += row * row;
  return sum / total_;
}

double SizeMatrix::GreyNonUniformityNorm() const { return GreyNonUniformity() / total_; }

double SizeMatrix::SizeNonUniformity() const {
  if (total_ <= 0) return NAN;
  double sum = 0;
  // counts_ is ordered by size first, so each column is a run of consecutive entries.
  for (auto it = counts_.begin(); it != counts_.end();) {
    const int64_t size = it->first.first;
    double column = 0;
    for (; it != counts_.end() && it->first.first == size; ++it) column += it->second;
    sum += column * column;
  }
  return sum / total_;
}

double SizeMatrix::SizeNonUniformityNorm() const { return SizeNonUniformity() / total_; }

double SizeMatrix::Percentage() const {
  if (total_ <= 0 || num_voxels_ <= 0) return NAN;
  return total_ / static_cast<double>(num_voxels_);
}

double SizeMatrix::GreyVariance() const {
  const double mean = Emphasis([](double i, double) { return i; });
  return Emphasis([mean](double i, double) { return (i - mean) * (i - mean); });
}

double SizeMatrix::SizeVariance() const {
  const double mean = Emphasis([](double, double j) { return j; });
  return Emphasis([mean](double, double j) { return (j - mean) * (j - mean); });
}

double SizeMatrix::Entropy() const {
  if (total_ <= 0) return NAN;
  double sum = 0;
  for (const auto& [key, count] : counts_) {
    const double p = count / total_;
    if (p > 0) sum -= p * std::log2(p);
  }
  return sum;
}

double SizeMatrix::Energy() const {
  if (total_ <= 0) return NAN;
  double sum = 0;
  for (const auto& [key, count] : counts_) sum += (count / total_) * (count / total_);
  return sum;
}

std::vector<double> EvaluateSizeFeatures(const SizeMatrix& matrix,
                                         std::span<const SizeFeature> features) {
  std::vector<double> values;
  values.reserve(features.size());
  for (const auto& feature : features) values.push_back((matrix.*feature.compute)());
  return values;
}

std::vector<SizeMatrix> EmptySizeMatrices(const TextureInput& input, bool slice_wise) {
  const int64_t slice_voxels = input.size[0] * input.size[1];
  std::vector<int64_t> voxels(slice_wise ? static_cast<size_t>(input.size[2]) : 1, 0);
  for (size_t v = 0; v < input.grey.size(); ++v) {
    if (input.grey[v] > 0) ++voxels[slice_wise ? v / static_cast<size_t>(slice_voxels) : 0];
  }
  std::vector<SizeMatrix> matrices;
  matrices.reserve(voxels.size());
  for (const int64_t n : voxels) matrices.emplace_back(n);
  return matrices;
}

namespace {

void Write(std::string_view family, std::string_view aggregation,
           std::span<const SizeFeature> features, const std::vector<double>& values,
           FeatureList& out) {
  FamilyWriter writer(out, std::string(family), std::string(aggregation));
  for (size_t f = 0; f < features.size(); ++f) {
    writer.Add(features[f].name, features[f].ibsi_id, values[f]);
  }
}

}  // namespace

void ComputeSizeFamily(const TextureInput& input, const ExtractionParams& params,
                       std::string_view family, std::span<const SizeFeature> features,
                       SizeMatrixBuilder build, FeatureList& out) {
  const auto& dims = params.texture_dimensions;
  if (dims.contains(TextureDimension::k2D) || dims.contains(TextureDimension::k2_5D)) {
    const std::vector<SizeMatrix> slices = build(input, params, /*slice_wise=*/true);
    if (dims.contains(TextureDimension::k2D)) {
      std::vector<std::vector<double>> per_slice;
      for (const auto& slice : slices) {
        // A slice whose voxels were all re-segmented away has no texture to average in.
        if (slice.total() > 0) per_slice.push_back(EvaluateSizeFeatures(slice, features));
      }
      std::vector<double> mean = FeatureMean(per_slice);
      if (mean.empty()) mean.assign(features.size(), NAN);
      Write(family, kAggregation2D, features, mean, out);
    }
    if (dims.contains(TextureDimension::k2_5D)) {
      SizeMatrix merged;
      for (const auto& slice : slices) merged.Merge(slice);
      Write(family, kAggregation2_5D, features, EvaluateSizeFeatures(merged, features), out);
    }
  }
  if (dims.contains(TextureDimension::k3D)) {
    const std::vector<SizeMatrix> volume = build(input, params, /*slice_wise=*/false);
    const SizeMatrix empty;
    Write(family, kAggregation3D, features,
          EvaluateSizeFeatures(volume.empty() ? empty : volume.front(), features), out);
  }
}

}  // namespace radfed::radiomics
