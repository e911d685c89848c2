#include "coordinator/metrics.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace radfed::coordinator {
namespace {

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  EXPECT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) response.append(buf, static_cast<size_t>(n));
  close(fd);
  return response;
}

TEST(MetricsTest, RendersCountersAndHistogram) {
  Metrics m;
  m.SetSitesConnected(3);
  m.RoundCompleted(0.03);
  m.RoundCompleted(2.0);
  m.RoundAborted();
  m.StudyFinished(true);
  m.Rejection("unauthenticated");
  m.Rejection("unauthenticated");
  const std::string text = m.RenderPrometheus();
  EXPECT_NE(text.find("radfed_sites_connected 3\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_rounds_total{outcome=\"completed\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_rounds_total{outcome=\"aborted\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_round_latency_seconds_bucket{le=\"0.05\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_round_latency_seconds_bucket{le=\"2.5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_round_latency_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(text.find("radfed_rejections_total{reason=\"unauthenticated\"} 2\n"), std::string::npos);
}

TEST(MetricsTest, ServesMetricsOverHttp) {
  Metrics m;
  m.SetSitesConnected(2);
  auto server = MetricsServer::Start("127.0.0.1:0", &m);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_GT((*server)->port(), 0);
  const std::string ok = HttpGet((*server)->port(), "/metrics");
  EXPECT_NE(ok.find("200"), std::string::npos);
  EXPECT_NE(ok.find("radfed_sites_connected 2"), std::string::npos);
  EXPECT_NE(HttpGet((*server)->port(), "/other").find("404"), std::string::npos);
}

TEST(MetricsTest, BadAddressIsAnError) {
  Metrics m;
  EXPECT_EQ(MetricsServer::Start("nohost", &m).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MetricsServer::Start("example.org:9", &m).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::coordinator
