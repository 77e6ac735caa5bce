#pragma once
// EmulatorObserver: a second API client of the emulator (its own client id) that reads back what
// the broker holds — every execution with its commission, every client's open orders, positions
// and cash — and can place an order of its own (an order the trader's journal does not know).
// Tests compare the trader's store against it. Runs on the test's io_context thread. Its requests
// are paced below the emulator's message rate, which rejects the excess like TWS (error 100).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "tws/client/client_session.hpp"
#include "tws/client/connector.hpp"
#include "tws/messages/codec.hpp"

namespace rt::test {

struct BrokerView {
  std::vector<tws::ExecutionData> executions;
  std::map<std::string, Decimal> commissions;  // by exec id
  std::vector<tws::OpenOrder> open_orders;
  std::map<std::string, Decimal> positions;    // by symbol, non-zero only
  Decimal cash_from_executions;                // starting cash - buys + sells - commissions
};

class EmulatorObserver {
 public:
  using Task = boost::asio::awaitable<Result<BrokerView>>;

  static boost::asio::awaitable<Result<std::unique_ptr<EmulatorObserver>>> connect(std::uint16_t port, int client_id) {
    auto ex = co_await boost::asio::this_coro::executor;
    tws::ConnectOptions options;
    options.port = port;
    options.client_id = client_id;
    tws::ClientIdPolicy ids;
    ids.configured_id = client_id;
    auto outcome = co_await tws::connect_with_retry(ex, options, ids);
    if (!outcome.ok()) co_return fail(ErrorCode::kRefused, "observer could not connect");
    std::unique_ptr<EmulatorObserver> o(new EmulatorObserver(outcome.session));
    auto* raw = o.get();
    o->session_->set_message_handler([raw](const tws::Response& r) { raw->on_message(r); });
    co_return o;
  }

  ~EmulatorObserver() { session_->close("observer done"); }

  // Everything the broker holds now; cash is derived from `starting_cash` and the executions.
  // Positions only when `with_positions` (one reqPositions snapshot).
  boost::asio::awaitable<Result<BrokerView>> read(Decimal starting_cash, bool with_positions = true) {
    BrokerView view;
    const int sv = session_->info().server_version;
    executions_.clear();
    commissions_.clear();
    exec_done_ = false;
    exec_req_ = session_->next_request_id();
    tws::ReqExecutions req;
    req.req_id = exec_req_;
    std::string frame = tws::encode(req, sv);
    if (auto st = co_await send_paced(std::move(frame)); !st) co_return std::unexpected(st.error());
    if (!co_await wait([this] { return exec_done_; }))
      co_return fail(ErrorCode::kTimeout, "no execDetailsEnd" + refused());
    open_orders_.clear();
    orders_done_ = false;
    std::string oframe = tws::encode(tws::ReqAllOpenOrders{}, sv);
    if (auto st = co_await send_paced(std::move(oframe)); !st) co_return std::unexpected(st.error());
    if (!co_await wait([this] { return orders_done_; }))
      co_return fail(ErrorCode::kTimeout, "no openOrderEnd" + refused());
    std::vector<tws::PositionData> positions;
    if (with_positions) {
      co_await make_room();
      auto got = co_await session_->request_positions(std::chrono::seconds(5));
      if (!got) co_return std::unexpected(got.error());
      positions = std::move(*got);
    }
    // Commission reports follow their execDetails; make sure every one has arrived.
    if (!co_await wait([this] { return commissions_.size() >= executions_.size(); })) {
      co_return fail(ErrorCode::kTimeout, "commission reports missing");
    }
    view.executions = executions_;
    view.commissions = commissions_;
    view.open_orders = open_orders_;
    view.cash_from_executions = starting_cash;
    for (const auto& e : executions_) {
      Decimal value = e.shares * e.price;
      view.cash_from_executions += e.side == "BOT" ? -value : value;
      if (auto it = commissions_.find(e.exec_id); it != commissions_.end()) view.cash_from_executions -= it->second;
    }
    for (const auto& p : positions) {
      if (!p.position.is_zero()) view.positions[p.contract.symbol] += p.position;
    }
    co_return view;
  }

  // Places an order as this client (a limit far from the market stays working).
  Status place(std::int64_t order_id, const tws::PlaceOrder& order) {
    tws::PlaceOrder m = order;
    m.order_id = order_id;
    sent_.push_back(std::chrono::steady_clock::now());
    return session_->send(tws::encode(m, session_->info().server_version));
  }
  [[nodiscard]] std::int64_t next_valid_id() const { return session_->info().next_valid_id; }
  [[nodiscard]] tws::ClientSession& session() { return *session_; }

 private:
  explicit EmulatorObserver(std::shared_ptr<tws::ClientSession> s) : session_(std::move(s)) {}

  // Waits until one more request fits in the rate: at most kMaxPerSecond in any second.
  boost::asio::awaitable<void> make_room() {
    using Clock = std::chrono::steady_clock;
    while (sent_.size() >= kMaxPerSecond) {
      const auto frees_at = sent_.front() + std::chrono::seconds(1);
      if (Clock::now() >= frees_at) {
        sent_.pop_front();
        continue;
      }
      boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, frees_at);
      co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    sent_.push_back(Clock::now());
  }
  boost::asio::awaitable<Status> send_paced(std::string frame) {
    co_await make_room();
    co_return session_->send(std::move(frame));
  }
  std::string refused() const { return rate_error_.empty() ? std::string{} : " (" + rate_error_ + ")"; }

  void on_message(const tws::Response& r) {
    if (auto* err = std::get_if<tws::ErrorMessage>(&r); err != nullptr && err->code == 100) {
      rate_error_ = "TWS 100: " + err->message;
    }
    if (auto* e = std::get_if<tws::ExecutionData>(&r)) {
      if (e->req_id == exec_req_) executions_.push_back(*e);
    } else if (auto* end = std::get_if<tws::ExecutionDataEnd>(&r)) {
      if (end->req_id == exec_req_) exec_done_ = true;
    } else if (auto* c = std::get_if<tws::CommissionReport>(&r)) {
      commissions_[c->exec_id] = c->commission;
    } else if (auto* o = std::get_if<tws::OpenOrder>(&r)) {
      open_orders_.push_back(*o);
    } else if (std::holds_alternative<tws::OpenOrderEnd>(r)) {
      orders_done_ = true;
    }
  }

  boost::asio::awaitable<bool> wait(std::function<bool()> done) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) co_return false;
      t.expires_after(std::chrono::milliseconds(2));
      co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    co_return true;
  }

  // Below the emulator's default of 50 messages per second.
  static constexpr std::size_t kMaxPerSecond = 40;

  std::shared_ptr<tws::ClientSession> session_;
  std::deque<std::chrono::steady_clock::time_point> sent_;
  std::string rate_error_;
  int exec_req_ = -2;
  bool exec_done_ = false;
  bool orders_done_ = false;
  std::vector<tws::ExecutionData> executions_;
  std::map<std::string, Decimal> commissions_;
  std::vector<tws::OpenOrder> open_orders_;
};

}  // namespace rt::test
