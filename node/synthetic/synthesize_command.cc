#include "node/synthetic/synthesize_command.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

#include "node/synthetic/cohort_generator.h"

namespace radfed::synthetic {

void AddSynthesizeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "synthesize", "Write a synthetic cohort of chest CTs with GTV contours and outcomes (demo data)");
  auto options = std::make_shared<CohortOptions>();
  // The site name prefixes patient folders and ids: "../x" would write them outside --out.
  const CLI::Validator plain_name(
      [](std::string& name) -> std::string {
        const bool plain = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
        return plain ? "" : "'" + name + "' is not a site name (letters, digits, '-' and '_', at most 64)";
      },
      "NAME");
  cmd->add_option("--site", options->site, "site name; selects the scanner profile")->required()->check(plain_name);
  cmd->add_option("--patients", options->patients, "number of patients")->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", options->seed, "random seed (same seed, same cohort)");
  cmd->add_option("--out", options->out, "output directory")->required();
  cmd->add_option("--threads", options->threads, "worker threads")->check(CLI::Range(1, 256));
  cmd->callback([options] {
    auto summary = GenerateCohort(*options, [&](int done, int total) {
      if (done == total || done % 10 == 0) std::cerr << "\r  " << options->site << ": " << done << "/" << total << " patients" << std::flush;
    });
    std::cerr << "\n";
    if (!summary.ok()) {
      std::cerr << "radfed-node synthesize: " << summary.status().message() << "\n";
      std::exit(1);
    }
    std::cout << options->site << ": " << summary->patients << " patients, " << summary->events
              << " deaths observed, " << summary->responders << " responders -> " << options->out.string()
              << "\n";
    std::exit(0);
  });
}

}  // namespace radfed::synthetic
