#include "common/crypto/random.h"

#include <openssl/rand.h>

#include <algorithm>

#include "common/crypto/openssl_status.h"

namespace radfed::crypto {
namespace {

// RAND_bytes takes an int length; larger requests are served in pieces.
template <typename Fill>
Status FillInPieces(std::span<uint8_t> out, Fill fill, std::string_view what) {
  constexpr size_t kMaxPiece = size_t{1} << 30;
  while (!out.empty()) {
    size_t piece = std::min(out.size(), kMaxPiece);
    if (fill(out.data(), static_cast<int>(piece)) != 1) return OpenSslError(what);
    out = out.subspan(piece);
  }
  return Status::Ok();
}

}  // namespace

Status RandomBytes(std::span<uint8_t> out) { return FillInPieces(out, RAND_bytes, "RAND_bytes"); }

Status PrivateRandomBytes(std::span<uint8_t> out) {
  return FillInPieces(out, RAND_priv_bytes, "RAND_priv_bytes");
}

Result<SecretBytes> RandomSecret(size_t size) {
  SecretBytes secret(size);
  RADFED_RETURN_IF_ERROR(PrivateRandomBytes(secret.span()));
  return secret;
}

}  // namespace radfed::crypto
