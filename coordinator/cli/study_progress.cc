#include "coordinator/cli/study_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

namespace radfed::cli {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string RoundLine(const v1::RoundStatus& r) {
  std::map<v1::SiteRoundState, std::vector<std::string>> by_state;
  std::vector<std::string> reasons;
  for (const auto& site : r.sites()) {
    by_state[site.state()].push_back(site.site());
    if (!site.reason().empty()) reasons.push_back(site.site() + ": " + site.reason());
  }
  auto list = [&](v1::SiteRoundState state) {
    std::string out;
    for (const auto& s : by_state[state]) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  std::ostringstream line;
  line << "round " << r.round();
  if (r.retry() > 1) line << " (retry " << r.retry() - 1 << ")";
  line << " [" << r.step() << "]";
  if (!by_state[v1::SITE_ROUND_STATE_ANSWERED].empty()) line << " answered: " << list(v1::SITE_ROUND_STATE_ANSWERED) << ";";
  if (!by_state[v1::SITE_ROUND_STATE_AWAITED].empty()) line << " awaiting: " << list(v1::SITE_ROUND_STATE_AWAITED) << ";";
  if (!by_state[v1::SITE_ROUND_STATE_DROPPED].empty()) line << " dropped: " << list(v1::SITE_ROUND_STATE_DROPPED) << ";";
  if (!by_state[v1::SITE_ROUND_STATE_REFUSED].empty()) line << " refused: " << list(v1::SITE_ROUND_STATE_REFUSED) << ";";
  line << " " << Fixed(r.elapsed_seconds(), 1) << " s of " << Fixed(r.timeout_seconds(), 0) << " s";
  if (!r.waiting_reason().empty()) line << " (" << r.waiting_reason() << ")";
  for (const auto& reason : reasons) line << "\n    " << reason;
  return line.str();
}

}  // namespace

std::string StateName(v1::StudyState state) {
  switch (state) {
    case v1::STUDY_STATE_QUEUED: return "queued";
    case v1::STUDY_STATE_RUNNING: return "running";
    case v1::STUDY_STATE_COMPLETED: return "completed";
    case v1::STUDY_STATE_FAILED: return "failed";
    default: return "unknown";
  }
}

std::string DescribeStatus(const v1::StudyStatus& status) {
  std::ostringstream out;
  out << "study " << status.study_id() << " (" << status.name() << ", " << status.type()
      << "): " << StateName(status.state());
  if (!status.message().empty()) out << " - " << status.message();
  out << "\nconnected sites: ";
  for (int i = 0; i < status.connected_sites_size(); ++i) out << (i ? ", " : "") << status.connected_sites(i);
  out << "\n";
  for (const auto& r : status.rounds()) out << "  " << RoundLine(r) << "\n";
  return out.str();
}

std::string DescribeRound(const v1::RoundStatus& round) { return RoundLine(round); }

std::string FormatResult(const nlohmann::json& result) {
  std::ostringstream out;
  if (result.value("type", "") != "statistics") return result.dump(2);
  auto number = [](const nlohmann::json& v, int digits) {
    return v.is_number() ? Fixed(v.get<double>(), digits) : std::string("-");
  };
  auto table = [&](const std::string& title, const nlohmann::json& columns) {
    const bool bounds = !columns.empty() && columns.begin()->contains("min");
    // The name column is as wide as the longest name, so radiomic feature names stay aligned.
    int width = 16;
    for (const auto& [name, c] : columns.items()) {
      width = std::max(width, static_cast<int>(std::min<size_t>(name.size(), 200)));
    }
    char line[512];
    out << title << "\n";
    std::snprintf(line, sizeof line, "  %-*s %8s %8s %14s %14s", width, "column", "n", "missing", "mean", "sd");
    out << line << (bounds ? "           min            max" : "") << "\n";
    for (const auto& [name, c] : columns.items()) {
      std::snprintf(line, sizeof line, "  %-*.200s %8s %8s %14s %14s", width, name.c_str(),
                    number(c["n"], 0).c_str(), number(c["missing"], 0).c_str(),
                    number(c["mean"], 6).c_str(), number(c["sd"], 6).c_str());
      out << line;
      if (bounds) {
        std::snprintf(line, sizeof line, " %14s %14s", number(c["min"], 4).c_str(), number(c["max"], 4).c_str());
        out << line;
      }
      out << "\n";
    }
  };
  std::string sites;
  for (const auto& s : result["sites"]) sites += (sites.empty() ? "" : ", ") + s.get<std::string>();
  out << "study " << result.value("study", "") << ": " << result.value("rows_used", 0.0)
      << " of " << result.value("rows", 0.0) << " patients used, sites: " << sites << "\n";
  table("all sites", result["columns"]);
  if (result.contains("groups")) {
    for (const auto& [group, g] : result["groups"].items()) table(group, g["columns"]);
  }
  return out.str();
}

}  // namespace radfed::cli
