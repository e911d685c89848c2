#include "common/config/host_port.h"

#include <gtest/gtest.h>

namespace radfed::config {
namespace {

TEST(HostPortTest, AcceptsNamesAddressesAndBracketedIpv6) {
  EXPECT_TRUE(CheckHostPort("coordinator.example.org:7443", false).ok());
  EXPECT_TRUE(CheckHostPort("127.0.0.1:1", false).ok());
  EXPECT_TRUE(CheckHostPort("[::1]:65535", false).ok());
  EXPECT_TRUE(CheckHostPort("0.0.0.0:0", /*allow_port_zero=*/true).ok());
}

TEST(HostPortTest, PortsOutsideTheRangeAreRefusedNotWrapped) {
  EXPECT_EQ(CheckHostPort("127.0.0.1:70000", true).message(),
            "expected HOST:PORT, got '127.0.0.1:70000': the port must be a number from 1 to 65535");
  EXPECT_FALSE(CheckHostPort("127.0.0.1:65536", true).ok());
  EXPECT_FALSE(CheckHostPort("127.0.0.1:99999999999", true).ok());
  EXPECT_FALSE(CheckHostPort("127.0.0.1:0", false).ok());
  EXPECT_FALSE(CheckHostPort("127.0.0.1:-1", true).ok());
  EXPECT_FALSE(CheckHostPort("127.0.0.1:", true).ok());
  EXPECT_FALSE(CheckHostPort("127.0.0.1:7443x", true).ok());
}

TEST(HostPortTest, MissingPartsAreNamed) {
  EXPECT_EQ(CheckHostPort("localhost", false).message(), "expected HOST:PORT, got 'localhost': no port");
  EXPECT_EQ(CheckHostPort(":7443", false).message(), "expected HOST:PORT, got ':7443': no host");
  EXPECT_FALSE(CheckHostPort("::1:7443", false).ok());
}

}  // namespace
}  // namespace radfed::config
