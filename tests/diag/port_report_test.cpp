#include "diag/port_report.hpp"

#include <gtest/gtest.h>

#include "diag/scenarios.hpp"

namespace rt::diag {
namespace {

using namespace rt::diag::testing;

PortReport wedged_report(std::uint16_t port = 7497) {
  ProcFixture proc;
  write_wedged_tws(proc);
  auto table = SocketTable::read_proc(proc.root());
  EXPECT_TRUE(table) << table.error().describe();
  return build_port_report(*table, ProcessTable::scan(proc.root()), port);
}

TEST(PortReport, ListenerIsNamedWithItsProcess) {
  auto report = wedged_report();
  ASSERT_EQ(report.listeners.size(), 1U);
  EXPECT_EQ(to_string(report.listeners[0].entry.local), "*:7497");
  auto listeners = report.listener_processes();
  ASSERT_EQ(listeners.size(), 1U);
  EXPECT_EQ(listeners[0].pid, kTwsPid);
  EXPECT_EQ(listeners[0].kind, ProcessKind::kTws);
}

TEST(PortReport, EverySocketOnThePortIsListedWithItsSide) {
  auto report = wedged_report();
  // 2 CLOSE_WAIT + 1 ESTABLISHED on the server side; 2 FIN_WAIT2 + 1 ESTABLISHED + 1 TIME_WAIT on the client side.
  ASSERT_EQ(report.sockets.size(), 7U);
  int server = 0;
  int client = 0;
  for (const auto& s : report.sockets) {
    if (s.side == Side::kServer) {
      ++server;
      EXPECT_EQ(s.entry.local.port, 7497);
    } else {
      ++client;
      EXPECT_EQ(s.entry.remote.port, 7497);
    }
  }
  EXPECT_EQ(server, 3);
  EXPECT_EQ(client, 4);
  EXPECT_EQ(report.unreadable_processes, 1);
}

TEST(PortReport, CountsPerStateIncludeTheListener) {
  auto report = wedged_report();
  EXPECT_EQ(report.count(TcpState::kListen), 1);
  EXPECT_EQ(report.count(TcpState::kCloseWait), 2);
  EXPECT_EQ(report.count(TcpState::kFinWait2), 2);
  EXPECT_EQ(report.count(TcpState::kEstablished), 2);
  EXPECT_EQ(report.count(TcpState::kTimeWait), 1);
  EXPECT_EQ(report.count(TcpState::kSynSent), 0);
}

TEST(PortReport, ServerSideCloseWaitSocketsAreZombiesWithTheirOwner) {
  auto report = wedged_report();
  ASSERT_EQ(report.zombies.size(), 2U);
  for (const auto& z : report.zombies) {
    EXPECT_EQ(z.side, Side::kServer);
    EXPECT_EQ(z.entry.state, TcpState::kCloseWait);
    EXPECT_EQ(z.entry.rx_queue, 33U);
    ASSERT_EQ(z.owners.size(), 1U);
    EXPECT_EQ(z.owners[0].pid, kTwsPid);
  }
  EXPECT_EQ(report.zombies[0].entry.remote, (Endpoint{"127.0.0.1", 54321}));
  ASSERT_EQ(report.zombie_owners().size(), 1U);
}

TEST(PortReport, ClientSideCloseWaitIsNotAZombieOfTheServer) {
  SocketTable table({SocketEntry{IpFamily::kV4, {"127.0.0.1", 7497}, {}, TcpState::kListen, 1, 0, 0, 0, {}},
                     SocketEntry{IpFamily::kV4, {"127.0.0.1", 50000}, {"127.0.0.1", 7497}, TcpState::kCloseWait, 2, 0, 0,
                                 0, {}}},
                    SocketSource::kFixture);
  auto report = build_port_report(table, ProcessTable{}, 7497);
  EXPECT_TRUE(report.zombies.empty());
  EXPECT_EQ(report.count(TcpState::kCloseWait), 1);
}

TEST(PortReport, ConnectedClientsAreTheOwnersOfEstablishedClientSockets) {
  auto report = wedged_report();
  auto clients = report.connected_clients();
  ASSERT_EQ(clients.size(), 1U);
  EXPECT_EQ(clients[0].pid, kPythonPid);
}

TEST(PortReport, OrphanedSocketsHaveNoOwner) {
  auto report = wedged_report();
  for (const auto& s : report.sockets) {
    if (s.entry.state == TcpState::kFinWait2 || s.entry.state == TcpState::kTimeWait) {
      EXPECT_TRUE(s.owners.empty());
    }
  }
}

TEST(PortReport, OtherPortsAreLeftOut) {
  auto report = wedged_report(4002);
  EXPECT_FALSE(report.listening());
  EXPECT_TRUE(report.sockets.empty());
  EXPECT_TRUE(report.counts.empty());
}

TEST(PortReport, LsofEntriesSharedByTwoProcessesBecomeOneSocketWithTwoOwners) {
  auto entry = [](int pid, std::string command) {
    return SocketEntry{IpFamily::kV4, {"127.0.0.1", 7497}, {"127.0.0.1", 50000}, TcpState::kCloseWait, 0, {}, 0, 0,
                       OwnerHint{pid, std::move(command), "oliver"}};
  };
  SocketTable table({entry(10, "JavaAppli"), entry(11, "JavaAppli")}, SocketSource::kLsof);
  auto report = build_port_report(table, ProcessTable{}, 7497);
  ASSERT_EQ(report.sockets.size(), 1U);
  ASSERT_EQ(report.sockets[0].owners.size(), 2U);
  EXPECT_EQ(report.sockets[0].owners[0].kind, ProcessKind::kTws);
  EXPECT_EQ(report.source, SocketSource::kLsof);
}

}  // namespace
}  // namespace rt::diag
