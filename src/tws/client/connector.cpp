#include "tws/client/connector.hpp"

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "core/client_id.hpp"

namespace rt::tws {

int default_derived_client_id(int attempt) {
  // Client ids are identities, not timestamps for trading logic: the wall clock only spreads them.
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return derive_client_id(ms, static_cast<int>(::getpid()), attempt);
}

boost::asio::awaitable<ConnectOutcome> connect_with_retry(boost::asio::any_io_executor executor,
                                                          ConnectOptions options, ClientIdPolicy policy,
                                                          ProgressFn progress) {
  ConnectOutcome outcome;
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  auto derive = policy.derive ? policy.derive : default_derived_client_id;
  int in_use_failures = 0;
  int stall_failures = 0;
  for (int attempt = 0;; ++attempt) {
    options.client_id = (attempt == 0 && policy.configured_id) ? *policy.configured_id : derive(attempt);
    say("Connecting to " + options.host + ":" + std::to_string(options.port) + " with client id " +
        std::to_string(options.client_id) + "...");
    auto session = ClientSession::create(executor);
    auto result = co_await session->connect(options);
    if (result) {
      outcome.attempts.push_back({options.client_id, std::nullopt});
      outcome.session = std::move(session);
      outcome.last_failure.reset();
      co_return outcome;
    }
    const ConnectFailure& f = result.error();
    outcome.attempts.push_back({options.client_id, f});
    outcome.last_failure = f;
    say("  " + f.describe(options.host, options.port));
    if (!f.retry_with_fresh_id()) co_return outcome;
    bool in_use = f.kind == ConnectFailureKind::kClientIdInUse;
    if (in_use ? ++in_use_failures >= policy.max_attempts : ++stall_failures > policy.stall_retries) {
      co_return outcome;
    }
    say(in_use ? "  client id " + std::to_string(options.client_id) + " is stuck; retrying with a fresh id"
               : "  retrying with a fresh client id");
    boost::asio::steady_timer pause(executor);
    pause.expires_after(policy.backoff * (attempt + 1));
    co_await pause.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace rt::tws
