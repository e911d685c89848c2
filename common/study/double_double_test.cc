#include "common/study/double_double.h"

#include <gtest/gtest.h>

namespace radfed::study {
namespace {

TEST(DoubleDoubleTest, KeepsWhatDoubleArithmeticLoses) {
  // (1e16 + 1) - 1e16 is 0 in double, 1 in double-double.
  const DoubleDouble big = DoubleDouble::Of(1e16, 1);
  EXPECT_EQ((big - DoubleDouble{1e16, 0}).value(), 1.0);
  // (2^30 + 2^-30)^2 = 2^60 + 2 + 2^-60: the middle term survives the square.
  const DoubleDouble x = DoubleDouble::Of(std::ldexp(1.0, 30), std::ldexp(1.0, -30));
  const DoubleDouble square = x * x;
  EXPECT_EQ((square - DoubleDouble{std::ldexp(1.0, 60), 0}).value(), 2.0);
  // Division is correct to well below a double ulp of the quotient.
  const DoubleDouble third = DoubleDouble{1, 0} / 3;
  EXPECT_NEAR((third * DoubleDouble{3, 0} - DoubleDouble{1, 0}).value(), 0, 1e-30);
}

}  // namespace
}  // namespace radfed::study
