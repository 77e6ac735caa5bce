#pragma once
// EmulatorFixture: the emulator on an ephemeral loopback port and a ConnectionManager
// configuration aimed at it with test timings, for the suites that run the production connection
// against it (connection manager, fault matrix, market data). A restart keeps the port, so a
// client reconnects to the same address as it would to a restarted TWS.
// Needs rt_gateway and rt_ib linked into the test.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gateway/gateway_server.hpp"
#include "ib/connection_manager.hpp"

namespace rt::test {

class EmulatorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rt-emu-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    ASSERT_NE(made, nullptr) << "mkdtemp failed";
    lock_dir_ = made;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(lock_dir_, ec);
  }

  // Starts the emulator with `config` plus the fault specs (gateway/fault_plan.hpp), on the port
  // of a previous start if there was one.
  void start_gateway(gateway::GatewayConfig config = {}, const std::vector<std::string>& faults = {}) {
    config.port = port_;
    for (const auto& f : faults) {
      auto st = gateway::add_fault_spec(config, f);
      ASSERT_TRUE(st.has_value()) << st.error().message;
    }
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
  }

  // Each connection stage gets `stage`; backoff from 20 ms up to `backoff_max`; logins at least
  // 50 ms apart; a heartbeat every 100 ms that must be answered within `heartbeat_timeout`.
  [[nodiscard]] ib::ConnectionManagerConfig fast_config(std::chrono::milliseconds stage,
                                                        std::chrono::milliseconds backoff_max,
                                                        std::chrono::milliseconds heartbeat_timeout) const {
    using namespace std::chrono_literals;
    ib::ConnectionManagerConfig c;
    c.connect.port = port_;
    c.connect.tcp_timeout = c.connect.version_timeout = c.connect.ready_timeout = stage;
    c.ids.backoff = 5ms;
    c.backoff.initial = 20ms;
    c.backoff.max = backoff_max;
    c.backoff.min_login_interval = 50ms;
    c.heartbeat_interval = 100ms;
    c.heartbeat_timeout = heartbeat_timeout;
    c.handshake_lock_dir = lock_dir_;
    return c;
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::filesystem::path lock_dir_;
};

}  // namespace rt::test
