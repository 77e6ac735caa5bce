#pragma once
// PendingRequest: the waiting side of one request on the session's thread. The waiter co_awaits
// wait(deadline); the reader completes or fails it. A steady_timer doubles as the wake-up signal,
// so a request is always woken by exactly one of: its reply, its failure, its deadline.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>

#include <functional>

#include "core/result.hpp"
#include "tws/messages/codec.hpp"

namespace rt::tws {

class PendingRequest {
 public:
  using ReplyHandler = std::function<bool(const Response&)>;  // returns true when complete

  explicit PendingRequest(boost::asio::any_io_executor ex, ReplyHandler on_reply = {})
      : timer_(ex), on_reply_(std::move(on_reply)) {}

  // Hands a reply to the request; returns true when that reply completed it.
  bool deliver(const Response& reply) {
    if (finished_) return false;
    if (on_reply_ && !on_reply_(reply)) return false;
    complete();
    return true;
  }

  void complete() {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
  }
  void fail(Error e) {
    if (finished_) return;
    finished_ = true;
    error_ = std::move(e);
    timer_.cancel();
  }
  [[nodiscard]] bool finished() const { return finished_; }

  boost::asio::awaitable<Status> wait(std::chrono::milliseconds timeout) {
    if (!finished_) {
      timer_.expires_after(timeout);
      co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    if (!finished_) {
      finished_ = true;
      co_return rt::fail(ErrorCode::kTimeout, "no reply within " + std::to_string(timeout.count()) + " ms");
    }
    if (error_) co_return std::unexpected(*error_);
    co_return Status{};
  }

 private:
  boost::asio::steady_timer timer_;
  ReplyHandler on_reply_;
  bool finished_ = false;
  std::optional<Error> error_;
};

}  // namespace rt::tws
