// Secure-aggregation cost: PRG throughput, site-side masking, coordinator-side unmasking, and the
// bytes a site sends per round. Built by CI, run by hand:
//   build/<dir>/bench/secagg/secagg_bench [--benchmark_filter=...]
//
// Vectors use the production two-limb encoding (FixedPointSpec{}), so d values are 2d words.
// Counters:
//   prg_bytes/s     keystream bytes generated and folded into the vector per second
//   bytes_per_site  serialised bytes one surviving site sends over all four steps
//   expansion       bytes_per_site / (d x limbs x 8), the cost over sending the encoded vector
//                   in the clear
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <utility>

#include "common/crypto/prg.h"
#include "common/crypto/x25519.h"
#include "common/secagg/protocol_crypto.h"
#include "common/secagg/server.h"
#include "common/secagg/testing/round_simulator.h"

namespace radfed::secagg {
namespace {

constexpr uint32_t kLimbs = 2;

template <typename T>
T Check(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "secagg_bench: %s\n", result.status().ToString().c_str());
    std::abort();
  }
  return std::move(result).value();
}

void Check(const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "secagg_bench: %s\n", status.ToString().c_str());
    std::abort();
  }
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {3, 10, 50, 100}) {
    for (int64_t d : {1000, 10000, 100000, 1000000}) b->Args({n, d});
  }
}

// Raw keystream expansion into an accumulator: the inner loop of masking.
void BM_PrgAddTo(benchmark::State& state) {
  std::vector<uint64_t> words(static_cast<size_t>(state.range(0)), 1);
  crypto::Bytes seed(crypto::kPrgSeedSize, 7);
  crypto::Prg prg = Check(crypto::Prg::Create(seed));
  for (auto _ : state) {
    Check(prg.AddTo(words));
    benchmark::DoNotOptimize(words.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(words.size() * 8));
}
BENCHMARK(BM_PrgAddTo)->Arg(1 << 20);

// What a site does in step 3 for n sites: n-1 X25519 agreements and HKDFs for the pair seeds,
// then y = x + PRG(b) + sum of +-PRG(s_uv) over 2d words.
void BM_SiteMasking(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t words = static_cast<size_t>(state.range(1)) * kLimbs;
  crypto::X25519KeyPair own = Check(crypto::X25519KeyPair::Generate());
  std::vector<crypto::X25519PublicKey> peers;
  for (size_t i = 1; i < n; ++i)
    peers.push_back(Check(crypto::X25519KeyPair::Generate()).public_key());
  crypto::Sha256Digest digest{};
  crypto::SecretBytes self_seed(crypto::Bytes(32, 3));
  std::vector<uint64_t> input(words, 42);
  std::vector<uint64_t> masked(words);
  for (auto _ : state) {
    std::vector<MaskTerm> terms;
    terms.push_back({self_seed.Clone(), true});
    for (size_t i = 0; i < peers.size(); ++i) {
      uint32_t peer = static_cast<uint32_t>(i + 2);
      terms.push_back(
          {Check(DerivePairwiseKey(PairwiseKeyPurpose::kMask, own, peers[i], 1, peer, digest)),
           PairMaskAdds(1, peer)});
    }
    masked = input;
    Check(ApplyMasks(masked, terms));
    benchmark::DoNotOptimize(masked.data());
  }
  state.counters["prg_bytes/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(n * words * 8),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SiteMasking)->Apply(Sizes)->Unit(benchmark::kMillisecond);

// A real round of n sites (test PKI, in-memory transport) run up to the point where every
// unmasking response has arrived; max(1, n / 10) sites dropped in step 3, so unmasking also
// removes their pair masks. Kept across benchmark repetitions of the same size.
struct PreparedRound {
  std::unique_ptr<testing::RoundSimulator> sim;
  size_t dropped = 0;
  uint64_t bytes_per_site = 0;
};

PreparedRound& Prepare(size_t n, size_t d) {
  static std::map<std::pair<size_t, size_t>, PreparedRound> cache;
  auto found = cache.find({n, d});
  if (found != cache.end()) return found->second;

  RoundConfig config;
  config.study_id = "bench";
  config.round_id = 1;
  for (size_t i = 0; i < n; ++i) config.sites.push_back("site-" + std::to_string(i));
  config.vector_length = d;
  config.encoding = FixedPointSpec{};
  auto inputs = [d](uint32_t index) {
    std::mt19937_64 rng(index);
    std::uniform_real_distribution<double> value(-1e6, 1e6);
    std::vector<double> x(d);
    for (double& v : x) v = value(rng);
    return x;
  };
  PreparedRound round;
  round.sim = Check(testing::RoundSimulator::Create(config, inputs));
  round.dropped = std::max<size_t>(1, n / 10);
  std::set<std::string> silent(config.sites.end() - static_cast<long>(round.dropped),
                               config.sites.end());
  Check(round.sim->RunStep(Step::kAdvertiseKeys));
  Check(round.sim->RunStep(Step::kShareKeys));
  Check(round.sim->RunStep(Step::kMaskedInput, silent));
  Check(round.sim->DeliverStep(Step::kUnmasking));
  round.bytes_per_site = round.sim->bytes_sent(config.sites.front());
  return cache.emplace(std::make_pair(n, d), std::move(round)).first->second;
}

void ReportBytes(benchmark::State& state, const PreparedRound& round, size_t d) {
  state.counters["bytes_per_site"] = static_cast<double>(round.bytes_per_site);
  state.counters["expansion"] =
      static_cast<double>(round.bytes_per_site) / static_cast<double>(d * kLimbs * 8);
  state.counters["dropped"] = static_cast<double>(round.dropped);
}

// The coordinator's final CloseStep(): reconstruct every survivor's mask seed and every dropped
// site's masking key, then strip all masks from the sum.
void BM_ServerUnmasking(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t d = static_cast<size_t>(state.range(1));
  PreparedRound& round = Prepare(n, d);
  for (auto _ : state) {
    state.PauseTiming();
    SecAggServer server = round.sim->server();
    state.ResumeTiming();
    Check(server.CloseStep());
    benchmark::DoNotOptimize(server.sum().data());
  }
  ReportBytes(state, round, d);
}
BENCHMARK(BM_ServerUnmasking)->Apply(Sizes)->Args({20, 100000})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace radfed::secagg

BENCHMARK_MAIN();
