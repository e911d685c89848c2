#include "common/audit/receipt.h"

#include <fstream>
#include <sstream>

#include "common/io/file_reading.h"
#include "common/io/file_writing.h"
#include "common/io/untrusted_json.h"
#include "common/pki/openssl_util.h"

namespace radfed::audit {

std::string Receipt::SignedBytes() const {
  nlohmann::json j = ToJson();
  j.erase("signature");
  j.erase("certificate");
  return j.dump();
}

nlohmann::json Receipt::ToJson() const {
  return {{"study", study}, {"round", round}, {"attempt", attempt}, {"site", site},
          {"masked_input_sha256", masked_input_sha256}, {"head_seq", head_seq}, {"head_hash", head_hash},
          {"time", time}, {"certificate", certificate}, {"signature", signature}};
}

Result<Receipt> Receipt::FromJson(const nlohmann::json& j) {
  try {
    Receipt r;
    r.study = j.at("study");
    r.round = j.at("round");
    r.attempt = j.at("attempt");
    r.site = j.at("site");
    r.masked_input_sha256 = j.at("masked_input_sha256");
    r.head_seq = j.at("head_seq");
    r.head_hash = j.at("head_hash");
    r.time = j.at("time");
    r.certificate = j.at("certificate");
    r.signature = j.at("signature");
    return r;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(std::string("malformed receipt: ") + e.what());
  }
}

Status StoreReceipt(const std::filesystem::path& dir, const Receipt& receipt) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir.string() + ": " + ec.message());
  const auto path = dir / (receipt.study + "-" + std::to_string(receipt.round) + "-" + std::to_string(receipt.attempt) + ".json");
  return io::WriteFileAtomic(path, receipt.ToJson().dump(2) + "\n", 0644);
}

Result<std::vector<Receipt>> LoadReceipts(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::NotFound(dir.string() + ": not a directory of receipts");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
  if (ec) return Status::IoError(dir.string() + ": cannot list receipts: " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Receipt> out;
  for (const auto& file : files) {
    RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(file));
    const auto j = io::ParseUntrustedJson(text);
    if (j.is_discarded()) return Status::DataLoss(file.string() + ": not valid JSON");
    auto r = Receipt::FromJson(j);
    if (!r.ok()) return r.status().WithContext(file.string());
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace radfed::audit
