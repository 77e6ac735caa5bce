#include "web/dashboard_wiring.hpp"

#include <charconv>

namespace rt::web {

Result<WebOptions> parse_web_options(std::string_view listen, std::string token) {
  WebOptions options;
  options.token = std::move(token);
  if (listen.empty() || listen == "off" || listen == "none" || listen == "false") {
    options.enabled = false;
    return options;
  }
  std::string_view host;
  std::string_view port = listen;
  if (listen.starts_with('[')) {
    auto close = listen.find("]:");
    if (close == std::string_view::npos)
      return fail(ErrorCode::kInvalidArgument, "--http '" + std::string(listen) + "': expected [address]:port");
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else if (auto colon = listen.rfind(':'); colon != std::string_view::npos) {
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  if (!host.empty()) options.host = std::string(host);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535)
    return fail(ErrorCode::kInvalidArgument, "--http '" + std::string(listen) + "': the port must be 0-65535");
  options.port = static_cast<std::uint16_t>(value);
  return options;
}

namespace {
DashboardServerConfig server_config(const WebOptions& options) {
  DashboardServerConfig config;
  config.host = options.host;
  config.port = options.port;
  config.token = options.token;
  return config;
}
}  // namespace

Status check_web_options(const WebOptions& options) {
  return options.enabled ? DashboardServer::check_config(server_config(options)) : Status{};
}

Result<std::unique_ptr<DashboardServer>> start_dashboard(boost::asio::any_io_executor executor,
                                                         const WebOptions& options, MetricsRegistry& metrics,
                                                         DashboardCallbacks callbacks,
                                                         const MonotonicClock& monotonic) {
  if (!options.enabled) return std::unique_ptr<DashboardServer>{};
  return DashboardServer::start(std::move(executor), server_config(options), metrics, std::move(callbacks),
                                monotonic);
}

}  // namespace rt::web
