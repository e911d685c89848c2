#include "common/study/statistics_study.h"

#include "common/study/double_double.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

namespace radfed::study {
namespace {

using nlohmann::json;

constexpr int kThresholdsPerRound = 255;

// Groups: index 0 is every row, then one per level when grouping.
size_t GroupCount(const StatisticsSpec& spec) { return spec.group_by ? 3 : 1; }

std::string GroupName(const StatisticsSpec& spec, size_t g) {
  if (g == 0) return "all";
  const double level = spec.levels[g - 1];
  char text[32];
  if (level == std::floor(level) && std::abs(level) < 1e15) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(level));
  } else {
    std::snprintf(text, sizeof text, "%.17g", level);
  }
  return *spec.group_by + "=" + text;
}

// Round 1 layout per group: rows, used rows, then per column
// (missing, n, Σx high, Σx low, Σx² high, Σx² low).
constexpr size_t kGroupHeader = 2;
constexpr size_t kPerColumn = 6;
// Bound on any element a site sends in round 1 (Σx² of a column); larger values are refused.
constexpr double kSumsMaxAbs = 1e14;

struct ColumnTotals {
  double missing = 0, n = 0;
  DoubleDouble sum, squares;  // Σx and Σx² over the sites
  std::optional<double> min, max;
};



struct Bisection {
  uint64_t lo = 0, hi = std::numeric_limits<uint64_t>::max();
  double target_count = 1;  // smallest key with count(<= key) >= target_count
  bool done() const { return lo == hi; }
};

class StatisticsPlan : public StudyPlan {
 public:
  explicit StatisticsPlan(StatisticsSpec spec) : spec_(std::move(spec)) {}

  Result<std::optional<AggregationTask>> Next() override {
    AggregationTask t;
    t.required_sites = sites_;
    t.task = {{"kind", "statistics"}, {"columns", spec_.columns},
              {"complete_cases", spec_.complete_cases}};
    if (spec_.group_by) t.task["group_by"] = {{"column", *spec_.group_by}, {"levels", spec_.levels}};
    const size_t groups = GroupCount(spec_), cols = spec_.columns.size();
    switch (phase_) {
      case Phase::kSums:
        t.task["phase"] = "sums";
        t.length = groups * (kGroupHeader + kPerColumn * cols);
        t.max_abs = kSumsMaxAbs;
        return std::optional(t);
      case Phase::kBounds: {
        t.task["phase"] = "bounds";
        json thresholds = json::array();
        for (const Bisection& b : bisections_) thresholds.push_back(json(Thresholds(b)));
        t.task["thresholds"] = thresholds;
        t.length = bisections_.size() * kThresholdsPerRound;
        return std::optional(t);
      }
      case Phase::kDone:
        return std::optional<AggregationTask>();
    }
    return Status::Internal("statistics plan in an unknown phase");
  }

  Status Accept(const std::vector<double>& sum, const std::set<std::string>& contributors) override {
    RADFED_ASSIGN_OR_RETURN(std::optional<AggregationTask> task, Next());
    if (!task) return Status::FailedPrecondition("statistics study already finished");
    if (sum.size() != task->length) {
      return Status::InvalidArgument("statistics: aggregate has " + std::to_string(sum.size()) +
                                     " values, expected " + std::to_string(task->length));
    }
    if (phase_ != Phase::kSums && contributors != sites_) {
      return Status::FailedPrecondition("statistics: a later round summed a different set of sites than the first");
    }
    const size_t groups = GroupCount(spec_), cols = spec_.columns.size();
    switch (phase_) {
      case Phase::kSums: {
        sites_ = contributors;
        totals_.assign(groups, std::vector<ColumnTotals>(cols));
        rows_.assign(groups, 0);
        used_.assign(groups, 0);
        for (size_t g = 0; g < groups; ++g) {
          const double* v = &sum[g * (kGroupHeader + kPerColumn * cols)];
          rows_[g] = v[0];
          used_[g] = v[1];
          for (size_t c = 0; c < cols; ++c) {
            const double* col = v + kGroupHeader + kPerColumn * c;
            totals_[g][c].missing = col[0];
            totals_[g][c].n = col[1];
            totals_[g][c].sum = DoubleDouble::Of(col[2], col[3]);
            totals_[g][c].squares = DoubleDouble::Of(col[4], col[5]);
          }
        }
        phase_ = Phase::kDone;
        if (spec_.allow_min_max) StartBisections();
        return Status::Ok();
      }
      case Phase::kBounds:
        for (size_t b = 0; b < bisections_.size(); ++b) {
          Narrow(bisections_[b], &sum[b * kThresholdsPerRound]);
        }
        if (AllBisectionsDone()) FinishBounds();
        return Status::Ok();
      case Phase::kDone:
        break;
    }
    return Status::FailedPrecondition("statistics study already finished");
  }

  json Outcome() const override {
    json out = {{"study", spec_.name}, {"type", "statistics"},
                {"sites", json(std::vector<std::string>(sites_.begin(), sites_.end()))},
                {"complete_cases", spec_.complete_cases}};
    if (phase_ != Phase::kDone) {
      out["finished"] = false;
      return out;
    }
    out["finished"] = true;
    const size_t groups = GroupCount(spec_);
    for (size_t g = 0; g < groups; ++g) {
      json group = {{"rows", rows_[g]}, {"rows_used", used_[g]}, {"columns", json::object()}};
      for (size_t c = 0; c < spec_.columns.size(); ++c) {
        const ColumnTotals& ct = totals_[g][c];
        json col = {{"n", ct.n}, {"missing", ct.missing}};
        col["mean"] = ct.n > 0 ? json((ct.sum / ct.n).value()) : json(nullptr);
        if (ct.n > 1) {
          const double deviations = std::max(0.0, (ct.squares - ct.sum * ct.sum / ct.n).value());
          col["sd"] = std::sqrt(deviations / (ct.n - 1));
        } else {
          col["sd"] = nullptr;
        }
        if (spec_.allow_min_max) {
          col["min"] = ct.min ? json(*ct.min) : json(nullptr);
          col["max"] = ct.max ? json(*ct.max) : json(nullptr);
        }
        group["columns"][spec_.columns[c]] = col;
      }
      if (g == 0) {
        out["rows"] = group["rows"];
        out["rows_used"] = group["rows_used"];
        out["columns"] = group["columns"];
      } else {
        out["groups"][GroupName(spec_, g)] = group;
      }
    }
    return out;
  }

  json AuditSummary() const override {
    return {{"phase", phase_ == Phase::kSums ? "sums" : phase_ == Phase::kBounds ? "bounds" : "done"},
            {"sites", sites_}};
  }

  json SaveState() const override {
    json totals = json::array();
    for (const auto& group : totals_) {
      json g = json::array();
      for (const ColumnTotals& ct : group) {
        g.push_back({{"missing", ct.missing}, {"n", ct.n}, {"sum", {ct.sum.hi, ct.sum.lo}},
                     {"squares", {ct.squares.hi, ct.squares.lo}},
                     {"min", ct.min ? json(*ct.min) : json(nullptr)},
                     {"max", ct.max ? json(*ct.max) : json(nullptr)}});
      }
      totals.push_back(g);
    }
    json bis = json::array();
    for (const Bisection& b : bisections_) bis.push_back({b.lo, b.hi, b.target_count});
    return {{"phase", static_cast<int>(phase_)}, {"sites", sites_}, {"rows", rows_},
            {"used", used_},  {"totals", totals}, {"bisections", bis}};
  }

  Status Restore(const json& s) {
    try {
      phase_ = static_cast<Phase>(s.at("phase").get<int>());
      sites_ = s.at("sites").get<std::set<std::string>>();
      rows_ = s.at("rows").get<std::vector<double>>();
      used_ = s.at("used").get<std::vector<double>>();
      totals_.clear();
      for (const json& g : s.at("totals")) {
        std::vector<ColumnTotals> group;
        for (const json& c : g) {
          ColumnTotals ct;
          ct.missing = c.at("missing");
          ct.n = c.at("n");
          ct.sum = {c.at("sum").at(0).get<double>(), c.at("sum").at(1).get<double>()};
          ct.squares = {c.at("squares").at(0).get<double>(), c.at("squares").at(1).get<double>()};
          if (!c.at("min").is_null()) ct.min = c.at("min").get<double>();
          if (!c.at("max").is_null()) ct.max = c.at("max").get<double>();
          group.push_back(ct);
        }
        totals_.push_back(group);
      }
      bisections_.clear();
      for (const json& b : s.at("bisections")) {
        bisections_.push_back({b.at(0).get<uint64_t>(), b.at(1).get<uint64_t>(), b.at(2).get<double>()});
      }
    } catch (const json::exception& e) {
      return Status::DataLoss(std::string("statistics plan state unreadable: ") + e.what());
    }
    return Status::Ok();
  }

 private:
  enum class Phase { kSums = 0, kBounds = 2, kDone = 3 };

  // Thresholds t_0 < ... < t_254 < hi split [lo, hi] into 256 parts: [lo, t_0], (t_0, t_1], ...,
  // (t_254, hi]. t_i = lo + floor(d * (i + 1) / 256) with d = hi - lo, computed without overflow.
  static std::vector<uint64_t> Thresholds(const Bisection& b) {
    const uint64_t d = b.hi - b.lo;
    const uint64_t q = d / (kThresholdsPerRound + 1), r = d % (kThresholdsPerRound + 1);
    std::vector<uint64_t> t(kThresholdsPerRound);
    for (uint64_t i = 0; i < kThresholdsPerRound; ++i) {
      t[i] = b.lo + q * (i + 1) + r * (i + 1) / (kThresholdsPerRound + 1);
    }
    return t;
  }

  // Keeps the part of [lo, hi] that holds the smallest key whose count reaches the target.
  static void Narrow(Bisection& b, const double* counts) {
    if (b.done()) return;
    const std::vector<uint64_t> t = Thresholds(b);
    for (int i = 0; i < kThresholdsPerRound; ++i) {
      if (counts[i] >= b.target_count) {
        if (i > 0) b.lo = t[i - 1] + 1;
        b.hi = t[i];
        return;
      }
    }
    b.lo = t[kThresholdsPerRound - 1] + 1;
  }

  void StartBisections() {
    bisections_.clear();
    for (const auto& group : totals_) {
      for (const ColumnTotals& ct : group) {
        // Targets: min (first value) and max (the n-th value); empty columns finish at once.
        Bisection min_b, max_b;
        min_b.target_count = 1;
        max_b.target_count = ct.n;
        if (ct.n == 0) min_b.lo = min_b.hi = max_b.lo = max_b.hi = 0;
        bisections_.push_back(min_b);
        bisections_.push_back(max_b);
      }
    }
    phase_ = AllBisectionsDone() ? Phase::kDone : Phase::kBounds;
    if (phase_ == Phase::kDone) FinishBounds();
  }

  bool AllBisectionsDone() const {
    for (const Bisection& b : bisections_)
      if (!b.done()) return false;
    return true;
  }

  void FinishBounds() {
    size_t b = 0;
    for (auto& group : totals_) {
      for (ColumnTotals& ct : group) {
        if (ct.n > 0) {
          ct.min = FromOrderedKey(bisections_[b].lo);
          ct.max = FromOrderedKey(bisections_[b + 1].lo);
        }
        b += 2;
      }
    }
    phase_ = Phase::kDone;
  }

  StatisticsSpec spec_;
  Phase phase_ = Phase::kSums;
  std::set<std::string> sites_;
  std::vector<double> rows_, used_;
  std::vector<std::vector<ColumnTotals>> totals_;
  std::vector<Bisection> bisections_;
};

// Site side ---------------------------------------------------------------------------------

struct SiteData {
  std::vector<std::vector<double>> columns;
  std::vector<int> group;  // per row: 0 = no level group, 1 or 2 = level index + 1
  std::vector<bool> usable;
};

Result<SiteData> LoadSiteData(const json& task, const ColumnSource& data) {
  SiteData site;
  const auto columns = task.at("columns").get<std::vector<std::string>>();
  const bool complete_cases = task.at("complete_cases").get<bool>();
  for (const std::string& name : columns) {
    RADFED_ASSIGN_OR_RETURN(std::vector<double> values, data.Numeric(name));
    site.columns.push_back(std::move(values));
  }
  const size_t rows = data.row_count();
  site.group.assign(rows, 0);
  site.usable.assign(rows, true);
  if (task.contains("group_by")) {
    const std::string column = task["group_by"].at("column");
    const auto levels = task["group_by"].at("levels").get<std::vector<double>>();
    RADFED_ASSIGN_OR_RETURN(std::vector<double> values, data.Numeric(column));
    size_t other = 0;
    for (size_t r = 0; r < rows; ++r) {
      if (std::isnan(values[r])) {
        if (complete_cases) site.usable[r] = false;
        continue;
      }
      if (values[r] == levels[0]) site.group[r] = 1;
      else if (values[r] == levels[1]) site.group[r] = 2;
      else ++other;
    }
    if (other > 0) {
      return Status::InvalidArgument("grouping column '" + column + "' has " +
                                     std::to_string(other) +
                                     " values that are not one of the study's two levels");
    }
  }
  if (complete_cases) {
    for (const auto& col : site.columns)
      for (size_t r = 0; r < rows; ++r)
        if (std::isnan(col[r])) site.usable[r] = false;
  }
  return site;
}

}  // namespace

uint64_t OrderedKey(double value) {
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}

double FromOrderedKey(uint64_t key) {
  const uint64_t bits = (key >> 63) ? key & ~(uint64_t{1} << 63) : ~key;
  return std::bit_cast<double>(bits);
}

Result<StatisticsSpec> ParseStatisticsSpec(const config::YamlNode& root, const std::string& name) {
  StatisticsSpec spec;
  spec.name = name;
  RADFED_ASSIGN_OR_RETURN(spec.columns, root.GetStringList("columns"));
  if (spec.columns.empty()) return root.ErrorAt("columns", "list at least one column");
  if (auto group = root.OptionalChild("group_by")) {
    RADFED_ASSIGN_OR_RETURN(std::string column, group->AsString());
    spec.group_by = column;
  }
  if (auto levels = root.OptionalChild("levels")) {
    RADFED_ASSIGN_OR_RETURN(std::vector<config::YamlNode> items, levels->AsList());
    if (items.size() != 2) return levels->Error("a binary grouping needs exactly two levels");
    spec.levels.clear();
    for (const auto& item : items) {
      RADFED_ASSIGN_OR_RETURN(double v, item.AsDouble());
      spec.levels.push_back(v);
    }
    if (spec.levels[0] == spec.levels[1]) return levels->Error("the two levels must differ");
    if (!spec.group_by) return root.ErrorAt("levels", "only meaningful with group_by");
  }
  RADFED_ASSIGN_OR_RETURN(std::string missing, root.GetString("missing", "complete-cases"));
  if (missing == "complete-cases") spec.complete_cases = true;
  else if (missing == "available") spec.complete_cases = false;
  else return root.ErrorAt("missing", "expected 'complete-cases' or 'available', got '" + missing + "'");
  RADFED_ASSIGN_OR_RETURN(spec.allow_min_max, root.GetBool("allow_min_max", false));
  return spec;
}

std::unique_ptr<StudyPlan> MakeStatisticsPlan(const StatisticsSpec& spec) {
  return std::make_unique<StatisticsPlan>(spec);
}

Result<std::unique_ptr<StudyPlan>> RestoreStatisticsPlan(const StatisticsSpec& spec,
                                                        const nlohmann::json& state) {
  auto plan = std::make_unique<StatisticsPlan>(spec);
  RADFED_RETURN_IF_ERROR(plan->Restore(state));
  return std::unique_ptr<StudyPlan>(std::move(plan));
}

Result<std::vector<double>> StatisticsContribution(const json& task, const ColumnSource& data,
                                                   size_t min_rows) {
  try {
    RADFED_ASSIGN_OR_RETURN(SiteData site, LoadSiteData(task, data));
    const size_t rows = data.row_count();
    size_t usable = 0;
    for (bool u : site.usable) usable += u;
    if (usable < min_rows) {
      return Status::PermissionDenied("only " + std::to_string(usable) +
                                      " usable rows, below the site's minimum of " +
                                      std::to_string(min_rows));
    }
    const size_t groups = task.contains("group_by") ? 3 : 1;
    const size_t cols = site.columns.size();
    auto in_group = [&](size_t r, size_t g) { return g == 0 || site.group[r] == static_cast<int>(g); };
    auto counts = [&](size_t r, size_t c) {
      return site.usable[r] && !std::isnan(site.columns[c][r]);
    };
    const std::string phase = task.at("phase");
    std::vector<double> out;
    if (phase == "sums") {
      out.assign(groups * (kGroupHeader + kPerColumn * cols), 0.0);
      for (size_t g = 0; g < groups; ++g) {
        double* v = &out[g * (kGroupHeader + kPerColumn * cols)];
        std::vector<long double> sums(cols, 0.0L), squares(cols, 0.0L);
        for (size_t r = 0; r < rows; ++r) {
          if (!in_group(r, g)) continue;
          v[0] += 1;
          v[1] += site.usable[r];
          for (size_t c = 0; c < cols; ++c) {
            if (std::isnan(site.columns[c][r])) v[kGroupHeader + kPerColumn * c] += 1;
            if (counts(r, c)) {
              const long double x = site.columns[c][r];
              v[kGroupHeader + kPerColumn * c + 1] += 1;
              sums[c] += x;
              squares[c] += x * x;
            }
          }
        }
        for (size_t c = 0; c < cols; ++c) {
          double* col = v + kGroupHeader + kPerColumn * c;
          SplitForSum(sums[c], &col[2], &col[3]);
          SplitForSum(squares[c], &col[4], &col[5]);
        }
      }
    } else if (phase == "bounds") {
      const json& thresholds = task.at("thresholds");
      if (thresholds.size() != groups * cols * 2) {
        return Status::InvalidArgument("statistics task: wrong number of bisection targets");
      }
      out.assign(thresholds.size() * kThresholdsPerRound, 0.0);
      for (size_t g = 0; g < groups; ++g)
        for (size_t c = 0; c < cols; ++c) {
          std::vector<uint64_t> keys;
          for (size_t r = 0; r < rows; ++r)
            if (in_group(r, g) && counts(r, c)) keys.push_back(OrderedKey(site.columns[c][r]));
          std::sort(keys.begin(), keys.end());
          for (size_t which = 0; which < 2; ++which) {
            const size_t target = (g * cols + c) * 2 + which;
            const auto t = thresholds.at(target).get<std::vector<uint64_t>>();
            if (t.size() != kThresholdsPerRound) {
              return Status::InvalidArgument("statistics task: wrong number of thresholds");
            }
            for (int i = 0; i < kThresholdsPerRound; ++i) {
              const auto at_or_below = std::upper_bound(keys.begin(), keys.end(), t[i]) - keys.begin();
              out[target * kThresholdsPerRound + i] = static_cast<double>(at_or_below);
            }
          }
        }
    } else {
      return Status::InvalidArgument("statistics task: unknown phase '" + phase + "'");
    }
    return out;
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("malformed statistics task: ") + e.what());
  }
}

}  // namespace radfed::study
