#include "diag/doctor_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "diag/scenarios.hpp"

namespace rt::diag {
namespace {

using namespace rt::diag::testing;
using nlohmann::json;

DoctorReport wedged_doctor_report(ProbeOutcome probe = ProbeOutcome::not_run()) {
  ProcFixture proc;
  write_wedged_tws(proc);
  auto table = SocketTable::read_proc(proc.root());
  EXPECT_TRUE(table);
  DoctorReport out;
  out.report = build_port_report(*table, ProcessTable::scan(proc.root()), 7497);
  out.port_choice = PortChoice{7497, "7497 (TWS paper) is listening; 4002 (IB Gateway paper) is not"};
  out.probe = std::move(probe);
  out.diagnosis = diagnose(out.report, out.probe);
  return out;
}

TEST(DoctorReportJson, TopLevelShapeCarriesVerdictExitCodeAndCounts) {
  auto j = json::parse(render_json(wedged_doctor_report()));
  EXPECT_EQ(j["port"], 7497);
  EXPECT_EQ(j["port_label"], "TWS paper");
  EXPECT_EQ(j["port_reason"], "7497 (TWS paper) is listening; 4002 (IB Gateway paper) is not");
  EXPECT_EQ(j["source"], "proc");
  EXPECT_EQ(j["listening"], true);
  EXPECT_EQ(j["verdict"], "zombie_sockets");
  EXPECT_EQ(j["exit_code"], 5);  // zombie_sockets
  EXPECT_TRUE(j["summary"].is_string());
  EXPECT_TRUE(j["explanation"].is_string());
  ASSERT_TRUE(j["remedies"].is_array());
  EXPECT_FALSE(j["remedies"].empty());
  EXPECT_EQ(j["counts"]["CLOSE_WAIT"], 2);
  EXPECT_EQ(j["counts"]["LISTEN"], 1);
  EXPECT_EQ(j["counts"]["FIN_WAIT2"], 2);
  EXPECT_EQ(j["unreadable_processes"], 1);
  EXPECT_EQ(j["listeners"].size(), 1U);
  EXPECT_EQ(j["sockets"].size(), 7U);
  EXPECT_EQ(j["zombies"].size(), 2U);
}

TEST(DoctorReportJson, SocketObjectsNameSideStateEndpointsAndOwners) {
  auto j = json::parse(render_json(wedged_doctor_report()));
  const auto& zombie = j["zombies"][0];
  EXPECT_EQ(zombie["side"], "server");
  EXPECT_EQ(zombie["state"], "CLOSE_WAIT");
  EXPECT_EQ(zombie["family"], "ipv6");
  EXPECT_EQ(zombie["local"], "127.0.0.1:7497");
  EXPECT_EQ(zombie["remote"], "127.0.0.1:54321");
  EXPECT_EQ(zombie["local_port"], 7497);
  EXPECT_EQ(zombie["remote_port"], 54321);
  EXPECT_EQ(zombie["inode"], 1002);
  EXPECT_EQ(zombie["uid"], 501);
  EXPECT_EQ(zombie["rx_queue"], 33);
  ASSERT_EQ(zombie["owners"].size(), 1U);
  EXPECT_EQ(zombie["owners"][0]["pid"], kTwsPid);
  EXPECT_EQ(zombie["owners"][0]["name"], "java");
  EXPECT_EQ(zombie["owners"][0]["kind"], "TWS");
  EXPECT_TRUE(zombie["owners"][0]["cmdline"].is_string());
  EXPECT_EQ(j["listeners"][0]["local"], "*:7497");
}

TEST(DoctorReportJson, ProbeObjectDependsOnItsStatus) {
  auto not_run = json::parse(render_json(wedged_doctor_report()));
  EXPECT_EQ(not_run["probe"], (json{{"status", "not_run"}}));

  auto failed = json::parse(
      render_json(wedged_doctor_report(ProbeOutcome::failed(ProbeOutcome::Stage::kVersionReply, "no reply in 5 s", 999))));
  EXPECT_EQ(failed["probe"]["status"], "failed");
  EXPECT_EQ(failed["probe"]["stage"], "version_reply");
  EXPECT_EQ(failed["probe"]["message"], "no reply in 5 s");
  EXPECT_EQ(failed["probe"]["client_id"], 999);

  auto passed = json::parse(render_json(wedged_doctor_report(ProbeOutcome::passed(178, {"DU1", "DU2"}))));
  EXPECT_EQ(passed["probe"]["status"], "passed");
  EXPECT_EQ(passed["probe"]["server_version"], 178);
  EXPECT_EQ(passed["probe"]["accounts"], (json{"DU1", "DU2"}));

  auto in_use = json::parse(render_json(wedged_doctor_report(ProbeOutcome::client_id_in_use(12345))));
  EXPECT_EQ(in_use["probe"]["status"], "client_id_in_use");
  EXPECT_EQ(in_use["probe"]["client_id"], 12345);
}

TEST(DoctorReportJson, NonUtf8CommandLineDoesNotBreakTheOutput) {
  auto report = wedged_doctor_report();
  report.report.listeners[0].owners[0].cmdline = "java \xff\xfe";
  auto text = render_json(report, -1);
  EXPECT_NO_THROW({ auto parsed = json::parse(text); });
  EXPECT_EQ(text.find('\n'), std::string::npos) << "indent < 0 is compact";
}

TEST(DoctorReportText, ShowsASocketTableAndTheVerdict) {
  auto text = render_text(wedged_doctor_report());
  EXPECT_NE(text.find("Port:    7497 (TWS paper)\nChosen:  7497 (TWS paper) is listening; 4002"), std::string::npos)
      << text;
  EXPECT_NE(text.find("SIDE    STATE        LOCAL"), std::string::npos) << text;
  EXPECT_NE(text.find("server  CLOSE_WAIT   127.0.0.1:7497          127.0.0.1:54321         33      pid 46094 (java, TWS)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("CLOSE_WAIT zombies (server side): 2, held by pid 46094 (java, TWS)"), std::string::npos) << text;
  EXPECT_NE(text.find("States: ESTABLISHED 2"), std::string::npos) << text;
  EXPECT_NE(text.find("1 process(es) could not be inspected"), std::string::npos) << text;
  EXPECT_NE(text.find("Probe:   not run"), std::string::npos) << text;
  EXPECT_NE(text.find("Verdict: zombie_sockets (exit 5)"), std::string::npos) << text;
  EXPECT_NE(text.find("What to do:\n  1. "), std::string::npos) << text;
}

TEST(DoctorReportText, NoListenerAndNoSocketsSaySo) {
  DoctorReport empty;
  empty.report.port = 4002;
  empty.diagnosis = diagnose(empty.report, empty.probe);
  auto text = render_text(empty);
  EXPECT_NE(text.find("Listening: nobody"), std::string::npos) << text;
  EXPECT_NE(text.find("Sockets on port 4002: none"), std::string::npos) << text;
  EXPECT_NE(text.find("Verdict: not_listening (exit 3)"), std::string::npos) << text;
}

}  // namespace
}  // namespace rt::diag
