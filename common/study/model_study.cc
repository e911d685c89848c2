#include "common/study/model_study.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "common/model/contribution.h"
#include "common/model/discrimination.h"
#include "common/model/expression.h"
#include "common/model/inference.h"
#include "common/model/local_data.h"
#include "common/model/newton.h"
#include "common/model/standardization.h"
#include "common/model/survival_curves.h"
#include "common/study/double_double.h"

namespace radfed::study {
namespace {

using json = nlohmann::json;
using model::ModelType;

// Bound on any element a site sends for a model task (sums of squares of large covariates).
constexpr double kModelMaxAbs = 1e14;

// The numbers are kept in saved plan states; new phases take new numbers.
enum class Phase {
  kCensus = 0, kMoments = 1, kEventTimes = 2, kFit = 3, kEvaluate = 4, kCalibrate = 5, kDone = 6,
  kRiskScale = 7, kRiskHistogram = 8, kSurvival = 9
};

const char* PhaseName(Phase p) {
  switch (p) {
    case Phase::kCensus: return "census";
    case Phase::kMoments: return "moments";
    case Phase::kEventTimes: return "event_times";
    case Phase::kFit: return "fit";
    case Phase::kEvaluate: return "evaluate";
    case Phase::kCalibrate: return "calibrate";
    case Phase::kRiskScale: return "risk_scale";
    case Phase::kRiskHistogram: return "risk_histogram";
    case Phase::kSurvival: return "survival";
    case Phase::kDone: return "done";
  }
  return "unknown";
}

json ToJson(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
// JSON has no infinity: an unbounded cut-off is null.
json Bound(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double BoundFrom(const json& j) { return j.is_number() ? j.get<double>() : INFINITY; }
Eigen::VectorXd VectorFrom(const json& j) {
  const auto v = j.get<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

size_t Terms(const ModelStudySpec& spec) { return spec.model.terms.size(); }

model::NewtonOptions FitOptions(const ModelStudySpec& spec) {
  model::NewtonOptions o;
  o.algorithm = spec.model.type == ModelType::kLogistic ? model::FitAlgorithm::kGlmIrls : model::FitAlgorithm::kNewton;
  o.max_iterations = spec.max_iterations;
  o.tolerance = spec.effective_tolerance();
  o.l2 = spec.l2;
  o.unpenalised = spec.model.type == ModelType::kLogistic ? 1 : 0;
  return o;
}

model::NewtonOptions CalibrationOptions(const ModelStudySpec& spec) {
  model::NewtonOptions o = FitOptions(spec);
  o.l2 = 0;
  return o;
}

size_t CalibrationParameters(const ModelStudySpec& spec) { return spec.model.type == ModelType::kLogistic ? 2 : 1; }

// One pass: the main fit (held_out empty) or one leave-one-site-out fold.
struct Pass {
  std::string held_out;
  model::NewtonFit fit;
  model::NewtonFit calibration;
  std::vector<double> history;       // log-likelihood of each accepted evaluation (main pass)
  json discrimination = json::object();
  json calibration_result = json::object();
};

json SavePass(const Pass& p) {
  return {{"held_out", p.held_out}, {"fit", p.fit.Save()}, {"calibration", p.calibration.Save()},
          {"history", p.history}, {"discrimination", p.discrimination}, {"calibration_result", p.calibration_result}};
}

Result<Pass> RestorePass(const json& j) {
  RADFED_ASSIGN_OR_RETURN(model::NewtonFit fit, model::NewtonFit::Restore(j.at("fit")));
  RADFED_ASSIGN_OR_RETURN(model::NewtonFit calibration, model::NewtonFit::Restore(j.at("calibration")));
  Pass p{j.at("held_out"), std::move(fit), std::move(calibration), j.at("history").get<std::vector<double>>(),
         j.at("discrimination"), j.at("calibration_result")};
  return p;
}

class ModelPlan : public StudyPlan {
 public:
  ModelPlan(ModelStudySpec spec, std::vector<std::string> roster)
      : spec_(std::move(spec)), roster_(std::move(roster)), pass_(NewPass("")) {}

  Result<std::optional<AggregationTask>> Next() override {
    if (phase_ == Phase::kDone) return std::optional<AggregationTask>();
    AggregationTask t;
    t.required_sites = std::set<std::string>(sites_.begin(), sites_.end());
    t.max_abs = kModelMaxAbs;
    t.task = {{"kind", "model"}, {"phase", PhaseName(phase_)}, {"model", spec_.model.ToJson()}};
    const size_t p = spec_.model.parameters();
    switch (phase_) {
      case Phase::kCensus:
        t.task["roster"] = roster_;
        t.length = 2 * roster_.size();
        break;
      case Phase::kMoments:
        t.length = 5 * Terms(spec_);
        break;
      case Phase::kEventTimes:
        t.task["levels"] = spec_.strata_levels.values;
        t.task["time_max"] = spec_.time_max;
        t.length = spec_.strata_levels.count() * static_cast<size_t>(spec_.time_max + 1);
        break;
      case Phase::kFit:
        AddModelContext(t.task, pass_.fit.proposal(), pass_.fit.at_start());
        t.task["mode"] = pass_.held_out.empty() ? "all" : "exclude";
        t.length = spec_.shared_baseline ? model::RiskSetSumsSize(grid_, p) : model::FlatSize(p);
        break;
      case Phase::kEvaluate:
        AddModelContext(t.task, pass_.fit.beta(), false);
        t.task["mode"] = pass_.held_out.empty() ? "all" : "only";
        t.length = spec_.model.type == ModelType::kCox ? 3 : 2 * model::kAucBins;
        break;
      case Phase::kCalibrate:
        AddModelContext(t.task, pass_.fit.beta(), false);
        t.task["calibration_beta"] = ToJson(pass_.calibration.proposal());
        t.task["calibration_start"] = pass_.calibration.at_start();
        t.task["mode"] = pass_.held_out.empty() ? "all" : "only";
        t.length = model::FlatSize(CalibrationParameters(spec_));
        break;
      case Phase::kRiskScale:
        AddModelContext(t.task, done_passes_.front().fit.beta(), false);
        t.length = 4;
        break;
      case Phase::kRiskHistogram:
        AddModelContext(t.task, done_passes_.front().fit.beta(), false);
        t.task["risk_scale"] = {{"center", risk_.center}, {"spread", risk_.spread}};
        t.task["horizons"] = horizons_;
        t.length = model::kRiskBins + horizons_.size();
        break;
      case Phase::kSurvival:
        AddModelContext(t.task, done_passes_.front().fit.beta(), false);
        t.task["cutoffs"] = {Bound(cutoffs_[0]), Bound(cutoffs_[1])};
        t.task["edges"] = edges_;
        t.length = 3 * model::kRiskGroups * (edges_.size() - 1);
        break;
      case Phase::kDone:
        break;
    }
    t.task["held_out"] = pass_.held_out;
    t.task["length"] = t.length;
    return std::optional(t);
  }

  Status Accept(const std::vector<double>& sum, const std::set<std::string>& contributors) override {
    RADFED_ASSIGN_OR_RETURN(std::optional<AggregationTask> task, Next());
    if (!task) return Status::FailedPrecondition("the model study already finished");
    if (sum.size() != task->length) {
      return Status::InvalidArgument("model study: aggregate of " + std::to_string(sum.size()) + " values, expected " +
                                     std::to_string(task->length));
    }
    if (phase_ != Phase::kCensus && contributors != std::set<std::string>(sites_.begin(), sites_.end())) {
      return Status::FailedPrecondition("model study: a round summed a different set of sites than the census");
    }
    switch (phase_) {
      case Phase::kCensus: return AcceptCensus(sum, contributors);
      case Phase::kMoments: return AcceptMoments(sum);
      case Phase::kEventTimes: return AcceptEventTimes(sum);
      case Phase::kFit: return AcceptFit(sum);
      case Phase::kEvaluate: return AcceptEvaluate(sum);
      case Phase::kCalibrate: return AcceptCalibrate(sum);
      case Phase::kRiskScale: return AcceptRiskScale(sum);
      case Phase::kRiskHistogram: return AcceptRiskHistogram(sum);
      case Phase::kSurvival: return AcceptSurvival(sum);
      case Phase::kDone: break;
    }
    return Status::FailedPrecondition("the model study already finished");
  }

  json Outcome() const override { return outcome_; }

  json AuditSummary() const override {
    json summary = {{"phase", PhaseName(phase_)}, {"held_out", pass_.held_out}};
    if (phase_ == Phase::kFit) summary["next_coefficients"] = ToJson(pass_.fit.proposal());
    if (phase_ != Phase::kCensus) summary["sites"] = sites_;
    return summary;
  }

  json SaveState() const override {
    json passes = json::array();
    for (const Pass& p : done_passes_) passes.push_back(SavePass(p));
    json grid = json::array();
    for (const auto& times : grid_.times) grid.push_back(times);
    return {{"phase", static_cast<int>(phase_)}, {"sites", sites_}, {"site_n", site_n_},
            {"site_events", site_events_}, {"mean", mean_}, {"sd", sd_}, {"grid", grid},
            {"pass", SavePass(pass_)}, {"done_passes", passes}, {"outcome", outcome_},
            {"risk_scale", {risk_.center, risk_.spread, risk_.mean_time, risk_.n}}, {"horizons", horizons_},
            {"cutoffs", {Bound(cutoffs_[0]), Bound(cutoffs_[1])}}, {"edges", edges_},
            {"survival_curves", survival_}};
  }

  Status Restore(const json& s) {
    try {
      phase_ = static_cast<Phase>(s.at("phase").get<int>());
      sites_ = s.at("sites").get<std::vector<std::string>>();
      site_n_ = s.at("site_n").get<std::vector<double>>();
      site_events_ = s.at("site_events").get<std::vector<double>>();
      mean_ = s.at("mean").get<std::vector<double>>();
      sd_ = s.at("sd").get<std::vector<double>>();
      grid_.times = s.at("grid").get<std::vector<std::vector<int>>>();
      RADFED_ASSIGN_OR_RETURN(pass_, RestorePass(s.at("pass")));
      done_passes_.clear();
      for (const json& p : s.at("done_passes")) {
        RADFED_ASSIGN_OR_RETURN(Pass restored, RestorePass(p));
        done_passes_.push_back(std::move(restored));
      }
      outcome_ = s.at("outcome");
      // States saved before the survival rounds existed lack these keys.
      if (s.contains("risk_scale")) {
        const auto r = s["risk_scale"].get<std::vector<double>>();
        if (r.size() != 4) return Status::DataLoss("model plan state: risk_scale needs 4 values");
        risk_ = {r[0], r[1], r[2], r[3]};
        horizons_ = s.at("horizons").get<std::vector<double>>();
        cutoffs_ = {BoundFrom(s.at("cutoffs").at(0)), BoundFrom(s.at("cutoffs").at(1))};
        edges_ = s.at("edges").get<std::vector<double>>();
        survival_ = s.at("survival_curves");
      }
    } catch (const json::exception& e) {
      return Status::DataLoss(std::string("model plan state unreadable: ") + e.what());
    }
    return Status::Ok();
  }

 private:
  Pass NewPass(std::string held_out) const {
    return Pass{std::move(held_out), model::NewtonFit(spec_.model.parameters(), FitOptions(spec_)),
                model::NewtonFit(CalibrationParameters(spec_), CalibrationOptions(spec_)), {}, json::object(),
                json::object()};
  }

  // What every fit/evaluate/calibrate task carries: coefficients (on the fitted scale) and how to
  // transform the terms.
  void AddModelContext(json& task, const Eigen::VectorXd& beta, bool start) const {
    task["beta"] = ToJson(beta);
    task["start"] = start;
    if (spec_.standardize) task["standardize"] = {{"mean", mean_}, {"sd", sd_}};
    if (spec_.shared_baseline) {
      json grid = json::array();
      for (const auto& times : grid_.times) grid.push_back(times);
      task["shared"] = {{"levels", spec_.strata_levels.values}, {"grid", grid}, {"center", Center()}};
    }
  }

  // Shared-baseline fits centre the linear predictor at the pooled means (zero once standardised).
  std::vector<double> Center() const {
    return spec_.standardize ? std::vector<double>(Terms(spec_), 0.0) : mean_;
  }

  bool NeedMoments() const { return spec_.standardize || spec_.shared_baseline; }

  Status AcceptCensus(const std::vector<double>& sum, const std::set<std::string>& contributors) {
    sites_.clear();
    site_n_.assign(roster_.size(), 0);
    site_events_.assign(roster_.size(), 0);
    for (size_t i = 0; i < roster_.size(); ++i) {
      site_n_[i] = sum[2 * i];
      site_events_[i] = sum[2 * i + 1];
      if (contributors.count(roster_[i])) sites_.push_back(roster_[i]);
    }
    phase_ = NeedMoments() ? Phase::kMoments : spec_.shared_baseline ? Phase::kEventTimes : Phase::kFit;
    return Status::Ok();
  }

  Status AcceptMoments(const std::vector<double>& sum) {
    mean_.assign(Terms(spec_), 0);
    sd_.assign(Terms(spec_), 0);
    for (size_t j = 0; j < Terms(spec_); ++j) {
      const double* v = &sum[5 * j];
      const double n = v[0];
      const DoubleDouble s = DoubleDouble::Of(v[1], v[2]), q = DoubleDouble::Of(v[3], v[4]);
      mean_[j] = (s / n).value();
      sd_[j] = std::sqrt(std::max(0.0, (q - s * s / n).value()) / (n - 1));
      if (!(sd_[j] > 0) && spec_.standardize) {
        return Status::FailedPrecondition("term '" + spec_.model.terms[j] + "' is constant over all sites");
      }
    }
    phase_ = spec_.shared_baseline ? Phase::kEventTimes : Phase::kFit;
    return Status::Ok();
  }

  Status AcceptEventTimes(const std::vector<double>& sum) {
    RADFED_ASSIGN_OR_RETURN(grid_, model::GridFromHistogram(sum, spec_.strata_levels.count(), spec_.time_max));
    if (grid_.size() == 0) return Status::FailedPrecondition("no events at any site: a Cox model cannot be fitted");
    phase_ = Phase::kFit;
    return Status::Ok();
  }

  Result<model::Contribution> FitContribution(const std::vector<double>& sum) const {
    const size_t p = spec_.model.parameters();
    if (!spec_.shared_baseline) return model::Unflatten(sum, p);
    return model::SharedBaselineContribution(sum, grid_, p, pass_.fit.proposal(), Center(), spec_.model.ties);
  }

  Status AcceptFit(const std::vector<double>& sum) {
    RADFED_ASSIGN_OR_RETURN(model::Contribution total, FitContribution(sum));
    RADFED_RETURN_IF_ERROR(pass_.fit.Accept(total));
    if (pass_.held_out.empty()) pass_.history.push_back(total.loglik);
    if (pass_.fit.state() == model::NewtonFit::State::kEvaluating) return Status::Ok();
    if (pass_.fit.state() == model::NewtonFit::State::kFailed && pass_.held_out.empty()) {
      return Status::FailedPrecondition("the model did not converge: " + pass_.fit.failure());
    }
    phase_ = pass_.fit.state() == model::NewtonFit::State::kConverged ? Phase::kEvaluate : Phase::kDone;
    if (phase_ == Phase::kDone) FinishPass();
    return Status::Ok();
  }

  Status AcceptEvaluate(const std::vector<double>& sum) {
    if (spec_.model.type == ModelType::kCox) {
      model::ConcordanceCounts c{sum[0], sum[1], sum[2]};
      pass_.discrimination = {{"c_index", std::isnan(c.C()) ? json(nullptr) : json(c.C())},
                              {"concordant", c.concordant}, {"discordant", c.discordant}, {"tied_risk", c.tied_risk}};
    } else {
      const model::AucResult a = model::AucFromHistogram(sum);
      pass_.discrimination = {{"auc", std::isnan(a.auc) ? json(nullptr) : json(a.auc)}, {"auc_exact", a.exact},
                              {"auc_resolution", 1.0 / model::kAucBins}, {"positives", a.positives},
                              {"negatives", a.negatives}};
      json roc = json::array();
      for (const model::RocPoint& point : model::RocFromHistogram(sum)) roc.push_back({point.fpr, point.tpr});
      pass_.discrimination["roc"] = roc;
    }
    phase_ = Phase::kCalibrate;
    return Status::Ok();
  }

  Status AcceptCalibrate(const std::vector<double>& sum) {
    RADFED_ASSIGN_OR_RETURN(model::Contribution total, model::Unflatten(sum, CalibrationParameters(spec_)));
    RADFED_RETURN_IF_ERROR(pass_.calibration.Accept(total));
    if (pass_.calibration.state() == model::NewtonFit::State::kEvaluating) return Status::Ok();
    if (pass_.calibration.state() == model::NewtonFit::State::kConverged) {
      const Eigen::VectorXd& b = pass_.calibration.beta();
      pass_.calibration_result = spec_.model.type == ModelType::kLogistic
                                     ? json{{"intercept", b[0]}, {"slope", b[1]}}
                                     : json{{"slope", b[0]}};
    } else {
      pass_.calibration_result = {{"failed", pass_.calibration.failure()}};
    }
    FinishPass();
    return Status::Ok();
  }

  // After the main pass of a Cox study come the survival rounds; then the leave-one-site-out
  // folds, or the end.
  void FinishPass() {
    done_passes_.push_back(pass_);
    if (done_passes_.size() == 1 && spec_.model.type == ModelType::kCox) {
      phase_ = Phase::kRiskScale;
      return;
    }
    NextPass();
  }

  Status AcceptRiskScale(const std::vector<double>& sum) {
    risk_ = model::RiskScale::FromMoments(sum);
    horizons_ = spec_.km_horizon > 0 ? std::vector<double>() : model::HorizonCandidates(risk_.mean_time);
    phase_ = Phase::kRiskHistogram;
    return Status::Ok();
  }

  Status AcceptRiskHistogram(const std::vector<double>& sum) {
    cutoffs_ = model::TertileCutoffs(sum, risk_);
    const std::vector<double> followed(sum.begin() + model::kRiskBins, sum.end());
    const double horizon = spec_.km_horizon > 0 ? spec_.km_horizon : model::DefaultHorizon(followed, horizons_, risk_.n);
    edges_ = model::TimeGrid(horizon, spec_.km_intervals);
    phase_ = Phase::kSurvival;
    return Status::Ok();
  }

  Status AcceptSurvival(const std::vector<double>& sum) {
    const model::SurvivalCurves curves = model::LifeTable(sum, edges_);
    // The sites scored the fitted scale; with `standardize` the cut-offs are shifted to the scale
    // of the reported coefficients, x · coef.
    double offset = 0;
    if (spec_.standardize) {
      const Eigen::VectorXd& beta = done_passes_.front().fit.beta();
      for (size_t j = 0; j < Terms(spec_); ++j) offset += mean_[j] * beta[static_cast<Eigen::Index>(j)] / sd_[j];
    }
    json groups = json::array(), list = json::array();
    for (size_t g = 0; g < model::kRiskGroups; ++g) groups.push_back(model::RiskGroupName(g));
    for (const model::SurvivalCurve& c : curves.curves) {
      json survival = json::array();
      for (const auto& s : c.survival) survival.push_back(s ? json(*s) : json(nullptr));
      list.push_back({{"group", model::RiskGroupName(c.group)}, {"patients", c.patients}, {"survival", survival},
                      {"at_risk", c.at_risk}, {"events", c.events}, {"censored", c.censored}});
    }
    survival_ = {{"estimator", "actuarial life table"}, {"groups", groups},
                 {"cutoffs", {Bound(cutoffs_[0] + offset), Bound(cutoffs_[1] + offset)}},
                 {"horizon", edges_.back()}, {"intervals", edges_.size() - 1},
                 {"min_patients", model::kMinPatientsPerStep}, {"time", curves.time}, {"curves", list}};
    NextPass();
    return Status::Ok();
  }

  // Moves to the next leave-one-site-out fold, or finishes the study.
  void NextPass() {
    const size_t next = done_passes_.size() - 1;  // folds done so far
    if (spec_.leave_one_site_out && next < sites_.size()) {
      pass_ = NewPass(sites_[next]);
      phase_ = Phase::kFit;
      return;
    }
    phase_ = Phase::kDone;
    outcome_ = BuildOutcome();
  }

  json BuildOutcome() const {
    const Pass& main = done_passes_.front();
    const auto names = spec_.model.coefficient_names();
    const model::Contribution& at = main.fit.at_beta();
    Eigen::VectorXd beta = main.fit.beta();
    Eigen::MatrixXd covariance = model::Covariance(main.fit.variance_hessian());
    json out = {{"study", spec_.name}, {"model", model::ModelTypeName(spec_.model.type)},
                {"converged", main.fit.state() == model::NewtonFit::State::kConverged},
                {"iterations", main.fit.iterations()}, {"n", at.n}, {"events", at.events},
                {"loglik", at.loglik}};
    if (spec_.model.type == ModelType::kCox) {
      out["ties"] = spec_.model.ties == model::Ties::kEfron ? "efron" : "breslow";
      out["loglik_null"] = main.fit.initial_loglik();
    } else {
      // Intercept-only model, in closed form from the pooled counts.
      const double p = at.events / at.n;
      out["loglik_null"] = at.events * std::log(p) + (at.n - at.events) * std::log(1 - p);
    }
    if (spec_.l2 > 0) out["penalized_loglik"] = main.fit.PenalisedLoglik(at, beta);
    std::vector<model::CoefficientRow> standardized;
    if (spec_.standardize && covariance.size() > 0) {
      standardized = model::CoefficientTable(names, beta, covariance);
      const Eigen::MatrixXd j = model::BackTransform(spec_.model.type, mean_, sd_);
      beta = j * beta;
      covariance = j * covariance * j.transpose();
    }
    json coefficients = json::array();
    const auto rows = model::CoefficientTable(names, beta, covariance);
    for (size_t k = 0; k < rows.size(); ++k) {
      json row = model::ToJson(rows[k]);
      if (!standardized.empty()) {
        row["coef_std"] = standardized[k].coef;
        row["se_std"] = standardized[k].se;
      }
      coefficients.push_back(row);
    }
    out["coefficients"] = coefficients;
    json sites = json::array();
    for (size_t i = 0; i < roster_.size(); ++i) {
      if (std::find(sites_.begin(), sites_.end(), roster_[i]) == sites_.end()) continue;
      sites.push_back({{"site", roster_[i]}, {"n", site_n_[i]}, {"events", site_events_[i]}});
    }
    out["sites"] = sites;
    out["discrimination"] = main.discrimination;
    out["calibration"] = main.calibration_result;
    json history = json::array();
    for (size_t k = 0; k < main.history.size(); ++k) history.push_back({{"evaluation", k + 1}, {"loglik", main.history[k]}});
    out["convergence"] = history;
    if (spec_.standardize) out["standardization"] = {{"mean", mean_}, {"sd", sd_}};
    if (spec_.shared_baseline) out["shared_baseline"] = {{"strata_levels", spec_.strata_levels.values}, {"event_times", grid_.size()}};
    if (spec_.leave_one_site_out) out["validation"] = Validation();
    if (spec_.model.type == ModelType::kCox) out["survival_curves"] = survival_;
    return out;
  }

  json Validation() const {
    const std::string metric = spec_.model.type == ModelType::kCox ? "c_index" : "auc";
    json folds = json::array();
    std::vector<double> values;
    for (size_t k = 1; k < done_passes_.size(); ++k) {
      const Pass& fold = done_passes_[k];
      json f = {{"site", fold.held_out},
                {"converged", fold.fit.state() == model::NewtonFit::State::kConverged},
                {"calibration", fold.calibration_result}};
      const auto it = std::find(roster_.begin(), roster_.end(), fold.held_out);
      if (it != roster_.end()) f["n"] = site_n_[static_cast<size_t>(it - roster_.begin())];
      const json value = fold.discrimination.value(metric, json(nullptr));
      f[metric] = value;
      if (value.is_number()) values.push_back(value.get<double>());
      folds.push_back(f);
    }
    json v = {{"method", "leave-one-site-out"}, {"metric", metric}, {"sites", folds}};
    if (!values.empty()) {
      double mean = 0;
      for (double x : values) mean += x / static_cast<double>(values.size());
      double ss = 0;
      for (double x : values) ss += (x - mean) * (x - mean);
      v["mean"] = mean;
      v["sd"] = values.size() > 1 ? json(std::sqrt(ss / static_cast<double>(values.size() - 1))) : json(nullptr);
      v["min"] = *std::min_element(values.begin(), values.end());
      v["max"] = *std::max_element(values.begin(), values.end());
    }
    return v;
  }

  const ModelStudySpec spec_;
  const std::vector<std::string> roster_;
  Phase phase_ = Phase::kCensus;
  std::vector<std::string> sites_;  // contributors of the census, in roster order
  std::vector<double> site_n_, site_events_;  // by roster index
  std::vector<double> mean_, sd_;
  model::EventGrid grid_;
  Pass pass_;
  std::vector<Pass> done_passes_;
  model::RiskScale risk_;
  std::vector<double> horizons_;  // candidates for the default horizon (none when the study sets it)
  std::array<double, 2> cutoffs_ = {INFINITY, INFINITY};
  std::vector<double> edges_;
  json survival_ = json::object();
  json outcome_ = json::object();
};

// Site side -------------------------------------------------------------------------------

Result<model::LocalData> CalibrationData(const model::LocalData& data, const Eigen::VectorXd& score) {
  model::LocalData c;
  c.x = score;
  c.time = data.time;
  c.outcome = data.outcome;
  c.stratum = data.stratum;
  c.stratum_keys = data.stratum_keys;
  c.rows_total = data.rows_total;
  return c;
}

// The linear predictor of every complete case (with the intercept for logistic models).
Eigen::VectorXd Score(const model::ModelSpec& spec, const model::LocalData& data, const Eigen::VectorXd& beta) {
  if (spec.type == ModelType::kLogistic) {
    return (data.x * beta.tail(beta.size() - 1)).array() + beta[0];
  }
  return data.x * beta;
}

}  // namespace

double ModelStudySpec::effective_tolerance() const {
  if (tolerance > 0) return tolerance;
  return model.type == ModelType::kLogistic ? 1e-8 : 1e-10;
}

Result<ModelStudySpec> ParseModelStudySpec(const config::YamlNode& root, const std::string& name) {
  ModelStudySpec spec;
  spec.name = name;
  RADFED_ASSIGN_OR_RETURN(std::string kind, root.GetString("model"));
  if (kind == "cox") spec.model.type = ModelType::kCox;
  else if (kind == "logistic") spec.model.type = ModelType::kLogistic;
  else return root.ErrorAt("model", "expected cox or logistic, got '" + kind + "'");
  RADFED_ASSIGN_OR_RETURN(spec.model.terms, root.GetStringList("features"));
  if (spec.model.terms.empty()) return root.ErrorAt("features", "list at least one feature");
  for (const std::string& term : spec.model.terms) {
    auto e = model::Expression::Parse(term);
    if (!e.ok()) return root.ErrorAt("features", e.status().message());
  }
  RADFED_ASSIGN_OR_RETURN(config::YamlNode outcome, root.Child("outcome"));
  if (spec.model.type == ModelType::kCox) {
    RADFED_ASSIGN_OR_RETURN(std::string ties, root.GetString("ties", "efron"));
    if (ties == "efron") spec.model.ties = model::Ties::kEfron;
    else if (ties == "breslow") spec.model.ties = model::Ties::kBreslow;
    else return root.ErrorAt("ties", "expected efron or breslow, got '" + ties + "'");
    RADFED_ASSIGN_OR_RETURN(spec.model.time, outcome.GetString("time"));
    RADFED_ASSIGN_OR_RETURN(spec.model.event, outcome.GetString("event"));
    RADFED_ASSIGN_OR_RETURN(spec.model.event_value, outcome.GetDouble("event_value", 1));
    RADFED_ASSIGN_OR_RETURN(spec.model.strata, root.GetStringList("strata", {}));
    RADFED_ASSIGN_OR_RETURN(spec.shared_baseline, root.GetBool("shared_baseline", false));
    if (auto levels = root.OptionalChild("strata_levels")) {
      RADFED_ASSIGN_OR_RETURN(std::vector<config::YamlNode> items, levels->AsList());
      for (const auto& item : items) {
        RADFED_ASSIGN_OR_RETURN(double v, item.AsDouble());
        spec.strata_levels.values.push_back(v);
      }
    }
    RADFED_ASSIGN_OR_RETURN(int64_t time_max, root.GetInt("time_max", 36500));
    if (time_max < 1 || time_max > 1000000) return root.ErrorAt("time_max", "must be between 1 and 1000000");
    spec.time_max = static_cast<int>(time_max);
    if (spec.shared_baseline) {
      if (spec.model.strata.size() > 1) {
        return root.ErrorAt("strata", "a shared baseline supports one strata column (with strata_levels)");
      }
      if (spec.model.strata.size() == 1 && spec.strata_levels.values.empty()) {
        return root.ErrorAt("strata_levels", "list the values of '" + spec.model.strata[0] +
                                                 "' that form the shared strata");
      }
    } else if (!spec.strata_levels.values.empty()) {
      return root.ErrorAt("strata_levels", "only meaningful with shared_baseline: true");
    }
    if (auto km = root.OptionalChild("km")) {
      RADFED_ASSIGN_OR_RETURN(spec.km_horizon, km->GetDouble("horizon", 0));
      if (km->Has("horizon") && !(spec.km_horizon > 0 && std::isfinite(spec.km_horizon))) {
        return km->ErrorAt("horizon", "must be a positive time");
      }
      RADFED_ASSIGN_OR_RETURN(int64_t intervals, km->GetInt("intervals", 10));
      if (intervals < 1 || intervals > 100) return km->ErrorAt("intervals", "must be between 1 and 100");
      spec.km_intervals = static_cast<int>(intervals);
      RADFED_RETURN_IF_ERROR(km->RejectUnknownKeys());
    }
  } else {
    RADFED_ASSIGN_OR_RETURN(spec.model.label, outcome.GetString("label"));
    RADFED_ASSIGN_OR_RETURN(spec.model.positive, outcome.GetDouble("positive", 1));
    if (root.Has("strata")) return root.ErrorAt("strata", "strata apply to Cox models only");
    if (root.Has("ties")) return root.ErrorAt("ties", "ties apply to Cox models only");
    if (root.Has("shared_baseline")) return root.ErrorAt("shared_baseline", "applies to Cox models only");
    if (root.Has("km")) return root.ErrorAt("km", "survival curves apply to Cox models only");
  }
  RADFED_RETURN_IF_ERROR(outcome.RejectUnknownKeys());
  RADFED_ASSIGN_OR_RETURN(spec.standardize, root.GetBool("standardize", false));
  if (auto penalty = root.OptionalChild("penalty")) {
    RADFED_ASSIGN_OR_RETURN(spec.l2, penalty->GetDouble("l2", 0));
    if (spec.l2 < 0) return penalty->ErrorAt("l2", "must not be negative");
    RADFED_RETURN_IF_ERROR(penalty->RejectUnknownKeys());
  }
  RADFED_ASSIGN_OR_RETURN(int64_t max_iterations, root.GetInt("max_iterations", 25));
  if (max_iterations < 1 || max_iterations > 1000) return root.ErrorAt("max_iterations", "must be between 1 and 1000");
  spec.max_iterations = static_cast<int>(max_iterations);
  RADFED_ASSIGN_OR_RETURN(spec.tolerance, root.GetDouble("tolerance", 0));
  if (spec.tolerance < 0) return root.ErrorAt("tolerance", "must be positive");
  RADFED_ASSIGN_OR_RETURN(std::string validation, root.GetString("validation", "none"));
  if (validation == "leave-one-site-out") spec.leave_one_site_out = true;
  else if (validation != "none") return root.ErrorAt("validation", "expected none or leave-one-site-out, got '" + validation + "'");
  return spec;
}

std::unique_ptr<StudyPlan> MakeModelPlan(const ModelStudySpec& spec, std::vector<std::string> roster) {
  return std::make_unique<ModelPlan>(spec, std::move(roster));
}

Result<std::unique_ptr<StudyPlan>> RestoreModelPlan(const ModelStudySpec& spec, std::vector<std::string> roster,
                                                    const nlohmann::json& state) {
  auto plan = std::make_unique<ModelPlan>(spec, std::move(roster));
  RADFED_RETURN_IF_ERROR(plan->Restore(state));
  return std::unique_ptr<StudyPlan>(std::move(plan));
}

Result<std::vector<double>> ModelContribution(const nlohmann::json& task, const ColumnSource& data,
                                              const std::string& site, const model::DisclosureGuards& guards) {
  try {
    RADFED_ASSIGN_OR_RETURN(model::ModelSpec spec, model::ModelSpec::FromJson(task.at("model")));
    RADFED_RETURN_IF_ERROR(model::CheckColumnsAllowed(spec, guards));
    const std::string phase = task.at("phase");
    const size_t length = task.at("length");
    const std::string mode = task.value("mode", "all");
    const std::string held_out = task.value("held_out", "");
    const bool contributes = mode == "all" || (mode == "exclude" && site != held_out) || (mode == "only" && site == held_out);
    if (!contributes) return std::vector<double>(length, 0.0);

    RADFED_ASSIGN_OR_RETURN(model::LocalData local, model::BuildLocalData(spec, data));
    RADFED_RETURN_IF_ERROR(model::CheckGuards(spec, local, guards));
    std::vector<double> out;
    if (phase == "census") {
      const auto roster = task.at("roster").get<std::vector<std::string>>();
      const auto it = std::find(roster.begin(), roster.end(), site);
      if (it == roster.end()) return Status::FailedPrecondition("this site is not in the study's roster");
      out.assign(2 * roster.size(), 0.0);
      const size_t i = static_cast<size_t>(it - roster.begin());
      out[2 * i] = static_cast<double>(local.rows_used());
      out[2 * i + 1] = static_cast<double>(local.events());
    } else if (phase == "moments") {
      for (Eigen::Index j = 0; j < local.x.cols(); ++j) {
        long double s = 0, q = 0;
        for (Eigen::Index r = 0; r < local.x.rows(); ++r) {
          const long double x = local.x(r, j);
          s += x;
          q += x * x;
        }
        double v[4];
        SplitForSum(s, &v[0], &v[1]);
        SplitForSum(q, &v[2], &v[3]);
        out.insert(out.end(), {static_cast<double>(local.x.rows()), v[0], v[1], v[2], v[3]});
      }
    } else if (phase == "event_times") {
      model::StrataLevels levels{task.at("levels").get<std::vector<double>>()};
      RADFED_ASSIGN_OR_RETURN(out, model::EventTimeHistogram(local, levels, task.at("time_max").get<int>()));
    } else {
      if (task.contains("standardize")) {
        model::Standardize(local, task["standardize"].at("mean").get<std::vector<double>>(),
                           task["standardize"].at("sd").get<std::vector<double>>());
      }
      const Eigen::VectorXd beta = VectorFrom(task.at("beta"));
      if (static_cast<size_t>(beta.size()) != spec.parameters()) return Status::InvalidArgument("wrong number of coefficients");
      if (phase == "fit") {
        if (task.contains("shared")) {
          const json& shared = task["shared"];
          model::StrataLevels levels{shared.at("levels").get<std::vector<double>>()};
          model::EventGrid grid;
          grid.times = shared.at("grid").get<std::vector<std::vector<int>>>();
          RADFED_ASSIGN_OR_RETURN(out, model::RiskSetSums(local, levels, grid, beta,
                                                         shared.at("center").get<std::vector<double>>()));
        } else {
          out = model::Flatten(model::ModelContribution(spec, local, beta, task.value("start", false)));
        }
      } else if (phase == "evaluate") {
        const Eigen::VectorXd score = Score(spec, local, beta);
        if (spec.type == ModelType::kCox) {
          const model::ConcordanceCounts c = model::Concordance(local, score);
          out = {c.concordant, c.discordant, c.tied_risk};
        } else {
          out = model::AucHistogram(local, score);
        }
      } else if (phase == "risk_scale") {
        out = model::RiskMoments(local, Score(spec, local, beta));
      } else if (phase == "risk_histogram") {
        model::RiskScale scale;
        scale.center = task.at("risk_scale").at("center");
        scale.spread = task.at("risk_scale").at("spread");
        if (!(scale.spread > 0)) return Status::InvalidArgument("model task: the risk scale must be positive");
        out = model::RiskHistogram(local, Score(spec, local, beta), scale, task.at("horizons").get<std::vector<double>>());
      } else if (phase == "survival") {
        const std::array<double, 2> cutoffs = {BoundFrom(task.at("cutoffs").at(0)), BoundFrom(task.at("cutoffs").at(1))};
        const auto edges = task.at("edges").get<std::vector<double>>();
        if (edges.size() < 2 || edges[0] != 0 ||
            std::adjacent_find(edges.begin(), edges.end(), std::greater_equal<double>()) != edges.end()) {
          return Status::InvalidArgument("model task: the time grid must rise strictly from 0");
        }
        out = model::SurvivalCounts(local, Score(spec, local, beta), cutoffs, edges);
      } else if (phase == "calibrate") {
        RADFED_ASSIGN_OR_RETURN(model::LocalData calibration, CalibrationData(local, Score(spec, local, beta)));
        const Eigen::VectorXd cb = VectorFrom(task.at("calibration_beta"));
        model::ModelSpec cspec = spec;
        cspec.terms = {"linear_predictor"};
        out = model::Flatten(model::ModelContribution(cspec, calibration, cb, task.value("calibration_start", false)));
      } else {
        return Status::InvalidArgument("model task: unknown phase '" + phase + "'");
      }
    }
    if (out.size() != length) {
      return Status::Internal("model task: computed " + std::to_string(out.size()) + " values, the round expects " +
                              std::to_string(length));
    }
    return out;
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("malformed model task: ") + e.what());
  }
}

}  // namespace radfed::study
