// Test data for the model tests: the R reference fits and the outcome tables split into sites.
//
// Each site's data is a list of CSV tables (as a hospital would configure them in node.yaml); the
// same split feeds the in-process math tests and the tests with real processes.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

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

// The joined cohort of each site.
std::map<std::string, cohort::Cohort> Cohorts(const SiteTables& tables);

}  // namespace radfed::testing
