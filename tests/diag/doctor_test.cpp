#include "diag/doctor.hpp"

#include <gtest/gtest.h>

#include "diag/scenarios.hpp"

namespace rt::diag {
namespace {

using namespace rt::diag::testing;

LsofRunner lsof_must_not_run() {
  return []() -> Result<std::string> {
    ADD_FAILURE() << "lsof ran although /proc/net/tcp exists";
    return std::string();
  };
}

TEST(Doctor, WithoutProbeTheOutcomeIsNotRun) {
  ProcFixture proc;
  write_idle_tws(proc);
  Doctor doctor(proc.root(), lsof_must_not_run());
  auto result = doctor.examine(PortChoice{7497, "given"});
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->probe.status, ProbeOutcome::Status::kNotRun);
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(result->port_choice.reason, "given");
}

TEST(Doctor, ProbeRunsOnceAfterTheTablesWereRead) {
  ProcFixture proc;
  write_idle_tws(proc);
  Doctor doctor(proc.root(), lsof_must_not_run());
  int calls = 0;
  auto result = doctor.examine(PortChoice{7497, "given"}, [&] {
    ++calls;
    // The probe's own socket, as a slow server would leave it: must not appear in this report.
    proc.tcp({tcp_line("0100007F:1D49", "0100007F:D431", "08", 501, 1009)});
    return ProbeOutcome::passed(178, {"DU1"});
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(result->report.zombies.empty());
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(result->probe.server_version, 178);
}

TEST(Doctor, WedgedTwsThenZombieVerdictNamingTws) {
  ProcFixture proc;
  write_wedged_tws(proc);
  Doctor doctor(proc.root(), lsof_must_not_run());
  auto result = doctor.examine(PortChoice{7497, "given"});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kZombieSockets);
  EXPECT_EQ(result->diagnosis.exit_code, kExitZombieSockets);
}

TEST(Doctor, ExplicitPortIsTakenAsGivenWithoutReadingTables) {
  Doctor doctor("/nonexistent/rt_diag_proc", [] {
    ADD_FAILURE() << "an explicit port needs no table";
    return Result<std::string>(std::string());
  });
  auto choice = doctor.choose_port(PortSelection{7000, false});
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 7000);
  EXPECT_EQ(choice->reason, "port 7000 was given");
}

TEST(Doctor, PortZeroIsRefused) {
  Doctor doctor("/nonexistent/rt_diag_proc", {});
  auto choice = doctor.choose_port(PortSelection{std::uint16_t{0}, false});
  ASSERT_FALSE(choice);
  EXPECT_EQ(choice.error().code, ErrorCode::kInvalidArgument);
}

TEST(Doctor, AutoPortPicksTheListeningPaperPort) {
  ProcFixture proc;
  proc.tcp({tcp_line("00000000:0FA2", "00000000:0000", "0A", 0, 5)});
  Doctor doctor(proc.root(), lsof_must_not_run());
  auto choice = doctor.choose_port(PortSelection{std::nullopt, false});
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 4002);
  EXPECT_EQ(choice->reason, "4002 (IB Gateway paper) is listening; 7497 (TWS paper) is not");
}

TEST(Doctor, AutoPortWithNothingListeningThenNotListeningOnTheFirstPaperPort) {
  ProcFixture proc;
  proc.tcp({});
  Doctor doctor(proc.root(), lsof_must_not_run());
  auto choice = doctor.choose_port(PortSelection{std::nullopt, false});
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->port, 7497);
  EXPECT_NE(choice->reason.find("no IB API port is listening"), std::string::npos) << choice->reason;
  auto result = doctor.examine(*choice);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kNotListening);
  EXPECT_EQ(result->diagnosis.exit_code, kExitNotListening);
}

TEST(Doctor, NoProcAndNoLsofThenAnErrorForExitCode1) {
  ProcFixture proc_without_net_tcp;
  Doctor doctor(proc_without_net_tcp.root(),
                [] { return Result<std::string>(fail(ErrorCode::kNotFound, "lsof is not installed")); });
  auto result = doctor.examine(PortChoice{7497, ""});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("lsof is not installed"), std::string::npos);
}

TEST(Doctor, LsofFallbackFeedsTheReportOnMacos) {
  ProcFixture no_proc;
  Doctor doctor(no_proc.root(), [] {
    return Result<std::string>(std::string(
        "COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
        "JavaAppli 46094 oliver   46u  IPv6 0x5c1e0d3a3b0d1e27      0t0  TCP *:7497 (LISTEN)\n"
        "JavaAppli 46094 oliver   47u  IPv6 0x5c1e0d3a3b0d2a11      0t0  TCP 127.0.0.1:7497->127.0.0.1:54321 "
        "(CLOSE_WAIT)\n"));
  });
  auto result = doctor.examine(PortChoice{7497, ""});
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->report.source, SocketSource::kLsof);
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kZombieSockets);
  ASSERT_EQ(result->report.zombie_owners().size(), 1U);
  EXPECT_EQ(result->report.zombie_owners()[0].pid, 46094);
  EXPECT_EQ(result->report.zombie_owners()[0].kind, ProcessKind::kTws);
}

}  // namespace
}  // namespace rt::diag
