#pragma once
// RiskStateStore: the runner's risk state in SQLite, so a restart resumes exactly where it stopped:
// every protective stop with its side, quantity, trail percent, water mark and trigger flag; the
// kill switch with its kind (manual included) and who reset it, when and why; the day's P&L state
// (day-start equity survives a mid-day restart); and every signal with what became of it (orders,
// denials, dry-run would-be orders).
//
// Tables (created on first use, IF NOT EXISTS, next to the schema's own): runner_stops,
// runner_kill_switch, runner_daily_pnl, signals, runner_halts, runner_account. The schema's `stops` and `kill_switch` rows are
// kept in step for the report command and other readers (a manual trip is written there as kind
// 'loss' with the reason prefixed "manual: ": both need an explicit reset).
// Thread: the trading event loop (or a command's thread). Borrows the Database.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runner/broker_view.hpp"
#include "store/database.hpp"
#include "trading/risk/daily_pnl_tracker.hpp"
#include "trading/risk/kill_switch.hpp"
#include "trading/risk/stop_book.hpp"

namespace rt::runner {

struct SignalRow {
  Timestamp time{};  // the end of the bar the signal was computed on (market time)
  std::string symbol;
  std::string side;  // "buy", "sell"
  double strength = 0.0;
  Decimal price;
  std::string reason;
  std::string action;  // trading::to_string(DeskAction)
  std::string detail;
  bool dry_run = false;
};

// A symbol whose book disagreed with the broker's at reconciliation: it takes no new order until
// the broker's position is adopted or an operator releases it. `request` is what an operator asked
// for from another process ("adopt", "release"); the running trader carries it out.
struct HaltRow {
  std::string symbol;
  std::string reason;
  Timestamp since{};
  Decimal broker_quantity;
  Decimal ledger_quantity;
  std::string request;
};

class RiskStateStore {
 public:
  explicit RiskStateStore(store::Database& db) : db_(db) {}

  Status save_stop(const trading::StopState& stop);
  Status remove_stop(const std::string& symbol);
  Result<std::vector<trading::StopState>> load_stops();

  Status save_kill_switch(const trading::KillSwitchState& state);
  Result<trading::KillSwitchState> load_kill_switch();

  Status save_daily(const trading::DailyPnlState& state);
  Result<std::optional<trading::DailyPnlState>> load_daily();

  // Halts (table runner_halts): saved by the trader, acted on by the trader, requested by anyone.
  Status save_halt(const HaltRow& halt);
  Status remove_halt(const std::string& symbol);
  Result<std::vector<HaltRow>> load_halts();
  // Fails with kNotFound when the symbol is not halted.
  Status request_halt_action(const std::string& symbol, const std::string& action);

  // A database keeps one account's books (so an execution id is unique within it, as IB's are per
  // account): the first account bound stays. Returns the account the database is bound to.
  Result<std::string> bind_account(const std::string& account, Timestamp now);
  // The client id the last session on this database connected with: a restart asks for it again,
  // since TWS lets only the client that placed an order modify or cancel it (its protective stops).
  Result<std::optional<int>> last_client_id();
  Status save_client_id(int client_id, Timestamp now);

  // IB's latest view of the account and how ours compares (one row, replaced at each check).
  Status save_broker_view(const BrokerAccountView& view, const AccountComparison& comparison);
  // IB's P&L (reqPnL) and each position beside IB's (reqPnLSingle), replaced at each check in one
  // transaction (tables runner_broker_pnl, runner_broker_positions).
  Status save_broker_pnl(const std::string& account, const ib::AccountPnl& pnl,
                         const std::vector<PositionComparison>& positions, Timestamp time);

  Status record_signal(const SignalRow& row);
  Result<std::vector<SignalRow>> load_signals();

 private:
  Status ensure_tables();

  store::Database& db_;
  bool ready_ = false;
};

}  // namespace rt::runner
