#include "diag/ib_ports.hpp"

#include <gtest/gtest.h>

namespace rt::diag {
namespace {

SocketEntry listen_on(std::uint16_t port) {
  return SocketEntry{IpFamily::kV6, {"::", port}, {"::", 0}, TcpState::kListen, 1, 0, 0, 0, {}};
}

SocketTable listening(std::initializer_list<std::uint16_t> ports) {
  std::vector<SocketEntry> entries;
  for (auto p : ports) entries.push_back(listen_on(p));
  return SocketTable(std::move(entries), SocketSource::kFixture);
}

TEST(PortDiscovery, TwsPaperListeningThenChosenWithItsReason) {
  auto choice = discover_api_port(listening({7497}), false);
  ASSERT_TRUE(choice) << choice.error().describe();
  EXPECT_EQ(choice->port, 7497);
  EXPECT_EQ(choice->reason, "7497 (TWS paper) is listening; 4002 (IB Gateway paper) is not");
}

TEST(PortDiscovery, GatewayPaperChosenWhenTwsPaperIsSilent) {
  auto choice = discover_api_port(listening({4002}), false);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 4002);
  EXPECT_EQ(choice->reason, "4002 (IB Gateway paper) is listening; 7497 (TWS paper) is not");
}

TEST(PortDiscovery, BothPaperPortsListeningThenTwsPaperFirst) {
  auto choice = discover_api_port(listening({4002, 7497}), false);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 7497);
  EXPECT_NE(choice->reason.find("4002 (IB Gateway paper) is also listening"), std::string::npos) << choice->reason;
}

TEST(PortDiscovery, LivePortIgnoredWhenLiveTradingIsNotAllowed) {
  auto choice = discover_api_port(listening({7496, 4001}), false);
  ASSERT_FALSE(choice);
  EXPECT_EQ(choice.error().code, ErrorCode::kNotFound);
  EXPECT_NE(choice.error().message.find("7496 (TWS live) and 4001 (IB Gateway live) are listening, but live trading is "
                                        "not allowed"),
            std::string::npos)
      << choice.error().message;
}

TEST(PortDiscovery, LivePortChosenOnlyWhenAllowedAndNoPaperPortListens) {
  auto choice = discover_api_port(listening({7496}), true);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 7496);
  EXPECT_NE(choice->reason.find("7497 (TWS paper) and 4002 (IB Gateway paper) are not"), std::string::npos)
      << choice->reason;

  auto gateway_live = discover_api_port(listening({4001}), true);
  ASSERT_TRUE(gateway_live);
  EXPECT_EQ(gateway_live->port, 4001);
}

TEST(PortDiscovery, PaperStillWinsOverLiveWhenLiveIsAllowed) {
  auto choice = discover_api_port(listening({7496, 4002}), true);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 4002);
}

TEST(PortDiscovery, PaperChosenAndListeningLivePortMentionedWhenNotAllowed) {
  auto choice = discover_api_port(listening({7497, 7496}), false);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 7497);
  EXPECT_NE(choice->reason.find("live port 7496 (TWS live) also listens"), std::string::npos) << choice->reason;
}

TEST(PortDiscovery, NothingListeningThenErrorNamingEveryPortChecked) {
  auto choice = discover_api_port(listening({22, 8080}), true);
  ASSERT_FALSE(choice);
  const auto& message = choice.error().message;
  for (std::string_view port : {"7497 (TWS paper)", "4002 (IB Gateway paper)", "7496 (TWS live)", "4001 (IB Gateway live)"}) {
    EXPECT_NE(message.find(port), std::string::npos) << message;
  }
  EXPECT_NE(message.find("Enable ActiveX and Socket Clients"), std::string::npos);
}

TEST(PortDiscovery, AConnectionToAnIbPortIsNotAListener) {
  SocketTable table({SocketEntry{IpFamily::kV4, {"127.0.0.1", 50000}, {"127.0.0.1", 7497}, TcpState::kEstablished, 5,
                                 0, 0, 0, {}},
                     SocketEntry{IpFamily::kV4, {"127.0.0.1", 7497}, {"127.0.0.1", 50001}, TcpState::kCloseWait, 6, 0, 0,
                                 0, {}}},
                    SocketSource::kFixture);
  EXPECT_FALSE(discover_api_port(table, false));
}

TEST(PortDiscovery, LabelsNameTheWellKnownPorts) {
  EXPECT_EQ(describe_port(7497), "7497 (TWS paper)");
  EXPECT_EQ(describe_port(4001), "4001 (IB Gateway live)");
  EXPECT_EQ(describe_port(7000), "7000");
  EXPECT_FALSE(ib_port_label(7000));
}

}  // namespace
}  // namespace rt::diag
