// TaskExecutor: turns a study task into this site's vector, on this site's data only.
//
// It applies the site's guards before anything is computed; a refusal is a PermissionDenied
// status whose message is sent to the coordinator as the reason (counts only, never values).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "common/status.h"
#include "node/agent/node_config.h"
#include "node/cohort/cohort.h"

namespace radfed::node {

class TaskExecutor {
 public:
  // `cohort` must outlive the executor.
  TaskExecutor(std::string site, const cohort::Cohort* cohort, model::DisclosureGuards guards)
      : site_(std::move(site)), cohort_(cohort), guards_(std::move(guards)) {}

  // Any error means the site refuses the task with that message.
  Result<std::vector<double>> Execute(const nlohmann::json& task) const;

 private:
  const std::string site_;
  const cohort::Cohort* cohort_;
  const model::DisclosureGuards guards_;
};

}  // namespace radfed::node
