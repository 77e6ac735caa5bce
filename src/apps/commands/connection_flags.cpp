#include "apps/commands/connection_flags.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <charconv>
#include <exception>

#include "diag/ib_ports.hpp"
#include "diag/socket_table.hpp"

namespace rt::app {

void ConnectionFlags::add_to(CLI::App& cmd, bool with_client_id) {
  cmd.add_option("--host", host, "TWS/IB Gateway host")->capture_default_str();
  // A port that is neither a number nor "auto" is a usage error, refused before anything starts.
  const CLI::Validator port_or_auto(
      [](std::string& text) -> std::string {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text == "auto" || (ec == std::errc() && end == text.data() + text.size() && value >= 1 && value <= 65535)) {
          return {};
        }
        return "'" + text + "' is not a port number (1-65535) or 'auto'";
      },
      "PORT|auto");
  cmd.add_option("--port", port, "API port, or 'auto' to pick the listening IB port (paper first)")
      ->capture_default_str()
      ->check(port_or_auto);
  if (with_client_id) cmd.add_option("--client-id", client_id, "API client id");
  cmd.add_option("--timeout", timeout_seconds, "deadline in seconds for each connection stage")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  cmd.add_flag("--json", json, "print the result as JSON");
}

std::chrono::milliseconds ConnectionFlags::timeout() const {
  return std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000.0));
}

tws::ConnectOptions ConnectionFlags::options(std::uint16_t resolved_port) const {
  tws::ConnectOptions o;
  o.host = host;
  o.port = resolved_port;
  o.tcp_timeout = o.version_timeout = o.ready_timeout = timeout();
  return o;
}

std::optional<std::uint16_t> resolve_port(const std::string& port_flag, bool allow_live, std::string& why) {
  if (port_flag == "auto") {
    auto table = diag::SocketTable::read_proc("/proc");
    if (!table) {
      why = "--port auto: cannot read the kernel socket table: " + table.error().message;
      return std::nullopt;
    }
    auto found = diag::discover_api_port(*table, allow_live);
    if (!found) {
      why = found.error().message;
      return std::nullopt;
    }
    why = found->reason;
    return found->port;
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port_flag.data(), port_flag.data() + port_flag.size(), value);
  if (ec != std::errc() || end != port_flag.data() + port_flag.size() || value == 0 || value > 65535) {
    why = "--port: '" + port_flag + "' is not a port number (1-65535) or 'auto'";
    return std::nullopt;
  }
  why = "port " + port_flag + " as given";
  return static_cast<std::uint16_t>(value);
}

int run_to_completion(std::function<boost::asio::awaitable<int>()> task) {
  boost::asio::io_context io;
  int code = 1;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, task(), [&](std::exception_ptr e, int rc) {
    failure = e;
    code = rc;
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return code;
}

}  // namespace rt::app
