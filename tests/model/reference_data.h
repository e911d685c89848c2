// Test data for the model tests: the R reference fits and the outcome tables split into sites.
//
// Each site's data is a list of CSV tables (as a hospital would configure them in node.yaml); the
// same split feeds the in-process math tests and the tests with real processes.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/model/model_spec.h"
#include "node/cohort/cohort.h"
#include "tests/support/federation.h"

namespace radfed::testing {

struct ReferenceRow {
  std::string model, ties, term;
  double coef = 0, se = 0, loglik = 0, loglik_null = 0, n = 0, events = 0;
  int iterations = 0;
};

// Rows of tests/data/reference_fits/r_reference_fits.csv for `model` (and `ties`, if not empty).
std::vector<ReferenceRow> ReferenceFit(const std::string& model, const std::string& ties = "");

using SiteTables = std::map<std::string, std::vector<SiteTable>>;  // site -> its tables

// lung.csv by institution: inst <= 5 -> site-a, 6..15 -> site-b, > 15 or missing -> site-c.
SiteTables LungTables();
// lung.csv as one site.
SiteTables LungPooledTable();
// gbsg.csv as one site.
SiteTables GbsgTable();
// HN1: each site has the GTV-1 radiomics rows and the clinical rows of a third of the patients.
SiteTables Hn1Tables();
// gbsg as site-a (cohort = 1), rotterdam split over site-b and site-c (cohort = 2), with the
// relapse-free survival outcome the reference uses (rfs_time, rfs_event).
SiteTables GbsgRotterdamTables();

// Study specifications of the lung reference fits, for LungTables(); tests append their own keys
// (e.g. `validation: leave-one-site-out`).
// lung_cox_age_sex_phecog_strata_inst (Efron):
inline constexpr char kLungCoxSpec[] = R"yaml(name: lung-os
type: model
model: cox
strata: [inst]
features: [age, sex, ph.ecog]
outcome: {time: time, event: status, event_value: 2}
min_sites: 3
)yaml";
// The model of kLungCoxSpec as the local math sees it (for pooled reference computations).
model::ModelSpec LungCoxModel();
// lung_logit_death_age_sex_phecog:
inline constexpr char kLungLogisticSpec[] = R"yaml(name: lung-death
type: model
model: logistic
features: [age, sex, ph.ecog]
outcome: {label: status, positive: 2}
min_sites: 3
)yaml";

// The joined cohort of each site.
std::map<std::string, cohort::Cohort> Cohorts(const SiteTables& tables);

}  // namespace radfed::testing
