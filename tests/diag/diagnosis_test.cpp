#include "diag/diagnosis.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <set>

#include "diag/scenarios.hpp"

namespace rt::diag {
namespace {

using namespace rt::diag::testing;

PortReport report_from(void (*scenario)(const ProcFixture&)) {
  ProcFixture proc;
  scenario(proc);
  auto table = SocketTable::read_proc(proc.root());
  EXPECT_TRUE(table) << table.error().describe();
  return build_port_report(*table, ProcessTable::scan(proc.root()), 7497);
}

PortReport idle() { return report_from(&write_idle_tws); }
PortReport wedged() { return report_from(&write_wedged_tws); }

bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const auto& line : lines) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Exit codes 0-2 mean the same for every command (2 is a usage error), so verdicts start at 3.
TEST(Diagnosis, NothingListeningThenNotListeningWithExitCode3) {
  PortReport empty;
  empty.port = 7497;
  auto d = diagnose(empty, ProbeOutcome::not_run());
  EXPECT_EQ(d.verdict, Verdict::kNotListening);
  EXPECT_EQ(d.exit_code, 3);
  EXPECT_NE(d.summary.find("7497 (TWS paper)"), std::string::npos) << d.summary;
  EXPECT_TRUE(any_contains(d.remedies, "Enable ActiveX and Socket Clients"));
  // Recent IB Gateway builds have no such box: the remedy says what to check there instead.
  EXPECT_TRUE(any_contains(d.remedies, "IB Gateway (Configure > Settings > API > Settings) has no"));
  EXPECT_TRUE(any_contains(d.remedies, "--port auto"));
}

TEST(Diagnosis, NotListeningWinsOverAProbeResult) {
  PortReport empty;
  empty.port = 4002;
  EXPECT_EQ(classify(empty, ProbeOutcome::failed(ProbeOutcome::Stage::kTcp, "connection refused")),
            Verdict::kNotListening);
}

TEST(Diagnosis, ListeningAndProbePassedThenHealthyWithExitCode0) {
  auto d = diagnose(idle(), ProbeOutcome::passed(178, {"DUN080889"}, 999));
  EXPECT_EQ(d.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(d.summary.find("server version 178"), std::string::npos) << d.summary;
  EXPECT_NE(d.summary.find("DUN080889"), std::string::npos);
  EXPECT_NE(d.summary.find("TWS (pid 46094)"), std::string::npos) << d.summary;
}

TEST(Diagnosis, ListeningWithoutProbeThenHealthySayingTheHandshakeWasNotTested) {
  auto d = diagnose(idle(), ProbeOutcome::not_run());
  EXPECT_EQ(d.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(d.summary.find("not tested"), std::string::npos) << d.summary;
  EXPECT_NE(d.explanation.find("--probe"), std::string::npos);
}

TEST(Diagnosis, ProbeFailedAtEachStageThenApiNotAnsweringWithExitCode4) {
  for (auto stage : {ProbeOutcome::Stage::kTcp, ProbeOutcome::Stage::kVersionReply, ProbeOutcome::Stage::kReady}) {
    auto d = diagnose(idle(), ProbeOutcome::failed(stage, "deadline 5 s passed", 999));
    EXPECT_EQ(d.verdict, Verdict::kListeningApiNotAnswering);
    EXPECT_EQ(d.exit_code, 4);
    EXPECT_NE(d.explanation.find("deadline 5 s passed"), std::string::npos);
    EXPECT_TRUE(any_contains(d.remedies, "File > Global Configuration > API > Settings"));
    EXPECT_TRUE(any_contains(d.remedies, "Enable ActiveX and Socket Clients"));
    EXPECT_TRUE(any_contains(d.remedies, "Allow connections from localhost only"));
    EXPECT_TRUE(any_contains(d.remedies, "Trusted IPs"));
    EXPECT_TRUE(any_contains(d.remedies, "Master API client ID"));
    EXPECT_TRUE(any_contains(d.remedies, "\"Socket port\" is 7497"));
    EXPECT_TRUE(any_contains(d.remedies, "kill 46094")) << "the restart remedy names the listener";
  }
  auto version = diagnose(idle(), ProbeOutcome::failed(ProbeOutcome::Stage::kVersionReply, ""));
  EXPECT_NE(version.summary.find("version handshake"), std::string::npos) << version.summary;
  auto ready = diagnose(idle(), ProbeOutcome::failed(ProbeOutcome::Stage::kReady, ""));
  EXPECT_NE(ready.summary.find("nextValidId"), std::string::npos) << ready.summary;
}

TEST(Diagnosis, ServerSideCloseWaitThenZombieSocketsNamingThePidWithExitCode5) {
  auto d = diagnose(wedged(), ProbeOutcome::not_run());
  EXPECT_EQ(d.verdict, Verdict::kZombieSockets);
  EXPECT_EQ(d.exit_code, 5);
  EXPECT_NE(d.summary.find("2 CLOSE_WAIT"), std::string::npos) << d.summary;
  EXPECT_NE(d.summary.find("pid 46094 (java, TWS)"), std::string::npos) << d.summary;
  EXPECT_TRUE(any_contains(d.remedies, "Restart TWS/IB Gateway"));
  EXPECT_TRUE(any_contains(d.remedies, "kill 46094"));
}

TEST(Diagnosis, ZombiesWinEvenWhenTheProbePassed) {
  auto d = diagnose(wedged(), ProbeOutcome::passed(178, {"DU1"}));
  EXPECT_EQ(d.verdict, Verdict::kZombieSockets);
  EXPECT_NE(d.explanation.find("still passed"), std::string::npos);
  EXPECT_EQ(classify(wedged(), ProbeOutcome::failed(ProbeOutcome::Stage::kVersionReply, "no reply")),
            Verdict::kZombieSockets);
}

TEST(Diagnosis, ZombiesWithUnknownOwnerTellHowToNameIt) {
  auto report = wedged();
  for (auto& z : report.zombies) z.owners.clear();
  auto d = diagnose(report, ProbeOutcome::not_run());
  EXPECT_EQ(d.verdict, Verdict::kZombieSockets);
  EXPECT_NE(d.summary.find("unknown process"), std::string::npos);
  EXPECT_TRUE(any_contains(d.remedies, "sudo"));
}

TEST(Diagnosis, Probe326ThenClientIdInUseNamingTheIdWithExitCode6) {
  ProcFixture proc;
  write_idle_tws(proc);
  // A python client is connected right now.
  proc.tcp({tcp_line("0100007F:D4F4", "0100007F:1D49", "01", 501, 2001)});
  proc.process(kPythonPid, "python3", {"python3", "runner.py"}, {2001});
  auto table = SocketTable::read_proc(proc.root());
  ASSERT_TRUE(table);
  auto report = build_port_report(*table, ProcessTable::scan(proc.root()), 7497);

  auto d = diagnose(report, ProbeOutcome::client_id_in_use(999, "client id is already in use"));
  EXPECT_EQ(d.verdict, Verdict::kClientIdInUse);
  EXPECT_EQ(d.exit_code, 6);
  EXPECT_NE(d.summary.find("Client id 999"), std::string::npos) << d.summary;
  EXPECT_NE(d.summary.find("326"), std::string::npos);
  EXPECT_TRUE(any_contains(d.remedies, "pid 51000 (python3)"));
  EXPECT_TRUE(any_contains(d.remedies, "Master API client ID"));
}

TEST(Diagnosis, EveryVerdictHasADistinctExitCodeAndNonEmptyTexts) {
  std::set<int> codes;
  const std::vector<std::pair<PortReport, ProbeOutcome>> cases{
      {PortReport{}, ProbeOutcome::not_run()},
      {idle(), ProbeOutcome::not_run()},
      {idle(), ProbeOutcome::failed(ProbeOutcome::Stage::kReady, "x")},
      {wedged(), ProbeOutcome::not_run()},
      {idle(), ProbeOutcome::client_id_in_use(7)},
  };
  std::set<Verdict> verdicts;
  for (const auto& [report, probe] : cases) {
    auto d = diagnose(report, probe);
    verdicts.insert(d.verdict);
    codes.insert(d.exit_code);
    EXPECT_EQ(d.exit_code, exit_code(d.verdict));
    EXPECT_FALSE(d.summary.empty());
    EXPECT_FALSE(d.explanation.empty());
    EXPECT_FALSE(d.remedies.empty());
    EXPECT_EQ(d.summary.find('\n'), std::string::npos) << "the summary is one line";
  }
  EXPECT_EQ(verdicts.size(), 5U);
  EXPECT_EQ(codes.size(), 5U);
  EXPECT_EQ(codes.count(kExitDoctorError), 0U) << "1 is kept for doctor's own failures";
  EXPECT_EQ(codes.count(kExitUsage), 0U) << "2 is kept for usage errors";
  EXPECT_EQ(*codes.begin(), kExitHealthy);
  EXPECT_EQ(*std::next(codes.begin()), kExitFirstCommandCode);
}

}  // namespace
}  // namespace rt::diag
