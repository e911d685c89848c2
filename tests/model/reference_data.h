// Test data for the model tests: the R reference fits and the outcome tables split into sites.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "node/cohort/cohort.h"

namespace radfed::testing {

struct ReferenceRow {
  std::string model, ties, term;
  double coef = 0, se = 0, loglik = 0, loglik_null = 0, n = 0, events = 0;
  int iterations = 0;
};

// Rows of tests/data/reference_fits/r_reference_fits.csv for `model` (and `ties`, if not empty).
std::vector<ReferenceRow> ReferenceFit(const std::string& model, const std::string& ties = "");

// A table read from tests/data/outcomes/<path>, with a generated `row_id` key column.
cohort::Cohort LoadTable(const std::string& path);
// The rows of `path` for which `site_of(row)` returns each site name (empty: drop the row).
std::map<std::string, cohort::Cohort> SplitTable(
    const std::string& path, const std::function<std::string(const cohort::CsvTable&, size_t)>& site_of);

// lung.csv by institution: inst <= 5 -> site-a, 6..15 -> site-b, > 15 or missing -> site-c.
std::map<std::string, cohort::Cohort> LungSites();
// HN1 GTV-1 radiomics joined with the clinical table, split into three sites by patient order.
std::map<std::string, cohort::Cohort> Hn1Sites();
// gbsg as one site (cohort = 1), rotterdam split in two sites (cohort = 2) with the relapse-free
// survival outcome the reference uses (rfs_time, rfs_event).
std::map<std::string, cohort::Cohort> GbsgRotterdamSites();

}  // namespace radfed::testing
