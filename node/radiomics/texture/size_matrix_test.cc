#include "node/radiomics/texture/size_matrix.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

// Counts (level, size): (1, 1) twice, (2, 3) once, (3, 1) once, from 10 voxels. Every expected
// value below is worked out by hand from these four counts (N_s = 4).
SizeMatrix HandMatrix() {
  SizeMatrix m(10);
  m.Add(1, 1);
  m.Add(2, 3);
  m.Add(1, 1);
  m.Add(3, 1);
  return m;
}

TEST(SizeMatrixTest, CountsAndTotals) {
  const SizeMatrix m = HandMatrix();
  EXPECT_EQ(m.total(), 4);
  EXPECT_EQ(m.num_voxels(), 10);
  EXPECT_EQ(m.At(1, 1), 2);
  EXPECT_EQ(m.At(2, 3), 1);
  EXPECT_EQ(m.At(2, 1), 0);
}

TEST(SizeMatrixTest, EmphasesMatchHandValues) {
  const SizeMatrix m = HandMatrix();
  EXPECT_DOUBLE_EQ(m.SmallEmphasis(), (2 + 1.0 / 9 + 1) / 4);
  EXPECT_DOUBLE_EQ(m.LargeEmphasis(), (2 + 9 + 1) / 4.0);
  EXPECT_DOUBLE_EQ(m.LowGreyEmphasis(), (2 + 1.0 / 4 + 1.0 / 9) / 4);
  EXPECT_DOUBLE_EQ(m.HighGreyEmphasis(), (2 + 4 + 9) / 4.0);
  EXPECT_DOUBLE_EQ(m.SmallLowGreyEmphasis(), (2 + 1.0 / 36 + 1.0 / 9) / 4);
  EXPECT_DOUBLE_EQ(m.SmallHighGreyEmphasis(), (2 + 4.0 / 9 + 9) / 4);
  EXPECT_DOUBLE_EQ(m.LargeLowGreyEmphasis(), (2 + 9.0 / 4 + 1.0 / 9) / 4);
  EXPECT_DOUBLE_EQ(m.LargeHighGreyEmphasis(), (2 + 36 + 9) / 4.0);
}

TEST(SizeMatrixTest, NonUniformitiesPercentageVariancesEntropy) {
  const SizeMatrix m = HandMatrix();
  // Row sums 2, 1, 1; column sums 3 (size 1) and 1 (size 3).
  EXPECT_DOUBLE_EQ(m.GreyNonUniformity(), 6.0 / 4);
  EXPECT_DOUBLE_EQ(m.GreyNonUniformityNorm(), 6.0 / 16);
  EXPECT_DOUBLE_EQ(m.SizeNonUniformity(), 10.0 / 4);
  EXPECT_DOUBLE_EQ(m.SizeNonUniformityNorm(), 10.0 / 16);
  EXPECT_DOUBLE_EQ(m.Percentage(), 0.4);
  // Levels 1, 2, 3 with p = 1/2, 1/4, 1/4: mean 1.75.
  EXPECT_DOUBLE_EQ(m.GreyVariance(), 0.5 * 0.5625 + 0.25 * 0.0625 + 0.25 * 1.5625);
  // Sizes 1, 3 with p = 3/4, 1/4: mean 1.5.
  EXPECT_DOUBLE_EQ(m.SizeVariance(), 0.75 * 0.25 + 0.25 * 2.25);
  EXPECT_DOUBLE_EQ(m.Entropy(), 1.5);
  EXPECT_DOUBLE_EQ(m.Energy(), 0.25 + 0.0625 + 0.0625);
}

TEST(SizeMatrixTest, MergeAddsCountsAndVoxels) {
  SizeMatrix a(3);
  a.Add(1, 2);
  SizeMatrix b(5);
  b.Add(1, 2, 2);
  b.Add(4, 1);
  a.Merge(b);
  EXPECT_EQ(a.num_voxels(), 8);
  EXPECT_EQ(a.total(), 4);
  EXPECT_EQ(a.At(1, 2), 3);
  EXPECT_EQ(a.At(4, 1), 1);
  EXPECT_DOUBLE_EQ(a.Percentage(), 0.5);
}

TEST(SizeMatrixTest, EmptyMatrixGivesNaN) {
  const SizeMatrix m(0);
  EXPECT_TRUE(std::isnan(m.SmallEmphasis()));
  EXPECT_TRUE(std::isnan(m.GreyNonUniformityNorm()));
  EXPECT_TRUE(std::isnan(m.SizeVariance()));
  EXPECT_TRUE(std::isnan(m.Entropy()));
  EXPECT_TRUE(std::isnan(m.Percentage()));
}

TEST(SizeMatrixTest, FamilyAveragesNonEmptySlicesAndMergesFor25D) {
  // Two slices of a 2x1x3 box: slice 0 holds levels {1, 2}, slice 1 nothing, slice 2 {3, 3}.
  const TextureInput input = texture_testing::MakeInput({2, 1, 3}, {1, 2, 0, 0, 3, 3});
  // One count per voxel, with "size" 1: only grey-level features differ between slices.
  const SizeMatrixBuilder per_voxel = [](const TextureInput& in, const ExtractionParams&,
                                         bool slice_wise) {
    std::vector<SizeMatrix> matrices = EmptySizeMatrices(in, slice_wise);
    for (size_t v = 0; v < in.grey.size(); ++v) {
      if (in.grey[v] > 0) matrices[slice_wise ? v / 2 : 0].Add(in.grey[v], 1);
    }
    return matrices;
  };
  const std::array<SizeFeature, 2> features{{{"High", "HHHH", &SizeMatrix::HighGreyEmphasis},
                                             {"Percentage", "PPPP", &SizeMatrix::Percentage}}};
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  FeatureList out;
  ComputeSizeFamily(input, params, "Test family", features, per_voxel, out);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0].aggregation, "2D");
  EXPECT_EQ(out[0].family, "Test family");
  EXPECT_EQ(out[0].feature, "High");
  EXPECT_EQ(out[0].ibsi_id, "HHHH");
  EXPECT_DOUBLE_EQ(out[0].value, ((1 + 4) / 2.0 + 9) / 2);  // the empty slice is left out
  EXPECT_DOUBLE_EQ(out[1].value, 1);
  EXPECT_EQ(out[2].aggregation, "2.5D");
  EXPECT_DOUBLE_EQ(out[2].value, (1 + 4 + 9 + 9) / 4.0);
  EXPECT_EQ(out[4].aggregation, "3D");
  EXPECT_DOUBLE_EQ(out[4].value, (1 + 4 + 9 + 9) / 4.0);
}

}  // namespace
}  // namespace radfed::radiomics
