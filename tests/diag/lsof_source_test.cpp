#include "diag/lsof_source.hpp"

#include <gtest/gtest.h>

#include "diag/proc_fixture.hpp"
#include "diag/socket_table.hpp"

namespace rt::diag {
namespace {

// As printed by `lsof -nP -iTCP` on macOS while TWS holds CLOSE_WAIT sockets.
constexpr std::string_view kMacOutput =
    "COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
    "JavaAppli 46094 oliver   46u  IPv6 0x5c1e0d3a3b0d1e27      0t0  TCP *:7497 (LISTEN)\n"
    "JavaAppli 46094 oliver   47u  IPv6 0x5c1e0d3a3b0d2a11      0t0  TCP 127.0.0.1:7497->127.0.0.1:54321 (CLOSE_WAIT)\n"
    "JavaAppli 46094 oliver   48u  IPv6 0x5c1e0d3a3b0d2b22      0t0  TCP [::1]:7497->[::1]:54400 (CLOSE_WAIT)\n"
    "python3.1 51000 oliver    5u  IPv4 0x5c1e0d3a3b0d3c33      0t0  TCP 127.0.0.1:54500->127.0.0.1:7497 (ESTABLISHED)\n"
    "Trader Wo   812 oliver   12u  IPv4 0x5c1e0d3a3b0d4d44      0t0  TCP 10.0.0.5:50011->17.57.144.20:443 (ESTABLISHED)\n";

TEST(LsofSource, ListenLineGivesWildcardLocalAndOwner) {
  auto entry = parse_lsof_line("JavaAppli 46094 oliver   46u  IPv6 0x5c1e0d3a3b0d1e27      0t0  TCP *:7497 (LISTEN)");
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->state, TcpState::kListen);
  EXPECT_EQ(entry->family, IpFamily::kV6);
  EXPECT_EQ(entry->local, (Endpoint{"::", 7497}));
  EXPECT_EQ(entry->remote.port, 0);
  EXPECT_EQ(entry->inode, 0U) << "a macOS DEVICE is a kernel address, not an inode";
  ASSERT_TRUE(entry->owner_hint);
  EXPECT_EQ(entry->owner_hint->pid, 46094);
  EXPECT_EQ(entry->owner_hint->command, "JavaAppli");
  EXPECT_EQ(entry->owner_hint->user, "oliver");
}

TEST(LsofSource, ConnectionLineGivesBothEndpointsAndState) {
  auto entry = parse_lsof_line(
      "JavaAppli 46094 oliver   48u  IPv6 0x5c1e0d3a3b0d2b22      0t0  TCP [::1]:7497->[::1]:54400 (CLOSE_WAIT)");
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->local, (Endpoint{"::1", 7497}));
  EXPECT_EQ(entry->remote, (Endpoint{"::1", 54400}));
  EXPECT_EQ(entry->state, TcpState::kCloseWait);
}

TEST(LsofSource, LinuxDeviceColumnIsTheInode) {
  auto entry = parse_lsof_line("java    2211 ib   77u  IPv4 918273      0t0  TCP 127.0.0.1:4002->127.0.0.1:40000 (FIN_WAIT_2)");
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->inode, 918273U);
  EXPECT_EQ(entry->state, TcpState::kFinWait2);
  EXPECT_EQ(entry->local, (Endpoint{"127.0.0.1", 4002}));
}

TEST(LsofSource, CommandWithASpaceIsKeptWhole) {
  auto entry = parse_lsof_line(
      "Trader Wo   812 oliver   12u  IPv4 0x5c1e0d3a3b0d4d44      0t0  TCP 10.0.0.5:50011->17.57.144.20:443 (ESTABLISHED)");
  ASSERT_TRUE(entry) << entry.error().describe();
  ASSERT_TRUE(entry->owner_hint);
  EXPECT_EQ(entry->owner_hint->command, "Trader Wo");
  EXPECT_EQ(entry->owner_hint->pid, 812);
}

TEST(LsofSource, MappedIpv6AddressIsShownAsIpv4) {
  auto entry = parse_lsof_line(
      "java 9 u 3u IPv6 1234 0t0 TCP [::ffff:127.0.0.1]:7497->[::ffff:127.0.0.1]:50000 (ESTABLISHED)");
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->local, (Endpoint{"127.0.0.1", 7497}));
  EXPECT_EQ(entry->family, IpFamily::kV6);
}

TEST(LsofSource, WholeOutputSkipsHeaderAndKeepsEveryTcpLine) {
  auto entries = parse_lsof_output(kMacOutput);
  ASSERT_TRUE(entries) << entries.error().describe();
  ASSERT_EQ(entries->size(), 5U);
  EXPECT_EQ((*entries)[3].owner_hint->command, "python3.1");
  EXPECT_EQ((*entries)[3].remote.port, 7497);
}

TEST(LsofSource, MalformedTcpLineFailsWithItsLineNumber) {
  std::string text(kMacOutput);
  text += "JavaAppli 46094 oliver 49u IPv6 0x1 0t0 TCP 127.0.0.1:notaport (LISTEN)\n";
  auto entries = parse_lsof_output(text);
  ASSERT_FALSE(entries);
  EXPECT_EQ(entries.error().code, ErrorCode::kParse);
  EXPECT_NE(entries.error().message.find("line 7"), std::string::npos) << entries.error().message;
}

TEST(LsofSource, EmptyOutputIsAnEmptyTable) {
  auto entries = parse_lsof_output("");
  ASSERT_TRUE(entries);
  EXPECT_TRUE(entries->empty());
}

TEST(LsofSource, FallbackRunsOnlyWhenProcNetTcpIsAbsent) {
  testing::ProcFixture without_proc;
  int calls = 0;
  LsofRunner lsof = [&]() -> Result<std::string> {
    ++calls;
    return std::string(kMacOutput);
  };
  auto from_lsof = SocketTable::load(without_proc.root(), lsof);
  ASSERT_TRUE(from_lsof) << from_lsof.error().describe();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(from_lsof->source(), SocketSource::kLsof);
  EXPECT_TRUE(from_lsof->is_listening(7497));

  testing::ProcFixture with_proc;
  with_proc.tcp({});
  auto from_proc = SocketTable::load(with_proc.root(), lsof);
  ASSERT_TRUE(from_proc) << from_proc.error().describe();
  EXPECT_EQ(calls, 1) << "lsof must not run when /proc/net/tcp exists";
  EXPECT_EQ(from_proc->source(), SocketSource::kProc);
}

TEST(LsofSource, FallbackErrorIsPassedOn) {
  testing::ProcFixture without_proc;
  auto table = SocketTable::load(without_proc.root(),
                                 [] { return Result<std::string>(fail(ErrorCode::kNotFound, "lsof is not installed")); });
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("lsof"), std::string::npos);
}

}  // namespace
}  // namespace rt::diag
