#include "diag/report_diff.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace rt::diag {
namespace {

SocketEntry entry(std::uint16_t local_port, std::uint16_t remote_port, TcpState state, std::uint64_t inode,
                  std::uint32_t rx = 0) {
  return SocketEntry{IpFamily::kV4, {"127.0.0.1", local_port}, {"127.0.0.1", remote_port}, state, inode, 501, 0, rx, {}};
}

ProcessTable tws_holding(const std::vector<std::uint64_t>& inodes) {
  ProcessTable processes;
  processes.add(ProcessInfo{46094, "java", "java jclient.LoginFrame", ProcessKind::kTws}, inodes);
  return processes;
}

PortReport report(std::vector<SocketEntry> entries, const ProcessTable& processes) {
  return build_port_report(SocketTable(std::move(entries), SocketSource::kProc), processes, 7497);
}

std::vector<SocketEntry> base() {
  return {entry(7497, 0, TcpState::kListen, 1), entry(7497, 50000, TcpState::kEstablished, 2),
          entry(50000, 7497, TcpState::kEstablished, 3)};
}

TEST(ReportDiff, SameSocketsThenNotChanged) {
  auto processes = tws_holding({1, 2});
  auto a = report(base(), processes);
  auto b = report(base(), processes);
  EXPECT_FALSE(materially_changed(a, b));
  EXPECT_EQ(fingerprint(a), fingerprint(b));
  EXPECT_TRUE(describe_changes(a, b).empty());
}

TEST(ReportDiff, KernelOrderQueuesAndInodesAreNotMaterial) {
  auto processes = tws_holding({1, 2});
  auto shuffled = base();
  std::reverse(shuffled.begin(), shuffled.end());
  shuffled[0].rx_queue = 512;
  EXPECT_FALSE(materially_changed(report(base(), processes), report(shuffled, processes)));
}

TEST(ReportDiff, TimeWaitComingAndGoingIsNotMaterial) {
  auto processes = tws_holding({1, 2});
  auto with_time_wait = base();
  with_time_wait.push_back(entry(50100, 7497, TcpState::kTimeWait, 0));
  EXPECT_FALSE(materially_changed(report(base(), processes), report(with_time_wait, processes)));
}

TEST(ReportDiff, NewZombieIsMaterialAndDescribed) {
  auto processes = tws_holding({1, 2, 4});
  auto with_zombie = base();
  with_zombie.push_back(entry(7497, 50200, TcpState::kCloseWait, 4));
  auto before = report(base(), processes);
  auto after = report(with_zombie, processes);
  EXPECT_TRUE(materially_changed(before, after));
  EXPECT_NE(fingerprint(before), fingerprint(after));
  auto changes = describe_changes(before, after);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0], "+ server CLOSE_WAIT 127.0.0.1:7497 <- 127.0.0.1:50200 pid 46094 (java, TWS)");
  auto back = describe_changes(after, before);
  ASSERT_EQ(back.size(), 1U);
  EXPECT_EQ(back[0].substr(0, 2), "- ");
}

TEST(ReportDiff, StateChangeOfAConnectionIsMaterial) {
  auto processes = tws_holding({1, 2});
  auto closing = base();
  closing[1].state = TcpState::kCloseWait;
  auto changes = describe_changes(report(base(), processes), report(closing, processes));
  EXPECT_EQ(changes.size(), 2U);
}

TEST(ReportDiff, ListenerGoneIsMaterial) {
  auto processes = tws_holding({1, 2});
  auto without_listener = base();
  without_listener.erase(without_listener.begin());
  EXPECT_TRUE(materially_changed(report(base(), processes), report(without_listener, processes)));
}

TEST(ReportDiff, NewOwnerOfTheListenerIsMaterial) {
  ProcessTable restarted;
  restarted.add(ProcessInfo{47000, "java", "java jclient.LoginFrame", ProcessKind::kTws}, {1, 2});
  EXPECT_TRUE(materially_changed(report(base(), tws_holding({1, 2})), report(base(), restarted)));
}

}  // namespace
}  // namespace rt::diag
