// Metrics: the coordinator's operational counters, exposed in the Prometheus text format.
//
// Thread-safe; every method may be called from any thread.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"

struct MHD_Daemon;

namespace radfed::coordinator {

class Metrics {
 public:
  void SetSitesConnected(int sites);
  void RoundCompleted(double seconds);
  void RoundAborted();
  void StudyFinished(bool completed);
  // A refused connection or call; `kind` is a short label such as "unauthenticated".
  void Rejection(const std::string& kind);

  std::string RenderPrometheus() const;

  static constexpr std::array<double, 12> kLatencyBuckets{0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                           1,    2.5,   5,    10,  30,   60};

 private:
  mutable std::mutex mu_;
  int sites_connected_ = 0;
  uint64_t rounds_completed_ = 0;
  uint64_t rounds_aborted_ = 0;
  uint64_t studies_completed_ = 0;
  uint64_t studies_failed_ = 0;
  std::array<uint64_t, kLatencyBuckets.size()> latency_buckets_{};
  double latency_sum_ = 0;
  std::map<std::string, uint64_t> rejections_;
};

// Serves GET /metrics over plain HTTP on `address` (HOST:PORT; bind it to a management network).
class MetricsServer {
 public:
  // `metrics` must outlive the server.
  static Result<std::unique_ptr<MetricsServer>> Start(const std::string& address, const Metrics* metrics);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace radfed::coordinator
