#include "diag/proc_net_parser.hpp"

#include <gtest/gtest.h>

#include <bit>

#include "diag/proc_fixture.hpp"
#include "diag/socket_table.hpp"

namespace rt::diag {
namespace {

using testing::ProcFixture;
using testing::tcp_line;

class ProcNetParser : public ::testing::Test {
 protected:
  void SetUp() override {
    // The kernel prints addresses from their in-memory words; the fixtures are little-endian text.
    if constexpr (std::endian::native != std::endian::little) GTEST_SKIP() << "fixtures are little-endian";
  }
};

TEST_F(ProcNetParser, Ipv4LineGivesAddressesPortsStateUidAndInode) {
  auto entry = parse_proc_net_tcp_line(tcp_line("0100007F:1D49", "0100007F:D431", "08", 1000, 4242), IpFamily::kV4);
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->family, IpFamily::kV4);
  EXPECT_EQ(entry->local, (Endpoint{"127.0.0.1", 7497}));
  EXPECT_EQ(entry->remote, (Endpoint{"127.0.0.1", 54321}));
  EXPECT_EQ(entry->state, TcpState::kCloseWait);
  EXPECT_EQ(entry->uid, 1000U);
  EXPECT_EQ(entry->inode, 4242U);
}

TEST_F(ProcNetParser, Ipv4AddressBytesAreInNetworkOrderInMemory) {
  // 192.168.1.20 is C0 A8 01 14 in memory: printed as the little-endian word 1401A8C0.
  auto endpoint = parse_proc_net_endpoint("1401A8C0:0FA2", IpFamily::kV4);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(*endpoint, (Endpoint{"192.168.1.20", 4002}));
}

TEST_F(ProcNetParser, QueuesAreParsedAsHex) {
  auto entry = parse_proc_net_tcp_line(tcp_line("0100007F:1D49", "0100007F:D431", "08", 0, 1, "00000010:000001F4"),
                                       IpFamily::kV4);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->tx_queue, 16U);
  EXPECT_EQ(entry->rx_queue, 500U);
}

TEST_F(ProcNetParser, Ipv6LoopbackAndWildcardDecode) {
  auto loopback = parse_proc_net_endpoint("00000000000000000000000001000000:1D49", IpFamily::kV6);
  ASSERT_TRUE(loopback);
  EXPECT_EQ(*loopback, (Endpoint{"::1", 7497}));
  auto any = parse_proc_net_endpoint("00000000000000000000000000000000:0000", IpFamily::kV6);
  ASSERT_TRUE(any);
  EXPECT_EQ(*any, (Endpoint{"::", 0}));
  auto global = parse_proc_net_endpoint("B80D0120000000000000000001000000:1D48", IpFamily::kV6);
  ASSERT_TRUE(global);
  EXPECT_EQ(*global, (Endpoint{"2001:db8::1", 7496}));
}

TEST_F(ProcNetParser, Ipv4MappedIpv6AddressIsShownAsIpv4AndKeepsFamily) {
  auto entry = parse_proc_net_tcp_line(
      tcp_line("0000000000000000FFFF00000100007F:1D49", "0000000000000000FFFF00000100007F:C350", "01", 501, 77),
      IpFamily::kV6);
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->family, IpFamily::kV6);
  EXPECT_EQ(entry->local, (Endpoint{"127.0.0.1", 7497}));
  EXPECT_EQ(entry->remote, (Endpoint{"127.0.0.1", 50000}));
  EXPECT_EQ(entry->state, TcpState::kEstablished);
}

TEST_F(ProcNetParser, EveryKernelStateCodeMapsToItsName) {
  const std::vector<std::pair<int, std::string_view>> expected{
      {0x01, "ESTABLISHED"}, {0x02, "SYN_SENT"}, {0x03, "SYN_RECV"}, {0x04, "FIN_WAIT1"},
      {0x05, "FIN_WAIT2"},   {0x06, "TIME_WAIT"}, {0x07, "CLOSE"},   {0x08, "CLOSE_WAIT"},
      {0x09, "LAST_ACK"},    {0x0A, "LISTEN"},    {0x0B, "CLOSING"}, {0x0C, "SYN_RECV"}};
  for (const auto& [code, name] : expected) {
    EXPECT_EQ(to_string(tcp_state_from_kernel_code(code)), name) << code;
  }
  EXPECT_EQ(tcp_state_from_kernel_code(0x42), TcpState::kUnknown);
  EXPECT_EQ(tcp_state_from_kernel_code(0), TcpState::kUnknown);
}

TEST_F(ProcNetParser, StateColumnIsReadAsHex) {
  auto listen = parse_proc_net_tcp_line(tcp_line("00000000:1D49", "00000000:0000", "0A", 0, 1), IpFamily::kV4);
  ASSERT_TRUE(listen);
  EXPECT_EQ(listen->state, TcpState::kListen);
  auto closing = parse_proc_net_tcp_line(tcp_line("00000000:1D49", "00000000:0000", "0B", 0, 1), IpFamily::kV4);
  ASSERT_TRUE(closing);
  EXPECT_EQ(closing->state, TcpState::kClosing);
}

TEST_F(ProcNetParser, StateNamesFromLsofAndNetstatMap) {
  EXPECT_EQ(tcp_state_from_name("CLOSE_WAIT"), TcpState::kCloseWait);
  EXPECT_EQ(tcp_state_from_name("FIN_WAIT_2"), TcpState::kFinWait2);
  EXPECT_EQ(tcp_state_from_name("FIN_WAIT1"), TcpState::kFinWait1);
  EXPECT_EQ(tcp_state_from_name("SYN_RECEIVED"), TcpState::kSynRecv);
  EXPECT_EQ(tcp_state_from_name("CLOSED"), TcpState::kClose);
  EXPECT_EQ(tcp_state_from_name("LISTEN"), TcpState::kListen);
  EXPECT_EQ(tcp_state_from_name("NOPE"), TcpState::kUnknown);
}

TEST_F(ProcNetParser, MalformedLineFailsNamingTheField) {
  auto short_line = parse_proc_net_tcp_line("   0: 0100007F:1D49", IpFamily::kV4);
  ASSERT_FALSE(short_line);
  EXPECT_EQ(short_line.error().code, ErrorCode::kParse);

  auto bad_address = parse_proc_net_tcp_line(tcp_line("7F01:1D49", "0100007F:D431", "01", 0, 1), IpFamily::kV4);
  ASSERT_FALSE(bad_address);
  EXPECT_NE(bad_address.error().message.find("local_address"), std::string::npos) << bad_address.error().message;

  auto bad_v6 = parse_proc_net_tcp_line(tcp_line("0100007F:1D49", "0100007F:D431", "01", 0, 1), IpFamily::kV6);
  ASSERT_FALSE(bad_v6);
  EXPECT_NE(bad_v6.error().message.find("32 hex digits"), std::string::npos) << bad_v6.error().message;

  auto bad_inode = parse_proc_net_tcp_line(
      "   0: 0100007F:1D49 0100007F:D431 01 00000000:00000000 00:00000000 00000000 0 0 abc 1", IpFamily::kV4);
  ASSERT_FALSE(bad_inode);
  EXPECT_NE(bad_inode.error().message.find("inode"), std::string::npos);
}

TEST_F(ProcNetParser, FileSkipsHeaderAndReportsTheBadLineNumber) {
  std::string text(testing::kTcpHeader);
  text += tcp_line("0100007F:1D49", "00000000:0000", "0A", 0, 1);
  text += "\n";
  text += tcp_line("0100007F:1D49", "0100007F:D431", "01", 0, 2);
  auto good = parse_proc_net_tcp(text, IpFamily::kV4);
  ASSERT_TRUE(good) << good.error().describe();
  EXPECT_EQ(good->size(), 2U);

  text += "   2: garbage\n";
  auto bad = parse_proc_net_tcp(text, IpFamily::kV4);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 5"), std::string::npos) << bad.error().message;
}

TEST_F(ProcNetParser, SocketTableReadsBothFilesFromTheInjectedRoot) {
  ProcFixture proc;
  proc.tcp({tcp_line("0100007F:1D49", "00000000:0000", "0A", 1000, 11),
            tcp_line("0100007F:1D49", "0100007F:D431", "08", 1000, 12),
            tcp_line("0100007F:D431", "0100007F:1D49", "05", 1000, 0),
            tcp_line("0100007F:0050", "0100007F:C000", "01", 0, 13)});
  proc.tcp6({tcp_line("00000000000000000000000000000000:0FA2", "00000000000000000000000000000000:0000", "0A", 0, 14)});
  auto table = SocketTable::read_proc(proc.root());
  ASSERT_TRUE(table) << table.error().describe();
  EXPECT_EQ(table->source(), SocketSource::kProc);
  EXPECT_EQ(table->entries().size(), 5U);
  EXPECT_EQ(table->on_port(7497).size(), 3U);
  EXPECT_TRUE(table->is_listening(7497));
  EXPECT_TRUE(table->is_listening(4002));
  EXPECT_FALSE(table->is_listening(80));  // port 80 is ESTABLISHED, not LISTEN
  EXPECT_EQ(table->entries().back().family, IpFamily::kV6);
}

TEST_F(ProcNetParser, SocketTableWithoutTcp6StillReadsTcp) {
  ProcFixture proc;
  proc.tcp({tcp_line("0100007F:1D49", "00000000:0000", "0A", 0, 11)});
  auto table = SocketTable::read_proc(proc.root());
  ASSERT_TRUE(table);
  EXPECT_EQ(table->entries().size(), 1U);
}

TEST_F(ProcNetParser, SocketTableNamesTheFileWhenALineIsBad) {
  ProcFixture proc;
  proc.tcp({});
  proc.tcp6({"   0: zz\n"});
  auto table = SocketTable::read_proc(proc.root());
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kParse);
  EXPECT_NE(table.error().message.find("tcp6"), std::string::npos) << table.error().message;
}

TEST_F(ProcNetParser, MissingProcNetTcpIsNotFound) {
  ProcFixture proc;
  auto table = SocketTable::read_proc(proc.root());
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace rt::diag
