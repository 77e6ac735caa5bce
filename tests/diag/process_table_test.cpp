#include "diag/process_table.hpp"

#include <gtest/gtest.h>

#include "diag/proc_fixture.hpp"

namespace rt::diag {
namespace {

using testing::ProcFixture;

TEST(ProcessTable, SocketLinkGivesItsInode) {
  EXPECT_EQ(socket_inode_from_link("socket:[123456]"), 123456U);
  EXPECT_EQ(socket_inode_from_link("pipe:[123456]"), 0U);
  EXPECT_EQ(socket_inode_from_link("/dev/null"), 0U);
  EXPECT_EQ(socket_inode_from_link("socket:[12x]"), 0U);
  EXPECT_EQ(socket_inode_from_link("socket:[]"), 0U);
}

TEST(ProcessTable, InodeMapsToThePidsHoldingIt) {
  ProcFixture proc;
  proc.process(46094, "java", {"/home/oliver/Jts/jre/bin/java", "-cp", "jts4launch.jar", "install4j.jclient.LoginFrame"},
               {1001, 1002});
  proc.process(51000, "python3", {"python3", "test_exact_working.py"}, {2001});
  proc.process(51001, "python3", {"python3", "-m", "worker"}, {2001});  // inherited across fork
  auto table = ProcessTable::scan(proc.root());
  EXPECT_EQ(table.process_count(), 3U);
  EXPECT_EQ(table.unreadable_count(), 0);

  auto tws = table.owners_of(1002);
  ASSERT_EQ(tws.size(), 1U);
  EXPECT_EQ(tws[0].pid, 46094);
  EXPECT_EQ(tws[0].name, "java");
  EXPECT_EQ(tws[0].kind, ProcessKind::kTws);
  EXPECT_EQ(tws[0].cmdline, "/home/oliver/Jts/jre/bin/java -cp jts4launch.jar install4j.jclient.LoginFrame");

  auto shared = table.owners_of(2001);
  ASSERT_EQ(shared.size(), 2U);
  EXPECT_EQ(shared[0].pid, 51000);
  EXPECT_EQ(shared[1].pid, 51001);

  EXPECT_TRUE(table.owners_of(9999).empty());
  EXPECT_TRUE(table.owners_of(0).empty()) << "inode 0 (TIME_WAIT) has no owner";
}

TEST(ProcessTable, UnreadableProcessesAreSkippedAndCounted) {
  ProcFixture proc;
  proc.process(100, "java", {"java", "ibgateway.GWClient"}, {5});
  proc.unreadable_process(200, "java");
  proc.unreadable_process(300, "sshd");
  proc.write("self/comm", "not a pid directory\n");
  proc.unreadable_process(2, "kthreadd");
  proc.write("2/cmdline", "");  // a kernel thread: no command line, no sockets, not counted
  auto table = ProcessTable::scan(proc.root());
  EXPECT_EQ(table.unreadable_count(), 2);
  EXPECT_EQ(table.process_count(), 1U);
  ASSERT_EQ(table.owners_of(5).size(), 1U);
  EXPECT_EQ(table.owners_of(5)[0].kind, ProcessKind::kIbGateway);
}

TEST(ProcessTable, MissingProcRootGivesAnEmptyTable) {
  auto table = ProcessTable::scan("/nonexistent/rt_diag_proc");
  EXPECT_EQ(table.process_count(), 0U);
  EXPECT_EQ(table.unreadable_count(), 0);
}

TEST(ProcessKindClassification, TwsIsRecognisedByItsLaunchersAndInstallDirectory) {
  EXPECT_EQ(classify_process("JavaApplicationS", ""), ProcessKind::kTws);  // comm is cut at 15 characters
  EXPECT_EQ(classify_process("JavaAppli", ""), ProcessKind::kTws);         // lsof cuts COMMAND at 9
  EXPECT_EQ(classify_process("tws", "/home/u/Jts/tws"), ProcessKind::kTws);
  EXPECT_EQ(classify_process("java", "/opt/ibc/jre/bin/java -cp ... ibcalpha.ibc.IbcTws"), ProcessKind::kTws);
  EXPECT_EQ(classify_process("java", "/home/u/Jts/1019/jre/bin/java -Xmx768m jclient.LoginFrame /home/u/Jts"),
            ProcessKind::kTws);
  EXPECT_EQ(classify_process("Trader Wo", ""), ProcessKind::kTws);
}

TEST(ProcessKindClassification, GatewayIsRecognisedBeforeTws) {
  EXPECT_EQ(classify_process("java", "/home/u/Jts/ibgateway/1019/jre/bin/java ibgateway.GWClient"),
            ProcessKind::kIbGateway);
  EXPECT_EQ(classify_process("ibgateway", "/home/u/Jts/ibgateway/1019/ibgateway"), ProcessKind::kIbGateway);
  EXPECT_EQ(classify_process("java", "java -cp ibc.jar ibcalpha.ibc.IbcGateway"), ProcessKind::kIbGateway);
  EXPECT_EQ(classify_process("IB Gatewa", ""), ProcessKind::kIbGateway);
  EXPECT_EQ(classify_process("JavaApplicationS", "/Applications/IB Gateway 10.19/IB Gateway 10.19.app/JavaApplicationStub"),
            ProcessKind::kIbGateway);
}

TEST(ProcessKindClassification, RobotraderIsRecognisedEvenWhenRunningItsGatewayEmulator) {
  EXPECT_EQ(classify_process("robotrader", "./build/robotrader run --symbols AAPL"), ProcessKind::kRobotrader);
  EXPECT_EQ(classify_process("robotrader", "/usr/local/bin/robotrader gateway --port 4002"), ProcessKind::kRobotrader);
  EXPECT_EQ(classify_process("", "/usr/local/bin/robotrader check"), ProcessKind::kRobotrader);
}

TEST(ProcessKindClassification, OtherProcessesAreOther) {
  EXPECT_EQ(classify_process("python3", "python3 test_exact_working.py"), ProcessKind::kOther);
  EXPECT_EQ(classify_process("java", "java -jar jenkins.war"), ProcessKind::kOther);
  EXPECT_EQ(classify_process("nginx", "nginx: worker process"), ProcessKind::kOther);
  EXPECT_EQ(classify_process("node", "node /srv/tws-dashboard/index.js"), ProcessKind::kOther)
      << "'tws' in a path only counts for a java process";
}

}  // namespace
}  // namespace rt::diag
