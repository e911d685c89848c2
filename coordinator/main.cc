// radfed-coordinator: the consortium's coordinator.
//
//   radfed-coordinator --config coordinator.yaml
//
// SIGHUP reloads the CRL; SIGINT/SIGTERM shut down cleanly.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <fstream>
#include <iostream>

#include "common/logging/logging.h"
#include "coordinator/coordinator_config.h"
#include "coordinator/coordinator_server.h"

int main(int argc, char** argv) {
  CLI::App app{"radfed-coordinator: orchestrates federated studies over mutually authenticated TLS"};
  std::string config_path, log_format = "text", log_level = "info";
  app.add_option("--config", config_path, "coordinator.yaml")->required();
  app.add_option("--log-format", log_format, "text or json (JSON Lines)");
  app.add_option("--log-level", log_level, "debug, info, warn or error");
  CLI11_PARSE(app, argc, argv);
  if (auto logging = radfed::logging::Configure(log_format, log_level, "coordinator"); !logging.ok()) {
    std::cerr << "radfed-coordinator: " << logging.message() << "\n";
    return 1;
  }

  // Signals are taken synchronously by this thread; block them before any other thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = radfed::coordinator::LoadCoordinatorConfig(config_path);
  if (!config.ok()) {
    std::cerr << "radfed-coordinator: " << config.status().message() << "\n";
    return 1;
  }
  auto server = radfed::coordinator::CoordinatorServer::Start(*config);
  if (!server.ok()) {
    std::cerr << "radfed-coordinator: " << server.status().message() << "\n";
    return 1;
  }
  {
    // Scripts and tests that asked for port 0 learn the bound address here.
    std::ofstream(config->state_dir / "listen-address") << (*server)->address() << "\n";
  }
  for (;;) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal == SIGHUP) {
      radfed::Status reloaded = (*server)->ReloadCrl();
      if (!reloaded.ok()) spdlog::error("CRL reload failed, keeping the previous CRL: {}", reloaded.message());
      continue;
    }
    spdlog::info("shutting down ({})", signal == SIGINT ? "SIGINT" : "SIGTERM");
    (*server)->Shutdown();
    return 0;
  }
}
