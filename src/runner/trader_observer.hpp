#pragma once
// What the trading kernel shows to an observer such as the dashboard.
//
// TraderObserver: told about signals, risk denials, orders sent and state changes as they happen,
// on the trading event loop, from inside the kernel's own processing. A callback only records
// what it needs (or schedules work with asio::post); it must not call back into the Trader.
//
// TraderView: read-only pointers to the kernel's parts (connection, pacing, ledger, OMS, desk),
// null until Trader::run() has built them; valid until the Trader is destroyed. Read them on the
// trading event loop only.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "runner/risk_state_store.hpp"
#include "trading/portfolio/daily_snapshot.hpp"
#include "trading/portfolio/mark.hpp"

namespace rt::ib {
class ConnectionManager;
class PacingDriver;
}  // namespace rt::ib
namespace rt::trading {
class Ledger;
class Oms;
class TradingDesk;
}  // namespace rt::trading

namespace rt::runner {

struct RunnerConfig;

// An order the risk layer (or the OMS rules) refused, with the rule's name and the reason.
struct DenialRow {
  Timestamp time{};
  std::string symbol;
  std::string rule;
  std::string reason;
};

class TraderObserver {
 public:
  virtual ~TraderObserver() = default;
  virtual void on_signal(const SignalRow& row) { (void)row; }
  virtual void on_denial(const DenialRow& denial) { (void)denial; }
  // An order went through the OMS to the broker (placeOrder is being written).
  virtual void on_order_sent(const std::string& order_ref) { (void)order_ref; }
  // Positions, orders, the account, the connection or the kill switch may have changed.
  virtual void on_changed() {}
  // A bar cycle ended: fills synced, the account marked, the summary line written.
  virtual void on_cycle() {}
};

// One symbol's pipeline as the kernel sees it.
struct SymbolStatus {
  std::string symbol;
  std::string phase;  // "resolving", "warming", "streaming", "skipped"
  Decimal last_price;
  std::optional<Timestamp> last_bar_at;  // wall clock: when its last 5-second bar arrived
};

struct TraderView {
  const RunnerConfig* config = nullptr;
  const Clock* market_clock = nullptr;
  const Clock* wall_clock = nullptr;
  const ib::ConnectionManager* connections = nullptr;
  const ib::PacingDriver* pacer = nullptr;
  const trading::Ledger* ledger = nullptr;
  const trading::Oms* oms = nullptr;
  const trading::TradingDesk* desk = nullptr;
  bool reconciled = false;   // the order gate is open: the broker was reconciled on this session
  std::string gate_reason;   // why the gate is closed, when it is
  bool stopping = false;
  const BrokerAccountView* broker_view = nullptr;  // IB's latest view of the account, once read
  const AccountComparison* broker_comparison = nullptr;
  const ib::AccountPnl* broker_pnl = nullptr;  // IB's reqPnL figures, once streamed
  const std::vector<PositionComparison>* broker_positions = nullptr;  // each position beside IB's
  const std::vector<trading::DailySnapshot>* snapshots = nullptr;  // the stored equity curve, by date
  const std::map<std::string, trading::Mark>* marks = nullptr;  // the price each position is valued at
};

}  // namespace rt::runner
