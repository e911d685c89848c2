#include "node/agent/serve_command.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "common/logging/logging.h"
#include "node/agent/node_config.h"
#include "node/agent/site_agent.h"
#include "node/agent/task_executor.h"
#include "node/cohort/cohort.h"

namespace radfed::node {
namespace {

int Serve(const std::string& config_path, const std::string& log_format, const std::string& log_level) {
  if (auto logging = logging::Configure(log_format, log_level, "node"); !logging.ok()) {
    std::cerr << "radfed-node: " << logging.message() << "\n";
    return 1;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = LoadNodeConfig(config_path);
  if (!config.ok()) {
    std::cerr << "radfed-node: " << config.status().message() << "\n";
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(config->state_dir, ec);
  if (ec) {
    std::cerr << "radfed-node: " << config->state_dir.string()
              << ": cannot create state directory: " << ec.message() << "\n";
    return 1;
  }
  auto cohort = cohort::Cohort::Load(config->tables);
  if (!cohort.ok()) {
    std::cerr << "radfed-node: " << cohort.status().message() << "\n";
    return 1;
  }
  for (const auto& table : cohort->join_report().tables) {
    spdlog::info("cohort table {}: {} rows, {} without a match in the other tables", table.source,
                 table.rows, table.unmatched);
  }
  spdlog::info("site {}: cohort of {} patients", config->site, cohort->row_count());

  TaskExecutor executor(config->site, &*cohort, config->guards);
  SiteAgent agent(*config, &executor);
  // Set before the waiter is woken by Run()'s error, so it does not log a stop nobody asked for.
  std::atomic<bool> failed{false};
  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    if (!failed) spdlog::info("stopping ({})", signal == SIGINT ? "SIGINT" : "SIGTERM");
    agent.Stop();
  });
  Status ran = agent.Run();
  if (signal_waiter.joinable()) {
    // Run() only returns after Stop(), i.e. after the waiter got its signal, or on an error.
    if (!ran.ok()) {
      failed = true;
      pthread_kill(signal_waiter.native_handle(), SIGTERM);
    }
    signal_waiter.join();
  }
  if (!ran.ok()) {
    std::cerr << "radfed-node: " << ran.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto* serve = app.add_subcommand("serve", "Connect to the coordinator and answer study tasks");
  auto config = std::make_shared<std::string>();
  auto log_format = std::make_shared<std::string>("text");
  auto log_level = std::make_shared<std::string>("info");
  serve->add_option("--config", *config, "node.yaml")->required();
  serve->add_option("--log-format", *log_format, "text or json (JSON Lines)");
  serve->add_option("--log-level", *log_level, "debug, info, warn or error");
  serve->callback([=] { std::exit(Serve(*config, *log_format, *log_level)); });
}

}  // namespace radfed::node
