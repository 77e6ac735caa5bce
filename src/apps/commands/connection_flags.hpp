#pragma once
// Flags shared by the commands that connect to TWS/IB Gateway, and a way to run one coroutine to
// completion on a private io_context (the command's event loop).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "tws/client/connect_options.hpp"

namespace CLI {
class App;
}

namespace rt::app {

struct ConnectionFlags {
  std::string host = "127.0.0.1";
  std::string port = "7497";  // a number, or "auto" (kernel socket table, paper ports first)
  std::optional<int> client_id;
  double timeout_seconds = 5.0;
  bool json = false;

  void add_to(CLI::App& cmd, bool with_client_id = true);
  // Connect options from the flags, with every stage's deadline set to --timeout.
  [[nodiscard]] tws::ConnectOptions options(std::uint16_t resolved_port) const;
  [[nodiscard]] std::chrono::milliseconds timeout() const;
};

// Resolves --port: a number as given, or "auto" picked from the kernel's listening sockets.
// On failure returns nullopt and sets `why`; on success `why` says how the port was chosen.
std::optional<std::uint16_t> resolve_port(const std::string& port_flag, bool allow_live, std::string& why);

// Runs `task` on a fresh io_context until it finishes and returns its value.
int run_to_completion(std::function<boost::asio::awaitable<int>()> task);

}  // namespace rt::app
