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
  TaskExecutor(const cohort::Cohort* cohort, SiteGuards guards) : cohort_(cohort), guards_(guards) {}

  // Any error means the site refuses the task with that message.
  Result<std::vector<double>> Execute(const nlohmann::json& task) const;

 private:
  const cohort::Cohort* cohort_;
  SiteGuards guards_;
};

}  // namespace radfed::node
