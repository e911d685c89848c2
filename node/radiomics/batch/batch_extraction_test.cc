#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "node/cohort/csv_table.h"
#include "node/radiomics/batch/batch_extractor.h"
#include "node/radiomics/batch/feature_columns.h"
#include "node/radiomics/batch/manifest.h"
#include "node/radiomics/batch/pseudonym.h"
#include "node/radiomics/batch/shard.h"
#include "node/radiomics/extraction_params.h"

namespace radfed::radiomics {
namespace {

namespace fs = std::filesystem;

const std::string kPhantom = std::string(RADFED_TEST_DATA_DIR) + "/ibsi/ibsi1_digital_phantom/nifti/";

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

class BatchExtractionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("radfed-batch-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Three phantom cases and one whose image does not exist.
  fs::path PhantomManifest() {
    const auto path = dir_ / "cohort.csv";
    Write(path, "case_id,image,mask,roi\n"
                "A," + kPhantom + "image/phantom.nii.gz," + kPhantom + "mask/mask.nii.gz,\n"
                "B," + kPhantom + "image/phantom.nii.gz," + kPhantom + "mask/mask.nii.gz,\n"
                "broken,missing/ct.nii.gz," + kPhantom + "mask/mask.nii.gz,\n"
                "C," + kPhantom + "image/phantom.nii.gz," + kPhantom + "mask/mask.nii.gz,\n");
    return path;
  }

  ExtractionParams IntensityParams() {
    auto params = ParseExtractionParams("families: [intensity_statistics, glcm]\n", "test.yaml");
    EXPECT_TRUE(params.ok()) << params.status().ToString();
    return *params;
  }

  int RunNode(const std::string& args, std::string* output) {
    const std::string command = std::string(RADFED_BINARY_DIR) + "/node/radfed-node " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    output->clear();
    while (fgets(buffer, sizeof buffer, pipe)) *output += buffer;
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
};

TEST_F(BatchExtractionTest, ManifestResolvesRelativePathsAndNamesBadLines) {
  Write(dir_ / "m.csv", "case_id,image,mask,roi\nP1,p1/ct,p1/rs.dcm,GTV\nP2,/abs/ct,/abs/seg.dcm,1\n");
  auto cases = ReadManifest(dir_ / "m.csv");
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_EQ(cases->size(), 2u);
  EXPECT_EQ((*cases)[0].image, dir_ / "p1/ct");
  EXPECT_EQ((*cases)[0].roi, "GTV");
  EXPECT_EQ((*cases)[1].mask, fs::path("/abs/seg.dcm"));

  Write(dir_ / "dup.csv", "case_id,image,mask,roi\nP1,a,b,\nP1,c,d,\n");
  auto duplicate = ReadManifest(dir_ / "dup.csv");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("dup.csv:3"), std::string::npos) << duplicate.status().message();
  EXPECT_NE(duplicate.status().message().find("line 2"), std::string::npos);

  Write(dir_ / "cols.csv", "case_id,image,roi\nP1,a,\n");
  auto missing = ReadManifest(dir_ / "cols.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'mask'"), std::string::npos);
}

TEST_F(BatchExtractionTest, PseudonymsAreStablePerKeyAndDifferAcrossKeys) {
  bool created = false;
  auto a = Pseudonymizer::LoadOrCreate(dir_ / "site-a.key", &created);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(created);
  struct stat st {};
  ASSERT_EQ(stat((dir_ / "site-a.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto again = Pseudonymizer::LoadOrCreate(dir_ / "site-a.key", &created);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(created);
  auto b = Pseudonymizer::LoadOrCreate(dir_ / "state" / "site-b.key");
  ASSERT_TRUE(b.ok()) << "a first run creates the key's directory: " << b.status().ToString();

  const std::string p = *a->Pseudonym("PAT1");
  EXPECT_EQ(p.size(), 18u);
  EXPECT_EQ(p.rfind("p-", 0), 0u);
  EXPECT_EQ(*again->Pseudonym("PAT1"), p);
  EXPECT_NE(*a->Pseudonym("PAT2"), p);
  EXPECT_NE(*b->Pseudonym("PAT1"), p);
  EXPECT_EQ(*Pseudonymizer::Identity().Pseudonym("PAT1"), "PAT1");

  Write(dir_ / "short.key", "too short");
  auto weak = Pseudonymizer::Load(dir_ / "short.key");
  ASSERT_FALSE(weak.ok());
  EXPECT_NE(weak.status().message().find("32 bytes"), std::string::npos);
}

TEST_F(BatchExtractionTest, ColumnNamesAreStableSlugs) {
  EXPECT_EQ(FeatureColumnName({"Morphological features", "Volume (mesh)", "RNU0", "", 1}), "morph_volume_mesh");
  EXPECT_EQ(FeatureColumnName({"Grey level co-occurrence based features", "Joint maximum", "GYBY", "3D, merged", 1}),
            "glcm_joint_maximum_3d_merged");
  EXPECT_EQ(FeatureColumnName({"Grey level size zone based features", "Small zone emphasis", "5QRC", "2.5D", 1}),
            "glszm_small_zone_emphasis_2_5d");
  EXPECT_EQ(FeatureColumnName({"Intensity-volume histogram features", "Volume at intensity fraction 10", "BC2M", "", 1}),
            "ivh_volume_at_intensity_fraction_10");
}

TEST_F(BatchExtractionTest, ExtractsEveryCaseRecordsFailuresAndResumes) {
  auto manifest = ReadManifest(PhantomManifest());
  ASSERT_TRUE(manifest.ok());
  std::vector<BatchCase> cases;
  for (const auto& c : *manifest) cases.push_back({c, "id-" + c.case_id});
  fs::create_directories(dir_ / "parts");
  std::vector<size_t> seen;
  BatchOptions options{IntensityParams(), dir_ / "parts", 2, [&](const BatchProgress& p) { seen.push_back(p.finished + p.failed); }};
  auto first = RunBatch(cases, options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->finished, 3u);
  EXPECT_EQ(first->failed, 1u);
  EXPECT_EQ(first->resumed, 0u);
  EXPECT_EQ(seen.size(), 4u);

  auto results = CollectBatchResults(cases, dir_ / "parts");
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->extracted.size(), 3u);
  ASSERT_EQ(results->failures.size(), 1u);
  EXPECT_EQ(results->failures[0].output_id, "id-broken");
  EXPECT_NE(results->failures[0].reason.find("missing/ct.nii.gz"), std::string::npos) << results->failures[0].reason;
  const FeatureList& a = results->extracted[0].features;
  EXPECT_EQ(results->extracted[0].case_id, "id-A");
  const auto mean = std::find_if(a.begin(), a.end(), [](const FeatureValue& f) { return f.ibsi_id == "Q4LE"; });
  ASSERT_NE(mean, a.end());
  EXPECT_NEAR(mean->value, 2.149, 0.0005);  // IBSI digital phantom mean

  // A second run redoes only the failed case: remove one finished part to see it come back too.
  fs::remove(dir_ / "parts" / "id-C.csv");
  seen.clear();
  auto second = RunBatch(cases, options);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->resumed, 2u);
  EXPECT_EQ(second->finished, 3u);
  EXPECT_EQ(second->failed, 1u);
  EXPECT_EQ(seen.size(), 2u);
}

TEST_F(BatchExtractionTest, CommandWritesWideLongAndErrorTablesWithPseudonyms) {
  const auto manifest = PhantomManifest();
  Write(dir_ / "params.yaml", "families: [intensity_statistics, glcm]\n");
  std::string output;
  const std::string args = "extract-batch --manifest " + manifest.string() + " --params " + (dir_ / "params.yaml").string() +
                           " --out " + (dir_ / "features.csv").string() + " --long " + (dir_ / "long.csv").string() +
                           " --threads 2";
  EXPECT_EQ(RunNode(args, &output), 2) << output;
  EXPECT_NE(output.find("3 of 4 cases"), std::string::npos) << output;
  EXPECT_TRUE(fs::exists(dir_ / "pseudonym.key"));

  auto wide = cohort::CsvTable::ReadFile(dir_ / "features.csv");
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  ASSERT_EQ(wide->row_count(), 3u);
  ASSERT_TRUE(wide->ColumnIndex("stat_mean_intensity").has_value());
  ASSERT_TRUE(wide->ColumnIndex("glcm_joint_maximum_3d_merged").has_value());
  std::set<std::string> ids;
  for (size_t r = 0; r < 3; ++r) {
    const std::string id = wide->cell(r, 0);
    EXPECT_EQ(id.rfind("p-", 0), 0u) << id;
    ids.insert(id);
    EXPECT_NEAR(std::stod(wide->cell(r, *wide->ColumnIndex("stat_mean_intensity"))), 2.149, 0.0005);
  }
  EXPECT_EQ(ids.size(), 3u);
  const std::string errors = Read(dir_ / "features.csv.errors.csv");
  EXPECT_NE(errors.find("missing/ct.nii.gz"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("broken"), std::string::npos) << "errors must carry the pseudonym, not the case id";
  const std::string long_table = Read(dir_ / "long.csv");
  EXPECT_EQ(long_table.rfind("case_id,family,feature,ibsi_id,aggregation,value\n", 0), 0u);
  EXPECT_NE(long_table.find("\"3D, merged\""), std::string::npos);

  // The same command again resumes: nothing is extracted twice, the tables are the same.
  const std::string before = Read(dir_ / "features.csv");
  EXPECT_EQ(RunNode(args, &output), 2) << output;
  EXPECT_NE(output.find("3 cases were already extracted"), std::string::npos) << output;
  EXPECT_EQ(Read(dir_ / "features.csv"), before);

  // Other parameters must not reuse those parts.
  Write(dir_ / "params.yaml", "families: [intensity_statistics]\n");
  EXPECT_EQ(RunNode(args, &output), 1);
  EXPECT_NE(output.find("other parameters"), std::string::npos) << output;
}

TEST_F(BatchExtractionTest, PseudonymiseRewritesTheKeyColumnWithTheSamePseudonyms) {
  Write(dir_ / "clinical.csv", "patient_id,age\nA,61\nB,70\n");
  bool created = false;
  auto key = Pseudonymizer::LoadOrCreate(dir_ / "site.key", &created);
  ASSERT_TRUE(key.ok());
  std::string output;
  ASSERT_EQ(RunNode("pseudonymise --table " + (dir_ / "clinical.csv").string() + " --column patient_id --out " +
                        (dir_ / "clinical-p.csv").string() + " --pseudonym-key " + (dir_ / "site.key").string(),
                    &output),
            0)
      << output;
  EXPECT_EQ(Read(dir_ / "clinical-p.csv"),
            "patient_id,age\n" + *key->Pseudonym("A") + ",61\n" + *key->Pseudonym("B") + ",70\n");
  EXPECT_EQ(RunNode("pseudonymise --table " + (dir_ / "clinical.csv").string() + " --column id --out x.csv", &output), 1);
  EXPECT_NE(output.find("no column 'id'"), std::string::npos) << output;
}


TEST_F(BatchExtractionTest, PseudonymKeysAreReadOnlyFromFilesAndPseudonymiseNeverCreatesOne) {
  EXPECT_EQ(Pseudonymizer::Load(dir_ / "absent.key").status().code(), StatusCode::kNotFound);
  fs::create_directories(dir_ / "a-directory");
  // A directory used to end in an uncaught std::ios_failure.
  EXPECT_NE(Pseudonymizer::Load(dir_ / "a-directory").status().message().find("not a file"), std::string::npos);
  EXPECT_FALSE(Pseudonymizer::LoadOrCreate(dir_ / "a-directory").ok());

  // A mistyped key path made a new key silently, whose pseudonyms join nothing.
  Write(dir_ / "clinical.csv", "patient_id,age\nA,61\n");
  std::string output;
  EXPECT_EQ(RunNode("pseudonymise --table " + (dir_ / "clinical.csv").string() + " --column patient_id --out " +
                        (dir_ / "out.csv").string() + " --pseudonym-key " + (dir_ / "site.kye").string(),
                    &output),
            1);
  EXPECT_NE(output.find("site.kye: no pseudonym key"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir_ / "site.kye"));
  EXPECT_FALSE(fs::exists(dir_ / "out.csv"));

  // Rows without an id would all share one pseudonym.
  ASSERT_TRUE(Pseudonymizer::LoadOrCreate(dir_ / "site.key").ok());
  Write(dir_ / "clinical.csv", "patient_id,age\nA,61\n,70\n");
  EXPECT_EQ(RunNode("pseudonymise --table " + (dir_ / "clinical.csv").string() + " --column patient_id --out " +
                        (dir_ / "out.csv").string() + " --pseudonym-key " + (dir_ / "site.key").string(),
                    &output),
            1);
  EXPECT_NE(output.find("clinical.csv: row 2 has no 'patient_id'"), std::string::npos) << output;
}

TEST_F(BatchExtractionTest, KeptCaseIdsThatAreNotFileNamesStayInsideThePartsDirectory) {
  // '/', '..', absolute and over-long ids were used as part file names.
  const std::vector<std::string> ids{"site/A-001", "../../escaped", (dir_ / "outside").string(), std::string(300, 'X'),
                                     "plain-id"};
  std::string manifest = "case_id,image,mask,roi\n";
  for (const auto& id : ids) manifest += id + "," + kPhantom + "image/phantom.nii.gz," + kPhantom + "mask/mask.nii.gz,\n";
  Write(dir_ / "cohort.csv", manifest);
  Write(dir_ / "params.yaml", "families: [intensity_statistics]\n");
  fs::create_directories(dir_ / "out");
  std::string output;
  ASSERT_EQ(RunNode("extract-batch --manifest " + (dir_ / "cohort.csv").string() + " --params " +
                        (dir_ / "params.yaml").string() + " --keep-case-ids --threads 1 --out " +
                        (dir_ / "out" / "features.csv").string(),
                    &output),
            0)
      << output;
  auto wide = cohort::CsvTable::ReadFile(dir_ / "out" / "features.csv");
  ASSERT_TRUE(wide.ok());
  std::set<std::string> written;
  for (size_t r = 0; r < wide->row_count(); ++r) written.insert(wide->cell(r, 0));
  EXPECT_EQ(written, std::set<std::string>(ids.begin(), ids.end()));
  size_t inside = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (entry.path().extension() != ".csv") continue;
    const auto parent = entry.path().parent_path();
    if (parent == dir_ / "out" / "features.csv.parts") ++inside;
    else EXPECT_TRUE(parent == dir_ || parent == dir_ / "out") << "a part outside the parts directory: " << entry.path();
  }
  EXPECT_EQ(inside, ids.size());
  EXPECT_TRUE(fs::exists(dir_ / "out" / "features.csv.parts" / "plain-id.csv"));
}

TEST_F(BatchExtractionTest, OutputThatIsADirectoryIsRefusedBeforeExtracting) {
  fs::create_directories(dir_ / "outdir");
  Write(dir_ / "params.yaml", "families: [intensity_statistics]\n");
  std::string output;
  EXPECT_EQ(RunNode("extract-batch --manifest " + PhantomManifest().string() + " --params " + (dir_ / "params.yaml").string() +
                        " --out " + (dir_ / "outdir").string(),
                    &output),
            1);
  EXPECT_NE(output.find("outdir: a directory; --out names the feature table"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir_ / "outdir.parts"));
  // A directory as the settings file read as empty settings: all defaults.
  EXPECT_EQ(RunNode("extract-batch --manifest " + PhantomManifest().string() + " --params " + dir_.string() +
                        " --out " + (dir_ / "f.csv").string(),
                    &output),
            1);
  EXPECT_NE(output.find(dir_.string() + ": a directory, not a file"), std::string::npos) << output;
}

TEST_F(BatchExtractionTest, ShardsPartitionTheManifestByCaseId) {
  for (const char* bad : {"3/3", "1", "a/2", "-1/2", "0/0", "1/2/3", ""}) {
    auto shard = ParseShard(bad);
    ASSERT_FALSE(shard.ok()) << bad;
    EXPECT_NE(shard.status().message().find("--shard"), std::string::npos);
  }
  auto shard = ParseShard("2/8");
  ASSERT_TRUE(shard.ok());
  EXPECT_EQ(shard->index, 2);
  EXPECT_EQ(shard->count, 8);

  // The hash is part of the contract (a rerun must find its parts): pin it.
  EXPECT_EQ(*ShardOf("P001", 8), 7);
  EXPECT_EQ(*ShardOf("P002", 8), 4);

  std::vector<ManifestCase> cases;
  for (int i = 0; i < 300; ++i) cases.push_back({"case-" + std::to_string(i), "i", "m", ""});
  std::vector<ManifestCase> reversed(cases.rbegin(), cases.rend());
  std::map<std::string, int> owner;
  for (int s = 0; s < 3; ++s) {
    auto selected = SelectShard(cases, {s, 3});
    ASSERT_TRUE(selected.ok());
    EXPECT_GT(selected->size(), 70u) << "shard " << s;
    for (size_t i = 1; i < selected->size(); ++i) {
      EXPECT_LT(std::stoi((*selected)[i - 1].case_id.substr(5)), std::stoi((*selected)[i].case_id.substr(5)))
          << "manifest order within a shard";
    }
    for (const auto& c : *selected) EXPECT_TRUE(owner.emplace(c.case_id, s).second) << c.case_id << " in two shards";
    auto again = SelectShard(reversed, {s, 3});
    ASSERT_TRUE(again.ok());
    for (const auto& c : *again) EXPECT_EQ(owner.count(c.case_id) ? owner[c.case_id] : s, s) << "reordering moved " << c.case_id;
  }
  EXPECT_EQ(owner.size(), cases.size());
}

TEST_F(BatchExtractionTest, ShardsCreatingTheKeyAtOnceAllGetTheSameKey) {
  std::vector<std::string> pseudonyms(8);
  std::vector<std::thread> shards;
  for (size_t i = 0; i < pseudonyms.size(); ++i) {
    shards.emplace_back([&, i] {
      auto key = Pseudonymizer::LoadOrCreate(dir_ / "out" / "pseudonym.key");
      pseudonyms[i] = key.ok() ? *key->Pseudonym("PAT1") : key.status().ToString();
    });
  }
  for (auto& t : shards) t.join();
  for (const auto& p : pseudonyms) EXPECT_EQ(p, pseudonyms[0]);
  EXPECT_EQ(pseudonyms[0].rfind("p-", 0), 0u) << pseudonyms[0];
}

TEST_F(BatchExtractionTest, ShardedRunsMergeToTheUnshardedTablesByteForByte) {
  std::string manifest_text = "case_id,image,mask,roi\n";
  for (const char* id : {"A", "B", "C", "D", "E", "F", "G"}) {
    manifest_text += std::string(id) + "," + kPhantom + "image/phantom.nii.gz," + kPhantom + "mask/mask.nii.gz,\n";
  }
  manifest_text += "broken,missing/ct.nii.gz," + kPhantom + "mask/mask.nii.gz,\n";
  Write(dir_ / "cohort.csv", manifest_text);
  Write(dir_ / "params.yaml", "families: [intensity_statistics, glcm]\n");
  const std::string common = "--manifest " + (dir_ / "cohort.csv").string() + " --params " +
                             (dir_ / "params.yaml").string() + " --pseudonym-key " + (dir_ / "site.key").string() +
                             " --threads 2";
  std::string output;
  ASSERT_EQ(RunNode("extract-batch " + common + " --out " + (dir_ / "whole.csv").string() + " --long " +
                        (dir_ / "whole-long.csv").string(),
                    &output),
            2)
      << output;

  std::string shard_tables;
  size_t shard_rows = 0;
  for (int s = 0; s < 3; ++s) {
    const auto table = dir_ / "shards" / ("features-" + std::to_string(s) + ".csv");
    fs::create_directories(table.parent_path());
    const int code = RunNode("extract-batch " + common + " --shard " + std::to_string(s) + "/3 --out " + table.string(), &output);
    EXPECT_TRUE(code == 0 || code == 2) << output;
    EXPECT_NE(output.find("shard " + std::to_string(s) + "/3: "), std::string::npos) << output;
    auto rows = cohort::CsvTable::ReadFile(table);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    shard_rows += rows->row_count();
    shard_tables += " " + table.string();
  }
  EXPECT_EQ(shard_rows, 7u);

  const std::string merge = "merge-features --manifest " + (dir_ / "cohort.csv").string() + " --pseudonym-key " +
                            (dir_ / "site.key").string();
  ASSERT_EQ(RunNode(merge + " --out " + (dir_ / "merged.csv").string() + " --long " +
                        (dir_ / "merged-long.csv").string() + shard_tables,
                    &output),
            2)
      << output;
  EXPECT_NE(output.find("7 of 8 cases from 3 shard outputs"), std::string::npos) << output;
  EXPECT_EQ(Read(dir_ / "merged.csv"), Read(dir_ / "whole.csv"));
  EXPECT_EQ(Read(dir_ / "merged.csv.errors.csv"), Read(dir_ / "whole.csv.errors.csv"));
  EXPECT_NE(Read(dir_ / "merged.csv.errors.csv").find("missing/ct.nii.gz"), std::string::npos);
  EXPECT_EQ(Read(dir_ / "merged-long.csv"), Read(dir_ / "whole-long.csv"));
  EXPECT_GT(Read(dir_ / "merged-long.csv").size(), 1000u);

  // A shard extracted under other settings has columns of the same names computed differently.
  const auto other_settings = dir_ / "shards" / "features-1.csv.parts" / "params.sha256";
  const std::string fingerprint = Read(other_settings);
  Write(other_settings, std::string(64, '0') + "\n");
  EXPECT_EQ(RunNode(merge + " --out " + (dir_ / "mixed.csv").string() + shard_tables, &output), 1);
  EXPECT_NE(output.find("features-1.csv: extracted with other settings than"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir_ / "mixed.csv"));
  Write(other_settings, fingerprint);

  // A shard left out, a shard given twice, shards pseudonymised with another key: nothing written.
  const auto first = (dir_ / "shards" / "features-0.csv").string();
  const auto second = (dir_ / "shards" / "features-1.csv").string();
  const auto third = (dir_ / "shards" / "features-2.csv").string();
  const auto bad_out = " --out " + (dir_ / "bad.csv").string() + " ";
  EXPECT_EQ(RunNode(merge + bad_out + first + " " + second, &output), 1);
  EXPECT_NE(output.find("in no shard output"), std::string::npos) << output;
  EXPECT_EQ(RunNode(merge + bad_out + first + " " + second + " " + third + " " + second, &output), 1);
  EXPECT_NE(output.find("is also in " + second), std::string::npos) << output;
  EXPECT_EQ(RunNode("merge-features --manifest " + (dir_ / "cohort.csv").string() + " --keep-case-ids" + bad_out +
                        first + " " + second + " " + third,
                    &output),
            1);
  EXPECT_NE(output.find("is not in the manifest"), std::string::npos) << output;
  EXPECT_EQ(RunNode(merge + bad_out + first + " " + (dir_ / "shards" / "features-9.csv").string(), &output), 1);
  EXPECT_NE(output.find("features-9.csv"), std::string::npos) << output;
  EXPECT_EQ(RunNode(merge + bad_out + (dir_ / "params.yaml").string(), &output), 1);
  EXPECT_NE(output.find("not an extract-batch output"), std::string::npos) << output;
  // The long table needs the shards' parts.
  fs::remove_all(dir_ / "shards" / "features-1.csv.parts");
  EXPECT_EQ(RunNode(merge + bad_out + "--long " + (dir_ / "bad-long.csv").string() + " " + first + " " + second +
                        " " + third,
                    &output),
            1);
  EXPECT_NE(output.find("features-1.csv.parts"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir_ / "bad.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "bad-long.csv"));
}

}  // namespace
}  // namespace radfed::radiomics
