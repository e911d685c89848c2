#include "coordinator/metrics.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <cstring>
#include <sstream>

namespace radfed::coordinator {

void Metrics::SetSitesConnected(int sites) {
  std::lock_guard lock(mu_);
  sites_connected_ = sites;
}

void Metrics::RoundCompleted(double seconds) {
  std::lock_guard lock(mu_);
  ++rounds_completed_;
  latency_sum_ += seconds;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
    if (seconds <= kLatencyBuckets[i]) ++latency_buckets_[i];
}

void Metrics::RoundAborted() {
  std::lock_guard lock(mu_);
  ++rounds_aborted_;
}

void Metrics::StudyFinished(bool completed) {
  std::lock_guard lock(mu_);
  ++(completed ? studies_completed_ : studies_failed_);
}

void Metrics::Rejection(const std::string& kind) {
  std::lock_guard lock(mu_);
  ++rejections_[kind];
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP radfed_sites_connected Sites with an open session.\n"
      << "# TYPE radfed_sites_connected gauge\n"
      << "radfed_sites_connected " << sites_connected_ << "\n"
      << "# HELP radfed_rounds_total Aggregation rounds by outcome.\n"
      << "# TYPE radfed_rounds_total counter\n"
      << "radfed_rounds_total{outcome=\"completed\"} " << rounds_completed_ << "\n"
      << "radfed_rounds_total{outcome=\"aborted\"} " << rounds_aborted_ << "\n"
      << "# HELP radfed_studies_total Finished studies by outcome.\n"
      << "# TYPE radfed_studies_total counter\n"
      << "radfed_studies_total{outcome=\"completed\"} " << studies_completed_ << "\n"
      << "radfed_studies_total{outcome=\"failed\"} " << studies_failed_ << "\n"
      << "# HELP radfed_round_latency_seconds Wall time of completed aggregation rounds.\n"
      << "# TYPE radfed_round_latency_seconds histogram\n";
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    out << "radfed_round_latency_seconds_bucket{le=\"" << kLatencyBuckets[i] << "\"} " << latency_buckets_[i] << "\n";
  }
  out << "radfed_round_latency_seconds_bucket{le=\"+Inf\"} " << rounds_completed_ << "\n"
      << "radfed_round_latency_seconds_sum " << latency_sum_ << "\n"
      << "radfed_round_latency_seconds_count " << rounds_completed_ << "\n"
      << "# HELP radfed_rejections_total Refused connections and calls by reason.\n"
      << "# TYPE radfed_rejections_total counter\n";
  for (const auto& [kind, count] : rejections_) {
    out << "radfed_rejections_total{reason=\"" << kind << "\"} " << count << "\n";
  }
  return out.str();
}

namespace {

MHD_Result Answer(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t*, void**) {
  const auto* metrics = static_cast<const Metrics*>(cls);
  const bool found = std::strcmp(method, "GET") == 0 && std::strcmp(url, "/metrics") == 0;
  const std::string body = found ? metrics->RenderPrometheus() : "not found: GET /metrics\n";
  MHD_Response* response = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                           MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(response, "Content-Type", "text/plain; version=0.0.4");
  const MHD_Result result = MHD_queue_response(connection, found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, response);
  MHD_destroy_response(response);
  return result;
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& address,
                                                            const Metrics* metrics) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("metrics address: expected HOST:PORT, got '" + address + "'");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  const std::string host = address.substr(0, colon);
  if (inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(), &addr.sin_addr) != 1) {
    return Status::InvalidArgument("metrics address: '" + host + "' is not an IPv4 address");
  }
  int port = 0;
  try {
    port = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    return Status::InvalidArgument("metrics address: bad port in '" + address + "'");
  }
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->daemon_ = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD, 0, nullptr, nullptr, &Answer, const_cast<Metrics*>(metrics),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_END);
  if (!server->daemon_) return Status::Unavailable("cannot serve metrics on " + address);
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info ? info->port : port;
  return server;
}

MetricsServer::~MetricsServer() {
  if (daemon_) MHD_stop_daemon(daemon_);
}

}  // namespace radfed::coordinator
