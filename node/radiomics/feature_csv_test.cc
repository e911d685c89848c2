#include "node/radiomics/feature_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace radfed::radiomics {
namespace {

TEST(FeatureCsvTest, QuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(CsvField("3D"), "3D");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("2D, averaged"), "\"2D, averaged\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(FeatureCsvTest, ValuesAreShortestRoundTrip) {
  EXPECT_EQ(FormatFeatureValue(0.1), "0.1");
  EXPECT_EQ(FormatFeatureValue(592), "592");
  EXPECT_EQ(FormatFeatureValue(-0.355), "-0.355");
  EXPECT_EQ(FormatFeatureValue(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(FormatFeatureValue(1e-300), "1e-300");
  EXPECT_EQ(FormatFeatureValue(NAN), "NaN");
  EXPECT_EQ(FormatFeatureValue(HUGE_VAL), "Inf");
  EXPECT_EQ(FormatFeatureValue(-HUGE_VAL), "-Inf");
  // Every double survives the round trip bit for bit.
  for (double v : {1.0 / 3.0, 2.0 / 7.0 * 1e17, std::numeric_limits<double>::denorm_min(),
                   std::numeric_limits<double>::max(), std::nextafter(0.5085, 1.0)}) {
    EXPECT_EQ(std::strtod(FormatFeatureValue(v).c_str(), nullptr), v) << FormatFeatureValue(v);
  }
}

TEST(FeatureCsvTest, WritesHeaderAndQuotedRows) {
  const FeatureList features{
      {"Morphological features", "Volume (voxel counting)", "YEKZ", "", 592},
      {"Grey level co-occurrence based features", "Joint maximum", "GYBY", "2D, averaged", 0.25},
      {"Intensity-based statistical features", "Skewness", "KE2A", "", NAN},
  };
  std::ostringstream out;
  WriteFeatureCsv(out, "PAT,1", features);
  EXPECT_EQ(out.str(),
            "case_id,family,feature,ibsi_id,aggregation,value\n"
            "\"PAT,1\",Morphological features,Volume (voxel counting),YEKZ,,592\n"
            "\"PAT,1\",Grey level co-occurrence based features,Joint maximum,GYBY,"
            "\"2D, averaged\",0.25\n"
            "\"PAT,1\",Intensity-based statistical features,Skewness,KE2A,,NaN\n");
}

TEST(FeatureCsvTest, ParsesWhatItWrites) {
  const FeatureList features{
      {"Grey level run length based features", "Run percentage", "9ZK5", "2.5D, merged", 0.68},
      {"A \"quoted\" family", "Feature", "ABCD", "3D", -HUGE_VAL},
      {"Intensity-based statistical features", "Skewness", "KE2A", "", NAN},
  };
  std::ostringstream out;
  WriteFeatureCsv(out, "case", features);
  auto rows = ParseFeatureCsv(out.str(), "f.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  for (size_t i = 0; i < rows->size(); ++i) {
    const FeatureValue& f = (*rows)[i].feature;
    EXPECT_EQ((*rows)[i].case_id, "case");
    EXPECT_EQ(f.family, features[i].family);
    EXPECT_EQ(f.feature, features[i].feature);
    EXPECT_EQ(f.ibsi_id, features[i].ibsi_id);
    EXPECT_EQ(f.aggregation, features[i].aggregation);
  }
  EXPECT_EQ((*rows)[0].feature.value, 0.68);
  EXPECT_EQ((*rows)[1].feature.value, -HUGE_VAL);
  EXPECT_TRUE(std::isnan((*rows)[2].feature.value));
}

TEST(FeatureCsvTest, ParseErrorsNameSourceAndLine) {
  const std::string header = "case_id,family,feature,ibsi_id,aggregation,value\n";
  EXPECT_EQ(ParseFeatureCsv("id,value\n", "f.csv").status().message(),
            "f.csv: expected the header 'case_id,family,feature,ibsi_id,aggregation,value'");
  EXPECT_EQ(ParseFeatureCsv(header + "c,f,x,ID,,1\nc,f,x,ID,\"3D,1\n", "f.csv").status().message(),
            "f.csv: line 3: malformed quoting");
  EXPECT_EQ(ParseFeatureCsv(header + "c,f,x,ID,1\n", "f.csv").status().message(),
            "f.csv: line 2: expected 6 fields, got 5");
  EXPECT_EQ(ParseFeatureCsv(header + "c,f,x,ID,,1.5x\n", "f.csv").status().message(),
            "f.csv: line 2: '1.5x' is not a number");
}

}  // namespace
}  // namespace radfed::radiomics
