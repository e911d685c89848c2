// Pseudonymizer: keyed pseudonyms for case identifiers, so feature tables carry no hospital ids.
//
// The pseudonym of an id is "p-" followed by the first 16 hex digits (64 bits) of
// HMAC-SHA-256(site key, id): stable for a site (the same patient always gets the same
// pseudonym, so tables pseudonymised separately still join) and not reversible or linkable across
// sites without the key, which never leaves the site.
#pragma once

#include <filesystem>
#include <string>

#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::radiomics {

class Pseudonymizer {
 public:
  // Reads the site key from `path` (a file of at least 32 bytes). NotFound if there is none.
  static Result<Pseudonymizer> Load(const std::filesystem::path& path);
  // Load, but where no file exists yet, creates it with 32 random bytes and mode 0600 (and its
  // missing parent directories) and sets *created. Only extraction creates keys: anything run
  // later must use the key the features were pseudonymised with, or its ids will not join.
  // Safe when several processes (shards) start at once: all of them end up with the same key.
  static Result<Pseudonymizer> LoadOrCreate(const std::filesystem::path& path, bool* created = nullptr);
  // Ids pass through unchanged (the site opted out of pseudonymisation).
  static Pseudonymizer Identity();

  // The pseudonym of `case_id` (or `case_id` itself for Identity()).
  Result<std::string> Pseudonym(const std::string& case_id) const;

 private:
  explicit Pseudonymizer(crypto::SecretBytes key) : key_(std::move(key)), identity_(false) {}
  Pseudonymizer() : identity_(true) {}

  crypto::SecretBytes key_;
  bool identity_;
};

}  // namespace radfed::radiomics
