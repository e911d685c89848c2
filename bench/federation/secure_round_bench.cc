// Loopback round benchmark (issue 4): one secure-aggregation round of n = 20 sites on a vector of
// d ~ 10^4 values, run by the real programs (coordinator and 20 radfed-node processes, mTLS gRPC
// on loopback), compared with what a plaintext-sum round over the same transport would take.
//
// radfed has no plaintext round any more (it was removed on purpose), so the comparison is an
// estimate from measured parts, not a second measured round:
//   - each study is a statistics study on C columns (vector length d = 2 + 6 C, one round), run
//     with keep_transcripts so that every accepted reply leaves a file: the files' times give
//     when each step ended, the audit log when the round started and completed;
//   - a plaintext round would be one step doing what step 1 does (task out, local computation,
//     reply) plus what step 3 does without masking (the vector over the wire, checked, summed);
//   - the masking in step 3 is measured here, in process, with the production code (19 pairwise
//     key agreements and 20 PRG streams over the 2d-word vector), and spread over the machine's
//     cores, since the 20 node processes mask at the same time:
//         plaintext ~ step1 + step3 - 20 * masking_per_site / min(cores, 20)
//   - secure = the measured round. Steps 2 and 4 (key sharing, unmasking) are pure overhead.
// Key generation and signing (step 1) and checks a plaintext round would not need are left in the
// plaintext estimate, which makes the ratio slightly favourable to secure aggregation; they cost
// well under a millisecond per site.
//
// Not part of the test command (about a minute); run it by hand on an idle machine:
//   build/dev/bench/federation/secure_round_bench [--sites 20] [--length 10000] [--rounds 5]
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "bench/federation/audit_time.h"
#include "common/crypto/x25519.h"
#include "common/secagg/protocol_crypto.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

namespace fs = std::filesystem;
using Millis = std::chrono::duration<double, std::milli>;

int g_sites = 20;
int g_length = 10000;
int g_rounds = 5;
constexpr int kRows = 30;
constexpr size_t kLimbs = 2;  // production fixed-point encoding: two 64-bit words per value

// Statistics vectors are 2 + 6 values per column (one group).
int Columns() { return std::max(1, (g_length - 2) / 6); }
size_t VectorLength() { return 2 + 6 * static_cast<size_t>(Columns()); }

std::string SiteTable(int site) {
  std::mt19937_64 rng(500 + site);
  std::normal_distribution<double> normal(50, 10);
  std::ostringstream csv;
  csv << "patient_id";
  for (int c = 1; c <= Columns(); ++c) csv << ",c" << c;
  csv << "\n";
  for (int r = 0; r < kRows; ++r) {
    csv << "p" << site << "-" << r;
    for (int c = 1; c <= Columns(); ++c) csv << "," << std::setprecision(6) << normal(rng);
    csv << "\n";
  }
  return csv.str();
}

double FileMillis(const fs::path& path) {
  const auto system = std::chrono::file_clock::to_sys(fs::last_write_time(path));
  return Millis(system.time_since_epoch()).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// What one site's step 3 computes beyond a plaintext reply: n-1 pairwise mask keys and the masks
// of y = x + PRG(b) + sum of +-PRG(s_uv) over the 2d-word vector. Median of 15 runs, in ms.
double MaskingPerSiteMillis(size_t n, size_t d) {
  auto check = [](auto result) {
    if (!result.ok()) {
      std::fprintf(stderr, "secure_round_bench: %s\n", result.status().ToString().c_str());
      std::abort();
    }
    return std::move(result).value();
  };
  const crypto::X25519KeyPair own = check(crypto::X25519KeyPair::Generate());
  std::vector<crypto::X25519PublicKey> peers;
  for (size_t i = 1; i < n; ++i) peers.push_back(check(crypto::X25519KeyPair::Generate()).public_key());
  const crypto::Sha256Digest digest{};
  std::vector<uint64_t> words(d * kLimbs, 42);
  std::vector<double> times;
  for (int run = 0; run < 15; ++run) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<secagg::MaskTerm> terms;
    terms.push_back({crypto::SecretBytes(crypto::Bytes(32, 3)), true});
    for (size_t i = 0; i < peers.size(); ++i) {
      const auto peer = static_cast<uint32_t>(i + 2);
      terms.push_back({check(secagg::DerivePairwiseKey(secagg::PairwiseKeyPurpose::kMask, own, peers[i], 1, peer, digest)),
                       secagg::PairMaskAdds(1, peer)});
    }
    const Status masked = secagg::ApplyMasks(words, terms);
    if (!masked.ok()) std::abort();
    times.push_back(Millis(std::chrono::steady_clock::now() - start).count());
  }
  return Median(times);
}

struct RoundTimes {
  double steps[4] = {0, 0, 0, 0};  // advertise keys, share keys, masked input, unmask (ms)
  double total = 0;
  uintmax_t reply_bytes[4] = {0, 0, 0, 0};  // one site's reply in each step
};

TEST(SecureRoundBench, SecureVersusPlaintextRound) {
  std::vector<std::string> roster;
  for (int s = 0; s < g_sites; ++s) roster.push_back("site-" + std::to_string(s));
  Federation fed(roster);
  std::string why;
  ASSERT_TRUE(fed.StartCoordinator(&why, "keep_transcripts: true\n")) << why;
  for (int s = 0; s < g_sites; ++s) {
    fed.AddSite(roster[s], SiteTable(s), "patient_id");
    ASSERT_TRUE(fed.StartNode(roster[s]));
  }
  for (const auto& site : roster) ASSERT_TRUE(fed.WaitConnected(site, 1, std::chrono::seconds(120))) << site;

  std::ostringstream spec;
  spec << "type: statistics\nmin_sites: " << g_sites << "\nround_timeout_seconds: 300\ncolumns: [";
  for (int c = 1; c <= Columns(); ++c) spec << (c > 1 ? ", " : "") << "c" << c;
  spec << "]\n";
  for (int k = 0; k < g_rounds; ++k) {
    const auto run = fed.RunStudy("name: round-" + std::to_string(k) + "\n" + spec.str());
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  // Round start and end per study from the audit log; step ends from the transcripts.
  std::map<std::string, std::pair<double, double>> rounds;
  std::ifstream log(fed.dir() / "coord-state/audit.log");
  for (std::string line; std::getline(log, line);) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded()) continue;
    const std::string kind = entry.value("kind", "");
    if (kind == "round_started") rounds[entry.value("study", "")].first = ParseAuditMillis(entry.value("time", ""));
    if (kind == "round_completed") rounds[entry.value("study", "")].second = ParseAuditMillis(entry.value("time", ""));
  }
  const char* kSteps[] = {"advertise-keys", "share-keys", "masked-input", "unmask"};
  std::vector<RoundTimes> measured;
  for (const auto& [study, span] : rounds) {
    const fs::path transcripts = fed.dir() / "coord-state/transcripts" / study;
    ASSERT_TRUE(fs::is_directory(transcripts)) << transcripts;
    std::vector<fs::path> attempts(fs::directory_iterator(transcripts), fs::directory_iterator{});
    ASSERT_EQ(attempts.size(), 1u) << study << " needed a retry; rerun on a quieter machine";
    double ends[4] = {0, 0, 0, 0};
    RoundTimes times;
    for (int s = 0; s < 4; ++s) {
      for (const auto& site : roster) {
        const fs::path file = attempts[0] / (site + "-" + kSteps[s] + ".bin");
        ASSERT_TRUE(fs::exists(file)) << file;
        ends[s] = std::max(ends[s], FileMillis(file));
      }
      times.reply_bytes[s] = fs::file_size(attempts[0] / (roster[0] + "-" + kSteps[s] + ".bin"));
    }
    times.steps[0] = ends[0] - span.first;
    times.steps[1] = ends[1] - ends[0];
    times.steps[2] = ends[2] - ends[1];
    times.steps[3] = span.second - ends[2];
    times.total = span.second - span.first;
    measured.push_back(times);
  }
  ASSERT_EQ(measured.size(), static_cast<size_t>(g_rounds));

  auto median_of = [&](auto field) {
    std::vector<double> v;
    for (const auto& t : measured) v.push_back(field(t));
    return Median(v);
  };
  const double step[4] = {median_of([](const RoundTimes& t) { return t.steps[0]; }),
                          median_of([](const RoundTimes& t) { return t.steps[1]; }),
                          median_of([](const RoundTimes& t) { return t.steps[2]; }),
                          median_of([](const RoundTimes& t) { return t.steps[3]; })};
  const double secure = median_of([](const RoundTimes& t) { return t.total; });
  const size_t d = VectorLength();
  const double masking = MaskingPerSiteMillis(static_cast<size_t>(g_sites), d);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const double masking_in_step3 = g_sites * masking / std::min<double>(cores, g_sites);
  const double plaintext = step[0] + std::max(0.0, step[2] - masking_in_step3);
  const double plain_bytes = static_cast<double>(d * kLimbs * 8);
  uintmax_t site_bytes = 0;
  for (const uintmax_t b : measured.front().reply_bytes) site_bytes += b;

  std::printf("\n%d sites, d = %zu values (%d statistics columns), %d rounds, %u cores\n", g_sites, d, Columns(),
              g_rounds, cores);
  std::printf("secure round (median): %.1f ms = advertise keys %.1f + share keys %.1f + masked input %.1f + "
              "unmask %.1f\n",
              secure, step[0], step[1], step[2], step[3]);
  std::printf("masking per site (measured in process): %.2f ms; in step 3 over %u cores: %.1f ms\n", masking,
              std::min<unsigned>(cores, static_cast<unsigned>(g_sites)), masking_in_step3);
  std::printf("plaintext round (estimated: step 1 + step 3 - masking): %.1f ms; secure / plaintext = %.2f\n",
              plaintext, secure / plaintext);
  std::printf("one site's replies: %ju bytes over the 4 steps (masked input %ju), plain vector %.0f bytes: "
              "expansion %.3f\n",
              site_bytes, measured.front().reply_bytes[2], plain_bytes, static_cast<double>(site_bytes) / plain_bytes);
}

}  // namespace
}  // namespace radfed::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--sites") radfed::testing::g_sites = std::stoi(argv[i + 1]);
    if (flag == "--length") radfed::testing::g_length = std::stoi(argv[i + 1]);
    if (flag == "--rounds") radfed::testing::g_rounds = std::stoi(argv[i + 1]);
  }
  return RUN_ALL_TESTS();
}
