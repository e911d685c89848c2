#include "node/radiomics/texture/level_index.h"

#include <gtest/gtest.h>

#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

TEST(LevelIndexTest, NumbersThePresentLevelsInOrder) {
  const LevelIndex levels(texture_testing::MakeInput({4, 1, 1}, {7, 2, 7, 5}));
  EXPECT_EQ(levels.count(), 3);
  EXPECT_EQ(levels.IndexOf(2), 0);
  EXPECT_EQ(levels.IndexOf(5), 1);
  EXPECT_EQ(levels.IndexOf(7), 2);
  EXPECT_EQ(levels.Level(2), 7.0);
}

// A float PET ROI with bin_count 65536 gave tens of thousands of distinct levels: 13 dense GLCM
// matrices of that square exhaust any memory.
TEST(LevelIndexTest, MoreDistinctLevelsThanDenseMatricesCanHoldAreRefused) {
  std::vector<int32_t> grey(kMaxDenseMatrixLevels + 1);
  for (size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<int32_t>(2 * i + 1);
  const auto input = [&] { return texture_testing::MakeInput({static_cast<int64_t>(grey.size()), 1, 1}, grey); };
  const Status refused = CheckDenseMatrixLevels(LevelIndex(input()).count(), "glcm");
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message().rfind("glcm: the ROI holds 2049 distinct grey levels", 0), 0u) << refused.message();
  grey.pop_back();
  EXPECT_TRUE(CheckDenseMatrixLevels(LevelIndex(input()).count(), "glrlm").ok());
}

}  // namespace
}  // namespace radfed::radiomics
