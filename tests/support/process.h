// Process: a child process for integration tests (the real radfed binaries on loopback).
//
// Output (stdout and stderr together) goes to a log file so a failing test can print it. The
// destructor kills the process if it is still running, so a failed assertion never leaves
// coordinators or nodes behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <string>
#include <vector>

namespace radfed::testing {

class Process {
 public:
  // Starts `program` with `args`; output to `log`. Aborts the test binary if fork fails.
  // `environment` entries ("NAME=value") are added to the inherited environment.
  Process(const std::filesystem::path& program, const std::vector<std::string>& args,
          const std::filesystem::path& log, const std::filesystem::path& working_dir = {},
          const std::vector<std::string>& environment = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void Signal(int signal);
  // Waits for exit up to `timeout`; the exit code (or 128 + signal), nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap.
  void Kill();
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path log_;
};

// Runs a program to completion (up to `timeout`), returning exit code and combined output.
struct RunResult {
  int exit_code = -1;
  std::string output;
};
RunResult RunProgram(const std::filesystem::path& program, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <typename F>
bool WaitUntil(F condition, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& text);

}  // namespace radfed::testing
