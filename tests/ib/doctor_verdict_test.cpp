// `robotrader doctor` on every verdict, with the sockets really created by the emulator and the
// probe really connecting: not listening, healthy, API not answering, client id in use, zombies.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>

#include "diag/doctor.hpp"
#include "diag/handshake_probe.hpp"
#include "gateway/gateway_server.hpp"
#include "support/io_runner.hpp"
#include "support/socket_census.hpp"
#include "tws/client/client_session.hpp"

namespace rt::diag {
namespace {

using namespace std::chrono_literals;

// The emulator runs on its own thread here because the probe blocks the test thread.
class DoctorVerdict : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& faults) {
    gateway::GatewayConfig config;
    config.port = 0;
    for (const auto& f : faults) ASSERT_TRUE(gateway::add_fault_spec(config, f).has_value());
    server_ = std::make_unique<gateway::GatewayServer>(io_, config, clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    if (thread_.joinable()) {
      boost::asio::post(io_, [this] { server_->stop(); });
      work_.reset();
      // Stopping closes every connection; then the loop has nothing left and returns.
      boost::asio::post(io_, [this] { io_.stop(); });
      thread_.join();
    }
  }

  DoctorReport examine(bool probe, int client_id = kProbeClientId) {
    Doctor doctor;
    ProbeFn fn;
    if (probe) {
      fn = [&] {
        ProbeOptions o;
        o.port = port_;
        o.client_id = client_id;
        o.stage_timeout = 300ms;
        return run_handshake_probe(o);
      };
    }
    auto report = doctor.examine(PortChoice{port_, "test"}, fn);
    EXPECT_TRUE(report.has_value());
    return *report;
  }

  static constexpr int kProbeClientId = 999;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(DoctorVerdict, HealthyEmulatorWithProbeIsListeningHealthyAndTheProbeLeavesNoSocket) {
  start({});
  auto report = examine(true);
  EXPECT_EQ(report.diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(report.diagnosis.exit_code, kExitHealthy);
  EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
}

TEST_F(DoctorVerdict, WithoutProbeDoctorNeverConnects) {
  start({});
  auto before = server_->total_connections();
  auto report = examine(false);
  EXPECT_EQ(report.diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(server_->total_connections(), before);
}

TEST_F(DoctorVerdict, StalledHandshakeIsApiNotAnswering) {
  start({"no-version-reply"});
  auto report = examine(true);
  EXPECT_EQ(report.diagnosis.verdict, Verdict::kListeningApiNotAnswering);
  EXPECT_EQ(report.diagnosis.exit_code, kExitApiNotAnswering);
}

TEST_F(DoctorVerdict, ClientIdInUseIsReportedWithTheStuckId) {
  start({"client-id-in-use"});
  auto report = examine(true);
  EXPECT_EQ(report.diagnosis.verdict, Verdict::kClientIdInUse);
  EXPECT_EQ(report.diagnosis.exit_code, kExitClientIdInUse);
  EXPECT_EQ(report.probe.client_id, kProbeClientId);
}

TEST_F(DoctorVerdict, NothingListeningIsNotListening) {
  start({});
  // stop() closes the listening socket on the emulator's thread; wait until it has run.
  std::promise<void> stopped;
  boost::asio::post(io_, [&] {
    server_->stop();
    stopped.set_value();
  });
  stopped.get_future().wait();
  auto report = examine(false);
  EXPECT_EQ(report.diagnosis.verdict, Verdict::kNotListening);
  EXPECT_EQ(report.diagnosis.exit_code, kExitNotListening);
}

}  // namespace
}  // namespace rt::diag
