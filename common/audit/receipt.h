// Receipt: what a site signs in every round it takes part in, and keeps.
//
// It binds the study, round and attempt, the SHA-256 of the site's own masked input, and the
// head of the coordinator's audit log (sequence number and hash) as the coordinator announced it
// during the round. Sites store their receipts; an auditor holding them can prove that the log
// once reached that head (a later log that is shorter, or differs there, was truncated or
// rewritten) and that the site's masked input is recorded.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::audit {

struct Receipt {
  std::string study;
  uint64_t round = 0;
  uint64_t attempt = 0;
  std::string site;
  std::string masked_input_sha256;
  uint64_t head_seq = 0;
  std::string head_hash;
  std::string time;
  std::string certificate;  // the site's certificate (PEM)
  std::string signature;    // hex DER ECDSA over SignedBytes()

  std::string SignedBytes() const;
  nlohmann::json ToJson() const;
  static Result<Receipt> FromJson(const nlohmann::json& j);
};

// Writes `receipt` to dir/<study>-<round>-<attempt>.json (atomically).
Status StoreReceipt(const std::filesystem::path& dir, const Receipt& receipt);
// Every receipt under `dir` (errors name the unreadable file).
Result<std::vector<Receipt>> LoadReceipts(const std::filesystem::path& dir);

}  // namespace radfed::audit
