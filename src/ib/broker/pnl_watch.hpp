#pragma once
// PnlWatch: IB's own P&L, as TWS streams it: reqPnL for the account and reqPnLSingle for each
// watched position, kept subscribed across reconnects (ConnectionManager subscriptions) and the
// latest figures of each kept here, with the time they arrived.
//
// TWS sends a reply at once and again whenever a figure changes; values TWS leaves unset arrive as
// nullopt. An error for one of the requests (an account TWS does not manage, a server too old)
// is kept as that stream's `problem`; nothing is retried until the next session.
// Requests go out through the pacer (when given), so they count toward TWS's message rate.
// Thread: the trading event loop. Borrows the ConnectionManager and the pacer (they outlive it).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "ib/connection_manager.hpp"
#include "ib/pacing/pacing_driver.hpp"

namespace rt::ib {

struct AccountPnl {
  std::optional<Decimal> daily;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> realized;
  Timestamp at{};
};

struct PositionPnl {
  std::string symbol;
  std::int64_t con_id = 0;
  bool received = false;  // false until TWS has answered on some session
  Decimal position;
  std::optional<Decimal> daily;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> realized;
  std::optional<Decimal> value;
  Timestamp at{};
  std::string problem;  // TWS's error for this stream, if any
};

class PnlWatch {
 public:
  PnlWatch(ConnectionManager& connections, PacingDriver* pacer, const Clock& clock);
  ~PnlWatch();
  PnlWatch(const PnlWatch&) = delete;
  PnlWatch& operator=(const PnlWatch&) = delete;

  // Subscribes reqPnL for `account` (once; a second call for another account is refused).
  Status watch_account(const std::string& account);
  // Subscribes reqPnLSingle for a position; a symbol already watched keeps its stream (a flat
  // position reports zeros: watching it on costs nothing, re-subscribing costs messages).
  void watch_position(const std::string& symbol, std::int64_t con_id);
  [[nodiscard]] bool watching(const std::string& symbol) const;

  [[nodiscard]] const std::optional<AccountPnl>& account() const;
  [[nodiscard]] const std::string& account_problem() const;
  [[nodiscard]] const std::map<std::string, PositionPnl>& positions() const;
  [[nodiscard]] std::uint64_t updates() const;  // replies applied, over all streams

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::ib
