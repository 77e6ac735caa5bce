#pragma once
// Helpers that wire the dashboard into `robotrader run` in a few lines:
//
//   web::MetricsRegistry metrics;                     // lives as long as the server
//   web::TraderMetrics trader_metrics(metrics);
//   web::IbMetrics ib_metrics(metrics);               // web/ib_metrics.hpp (target rt_web_ib)
//   auto log_tail = std::make_shared<web::LogTail>();
//   spdlog::default_logger()->sinks().push_back(web::LogTail::make_sink(log_tail));
//   auto options = web::parse_web_options(flag_http, config_token);      // Result<WebOptions>
//   web::DashboardCallbacks callbacks;
//   callbacks.readiness = [&] { return web::Readiness{...}; };
//   callbacks.engage_kill_switch = [&](const std::string& why) { return desk.engage_manual(why); };
//   callbacks.before_metrics = [&] { ib_metrics.update(manager, pacer.stats(), clock.now()); };
//   auto server = web::start_dashboard(io.get_executor(), *options, metrics, callbacks, steady);
//   ... after each event/bar cycle:
//   web::fill_connection_view(model.connection, manager);  // web/ib_metrics.hpp
//   log_tail->copy_to(model.log);
//   trader_metrics.update_from(model);
//   if (*server) (*server)->publish(model);
//
// Thread: the trading event loop.
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "web/dashboard_server.hpp"

namespace rt::web {

struct WebOptions {
  bool enabled = true;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string token;
};

// Parses "host:port", ":port", "port", "[::1]:port" or "off"/"" (disabled) plus a token (flag
// or config; may be empty). Errors name the bad value.
[[nodiscard]] Result<WebOptions> parse_web_options(std::string_view listen, std::string token = {});

// The server's address and token rules, checked without binding (nothing to check when disabled).
[[nodiscard]] Status check_web_options(const WebOptions& options);

// Starts the server when enabled; a disabled dashboard is a null pointer, not an error.
[[nodiscard]] Result<std::unique_ptr<DashboardServer>> start_dashboard(boost::asio::any_io_executor executor,
                                                                       const WebOptions& options,
                                                                       MetricsRegistry& metrics,
                                                                       DashboardCallbacks callbacks,
                                                                       const MonotonicClock& monotonic);

}  // namespace rt::web
