#include "node/radiomics/batch/pseudonym.h"

#include <fstream>
#include <iterator>
#include <vector>

#include "common/crypto/hmac.h"
#include "common/crypto/random.h"
#include "common/io/file_writing.h"

namespace radfed::radiomics {

Result<Pseudonymizer> Pseudonymizer::Load(const std::filesystem::path& path) {
  std::error_code ec;
  const auto type = std::filesystem::status(path, ec).type();
  if (type == std::filesystem::file_type::not_found) {
    return Status::NotFound(path.string() + ": no pseudonym key (extract-batch creates it on its first run; "
                                            "give that file with --pseudonym-key)");
  }
  if (type != std::filesystem::file_type::regular) {
    return Status::InvalidArgument(path.string() + ": not a file; expected the site's pseudonym key");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path.string() + ": cannot read the pseudonym key");
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  crypto::SecretBytes key{crypto::ByteView(bytes)};
  crypto::Cleanse(bytes);
  if (key.size() < 32) {
    return Status::InvalidArgument(path.string() + ": a pseudonym key needs at least 32 bytes, found " +
                                   std::to_string(key.size()));
  }
  return Pseudonymizer(std::move(key));
}

Result<Pseudonymizer> Pseudonymizer::LoadOrCreate(const std::filesystem::path& path, bool* created) {
  if (created) *created = false;
  std::error_code ec;
  if (std::filesystem::status(path, ec).type() == std::filesystem::file_type::not_found) {
    // A first run at a site: the key's directory (e.g. the node's state directory) may not exist yet.
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Status::IoError(path.parent_path().string() + ": cannot create directory: " + ec.message());
    crypto::SecretBytes key(32);
    RADFED_RETURN_IF_ERROR(crypto::PrivateRandomBytes(key.span()));
    const std::string bytes(reinterpret_cast<const char*>(key.data()), key.size());
    const Status written = io::WriteNewFile(path, bytes, 0600);
    // Shards of one batch started together race to create the key: the loser reads the winner's.
    if (written.ok()) {
      if (created) *created = true;
      return Pseudonymizer(std::move(key));
    }
    if (written.code() != StatusCode::kAlreadyExists) return written.WithContext("pseudonym key");
  }
  return Load(path);
}

Pseudonymizer Pseudonymizer::Identity() { return Pseudonymizer(); }

Result<std::string> Pseudonymizer::Pseudonym(const std::string& case_id) const {
  if (identity_) return case_id;
  const crypto::ByteView id(reinterpret_cast<const uint8_t*>(case_id.data()), case_id.size());
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Digest mac, crypto::HmacSha256(key_.view(), id));
  return "p-" + crypto::DigestHex(mac).substr(0, 16);
}

}  // namespace radfed::radiomics
