#pragma once
// connect_with_retry: the client-id policy around ClientSession::connect(). The first attempt uses
// the configured id (or a derived one); 326 or a handshake that stalled or was cut retries at once
// with a fresh derived id, up to a bounded number of attempts with a short backoff between them.
// Every failed attempt has already closed its socket when the next one starts.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tws/client/client_session.hpp"

namespace rt::tws {

struct ClientIdPolicy {
  std::optional<int> configured_id;  // used for the first attempt; derived ids afterwards
  int max_attempts = 3;              // for 326 (client id in use)
  int stall_retries = 0;             // extra attempts after a stalled or cut handshake
  std::chrono::milliseconds backoff{250};
  // The id for attempt n when no configured id applies; defaults to derive_client_id(time, pid, n).
  std::function<int(int attempt)> derive;
};

struct ConnectAttempt {
  int client_id = 0;
  std::optional<ConnectFailure> failure;  // empty for the attempt that succeeded
};

struct ConnectOutcome {
  std::shared_ptr<ClientSession> session;  // set on success
  std::vector<ConnectAttempt> attempts;
  std::optional<ConnectFailure> last_failure;
  [[nodiscard]] bool ok() const { return session != nullptr; }
};

using ProgressFn = std::function<void(const std::string&)>;

boost::asio::awaitable<ConnectOutcome> connect_with_retry(boost::asio::any_io_executor executor,
                                                          ConnectOptions options, ClientIdPolicy policy,
                                                          ProgressFn progress = {});

// The default derivation: time and PID folded into 10000-99999 (core/client_id.hpp).
int default_derived_client_id(int attempt);

}  // namespace rt::tws
