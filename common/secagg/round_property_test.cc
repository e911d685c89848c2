// Randomised whole-round properties: for random site counts, thresholds, encodings, vectors and
// dropout patterns, the unmasked sum equals the true sum exactly, and rounds that fall below the
// threshold abort. Each trial's seed is printed on failure; rerun one by setting kFirstSeed.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/secagg/testing/round_checks.h"
#include "common/secagg/testing/round_simulator.h"

namespace radfed::secagg {
namespace {

using testing::RoundSimulator;

constexpr uint64_t kFirstSeed = 0x5eca66;
constexpr int kTrials = 24;

struct Trial {
  RoundConfig config;
  std::vector<std::set<std::string>> silent;  // per step
  std::vector<std::string> contributors;      // sites expected in the sum
  bool expect_abort = false;
};

Trial MakeTrial(std::mt19937_64& rng) {
  Trial trial;
  const uint32_t n = 3 + static_cast<uint32_t>(rng() % 48);
  RoundConfig& config = trial.config;
  config.study_id = "property";
  config.round_id = rng();
  for (uint32_t i = 0; i < n; ++i) config.sites.push_back("site-" + std::to_string(i));
  config.threshold = rng() % 2 ? 0 : 2 + static_cast<uint32_t>(rng() % (n - 1));
  config.vector_length = 1 + rng() % 24;
  config.encoding =
      rng() % 2 ? FixedPointSpec{.fraction_bits = 40, .max_abs = 1e9, .max_sites = 64, .limbs = 2}
                : FixedPointSpec{.fraction_bits = 16, .max_abs = 1e6, .max_sites = 64, .limbs = 1};
  const uint32_t t = config.threshold == 0 ? DefaultThreshold(n) : config.threshold;

  // Drop sites at random steps, keeping at least t survivors unless this trial tests an abort.
  trial.expect_abort = rng() % 6 == 0;
  uint32_t drops = trial.expect_abort ? n - t + 1 : static_cast<uint32_t>(rng() % (n - t + 1));
  std::vector<std::string> order = config.sites;
  std::shuffle(order.begin(), order.end(), rng);
  trial.silent.resize(4);
  std::set<std::string> missing_input;
  for (uint32_t i = 0; i < drops; ++i) {
    size_t step = rng() % 4;
    trial.silent[step].insert(order[i]);
    if (step < 3) missing_input.insert(order[i]);
  }
  for (const std::string& site : config.sites) {
    if (missing_input.count(site) == 0) trial.contributors.push_back(site);
  }
  return trial;
}

testing::InputProvider Inputs(uint64_t seed, const FixedPointSpec& spec, size_t d) {
  return [seed, spec, d](uint32_t index) {
    std::mt19937_64 rng(seed * 1000003 + index);
    std::uniform_real_distribution<double> wide(-spec.max_abs, spec.max_abs);
    std::uniform_real_distribution<double> unit(-1, 1);
    std::vector<double> x(d);
    for (size_t i = 0; i < d; ++i) {
      switch (rng() % 3) {
        case 0:
          x[i] = wide(rng);
          break;
        case 1:
          x[i] = unit(rng) * 1e-3;
          break;
        default:
          x[i] = unit(rng);
          break;
      }
    }
    return x;
  };
}

TEST(RoundPropertyTest, RandomRoundsSumExactlyOrAbortBelowThreshold) {
  int completed = 0;
  int aborted = 0;
  for (int i = 0; i < kTrials; ++i) {
    const uint64_t seed = kFirstSeed + i;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    Trial trial = MakeTrial(rng);
    testing::InputProvider inputs = Inputs(seed, trial.config.encoding, trial.config.vector_length);
    Result<std::unique_ptr<RoundSimulator>> sim = RoundSimulator::Create(trial.config, inputs);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    Status status = (*sim)->RunRound(trial.silent);
    if (trial.expect_abort) {
      EXPECT_EQ(status.code(), StatusCode::kAborted) << status.ToString();
      EXPECT_EQ((*sim)->server().state(), ServerState::kAborted);
      ++aborted;
      continue;
    }
    ASSERT_TRUE(status.ok()) << status.ToString();
    Status sum = testing::CheckRoundSum(**sim, inputs, trial.contributors);
    EXPECT_TRUE(sum.ok()) << sum.ToString() << " (n=" << trial.config.sites.size()
                          << ", contributors=" << trial.contributors.size() << ")";
    ++completed;
  }
  // The seeds cover both outcomes.
  EXPECT_GT(completed, 0);
  EXPECT_GT(aborted, 0);
}

}  // namespace
}  // namespace radfed::secagg
