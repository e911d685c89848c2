// What one site pays per peer in the key-sharing step of a secure round: checking the peer's
// certificate against the consortium CA and CRL (the first time, then remembered), checking the
// peer's signature over its round keys, and one X25519 key agreement. A site does each n - 1
// times per round. Run by hand:
//   build/<dir>/bench/secagg/peer_key_check_bench
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "common/crypto/x25519.h"
#include "common/pki/certificate_authority.h"
#include "common/pki/certificate_verifier.h"
#include "common/pki/signer.h"
#include "common/secagg/certificate_key_authentication.h"

namespace radfed::secagg {
namespace {

// A consortium CA (with a CRL that revokes one other site) and site-b's credentials.
struct Consortium {
  Consortium() {
    dir = std::filesystem::temp_directory_path() / ("radfed-peer-key-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    Require(pki::CertificateAuthority::Init(dir));
    auto ca = pki::CertificateAuthority::Open(dir);
    Require(ca.status());
    for (const char* name : {"site-b", "site-x"}) {
      pki::IssueRequest request;
      request.name = name;
      Require(ca->Issue(request));
    }
    Require(ca->Revoke("site-x", std::time(nullptr)));
    auto loaded = pki::CertificateVerifier::Load(dir / "ca.crt", dir / "ca.crl");
    Require(loaded.status());
    verifier = std::move(*loaded);
    auto signer = pki::Signer::Load(dir / "site-b.key", dir / "site-b.crt");
    Require(signer.status());
    certificate = signer->certificate_pem();
    message = std::string(2 * crypto::kX25519KeySize + 40, 'k');
    auto signed_message = signer->Sign(message);
    Require(signed_message.status());
    signature = *signed_message;
  }
  ~Consortium() { std::filesystem::remove_all(dir); }

  static void Require(const Status& status) {
    if (!status.ok()) {
      std::fprintf(stderr, "peer_key_check_bench: %s\n", status.message().c_str());
      std::exit(1);
    }
  }

  std::filesystem::path dir;
  std::unique_ptr<pki::CertificateVerifier> verifier;
  std::string certificate, message, signature;
};

Consortium& TheConsortium() {
  static Consortium consortium;
  return consortium;
}

crypto::ByteView Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The first check of a certificate: parse, chain to the CA, CRL.
void BM_CertificateFirstCheck(benchmark::State& state) {
  Consortium& c = TheConsortium();
  for (auto _ : state) {
    auto parsed = pki::ParseCertificatePem(c.certificate, "bench");
    auto identity = c.verifier->Verify(parsed->get(), std::time(nullptr));
    if (!identity.ok()) state.SkipWithError(identity.status().message().c_str());
    benchmark::DoNotOptimize(identity);
  }
}
BENCHMARK(BM_CertificateFirstCheck)->Unit(benchmark::kMicrosecond);

// Every later check: the certificate is remembered.
void BM_CertificateCheck(benchmark::State& state) {
  Consortium& c = TheConsortium();
  for (auto _ : state) {
    auto identity = c.verifier->Verify(c.certificate, std::time(nullptr));
    if (!identity.ok()) state.SkipWithError(identity.status().message().c_str());
    benchmark::DoNotOptimize(identity);
  }
}
BENCHMARK(BM_CertificateCheck)->Unit(benchmark::kMicrosecond);

void BM_SignatureCheck(benchmark::State& state) {
  Consortium& c = TheConsortium();
  auto accepted = c.verifier->Accept(c.certificate, std::time(nullptr));
  Consortium::Require(accepted.status());
  for (auto _ : state) {
    Status checked = pki::VerifySignature((*accepted)->certificate.get(), c.message, c.signature);
    if (!checked.ok()) state.SkipWithError(checked.message().c_str());
  }
}
BENCHMARK(BM_SignatureCheck)->Unit(benchmark::kMicrosecond);

// Both checks as the key-sharing step runs them.
void BM_PeerKeyVerification(benchmark::State& state) {
  Consortium& c = TheConsortium();
  CertificateKeyVerifier verifier(c.verifier.get());
  for (auto _ : state) {
    Status checked = verifier.Verify("site-b", Bytes(c.certificate), Bytes(c.message), Bytes(c.signature));
    if (!checked.ok()) state.SkipWithError(checked.message().c_str());
  }
}
BENCHMARK(BM_PeerKeyVerification)->Unit(benchmark::kMicrosecond);

void BM_KeyAgreement(benchmark::State& state) {
  auto mine = crypto::X25519KeyPair::Generate();
  auto peer = crypto::X25519KeyPair::Generate();
  if (!mine.ok() || !peer.ok()) {
    state.SkipWithError("cannot generate X25519 keys");
    return;
  }
  for (auto _ : state) {
    auto secret = mine->Agree(peer->public_key());
    benchmark::DoNotOptimize(secret);
  }
}
BENCHMARK(BM_KeyAgreement)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace radfed::secagg

BENCHMARK_MAIN();
