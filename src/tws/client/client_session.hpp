#pragma once
// ClientSession: one TWS API connection, driven by Asio C++20 coroutines on a single io_context
// thread (every method must be called on that thread). One reader coroutine decodes frames and
// routes each reply to the request that asked for it; writes go through one writer queue.
//
// Contract:
// - connect() runs the handshake with a deadline per stage; on any failure the socket is shut down
//   and closed before it returns, so no half-open session is left to collide with the next attempt.
// - Every request carries a deadline. A reply is delivered only to its own request; a reply to a
//   request that timed out or was cancelled is dropped and counted (late_replies_dropped).
// - When the connection ends, every request in flight fails at once with kDisconnected.
// - close() shuts down and closes the socket so the server never sits in CLOSE_WAIT because of us.
// Owned through shared_ptr: coroutines keep the session alive until they finish.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tws/client/connect_failure.hpp"
#include "tws/client/connect_options.hpp"
#include "tws/messages/codec.hpp"

namespace rt::tws {

struct SessionStats {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t late_replies_dropped = 0;
  std::uint64_t decode_errors = 0;
  std::uint64_t unknown_messages = 0;  // well-framed messages of an id the codec does not model
};

struct AccountSummaryRow {
  std::string account;
  std::string tag;
  std::string value;
  std::string currency;
};

class ClientSession : public std::enable_shared_from_this<ClientSession> {
 public:
  using Executor = boost::asio::any_io_executor;
  using Millis = std::chrono::milliseconds;
  template <class T>
  using Task = boost::asio::awaitable<T>;

  static std::shared_ptr<ClientSession> create(Executor executor);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  Task<std::expected<SessionInfo, ConnectFailure>> connect(ConnectOptions options);
  [[nodiscard]] bool is_connected() const;
  [[nodiscard]] const SessionInfo& info() const;
  [[nodiscard]] SessionStats stats() const;
  // Shuts down and closes the socket and fails every request in flight with `reason`.
  void close(const std::string& reason);

  // Typed requests. Each fails with kTimeout at its deadline, kBroker on a TWS error for its id,
  // kDisconnected when the connection ends first.
  Task<Result<std::int64_t>> request_current_time(Millis timeout);
  Task<Result<std::int64_t>> request_next_valid_id(Millis timeout);
  Task<Result<std::vector<std::string>>> request_managed_accounts(Millis timeout);
  Task<Result<std::vector<AccountSummaryRow>>> request_account_summary(const std::string& tags, Millis timeout);
  Task<Result<std::vector<PositionData>>> request_positions(Millis timeout);

  // Generic request by request id: sends `frame`, then hands every reply carrying `req_id` to
  // `on_reply` until it returns true (complete). Errors for the id end the request.
  Task<Status> request(int req_id, std::string frame, std::function<bool(const Response&)> on_reply,
                       Millis timeout);
  // A fresh request id, unique within this session. Request ids start at kFirstRequestId, far above
  // the order ids TWS hands out (nextValidId counts up from 1 per account), because TWS reports
  // errors for both in the same id field: an order's rejection must never end a request that
  // happens to share its number, nor be dropped as that request's late reply.
  static constexpr int kFirstRequestId = 1 << 30;
  int next_request_id();
  // Queues an encoded frame for the writer; fails when not connected.
  Status send(std::string frame);

  // Messages no request claimed (notices with id -1, streams, unsolicited updates). Those that
  // arrive before a handler is set are kept (bounded) and delivered when it is set.
  void set_message_handler(std::function<void(const Response&)> handler);
  // Called once when an established session ends (not for a failed connect()).
  void set_disconnect_handler(std::function<void(const Error&)> handler);

  struct State;  // defined in the .cpp; public only so its helpers there can name it

 private:
  explicit ClientSession(Executor executor);
  static Task<void> read_loop(std::shared_ptr<ClientSession> self);
  std::shared_ptr<State> state_;
};

}  // namespace rt::tws
