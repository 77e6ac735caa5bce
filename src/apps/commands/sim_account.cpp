#include "apps/commands/sim_account.hpp"

#include "store/ledger_store.hpp"
#include "trading/market/eastern_time.hpp"
#include "trading/market/market_calendar.hpp"

namespace rt::app {

Result<SimAccountBooks> read_sim_account_books(store::Database& db) {
  SimAccountBooks books;
  store::LedgerStore ledger_store(db);
  auto unknown = ledger_store.cash_unknown();
  if (!unknown) return std::unexpected(unknown.error());
  auto ledger = ledger_store.load_ledger();
  if (!ledger) return std::unexpected(ledger.error());
  if (!*unknown) books.cash = ledger->cash();
  for (const auto& p : ledger->positions()) {
    if (p.quantity.is_zero()) continue;
    books.positions.push_back(gateway::SeedPosition{"", p.symbol, p.quantity, p.avg_cost, p.mark});
  }
  // The signals table belongs to the runner and exists once a run has stored one.
  auto has_signals = db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'signals'");
  if (!has_signals) return std::unexpected(has_signals.error());
  std::string sql = "SELECT coalesce(max(t), 0) FROM (SELECT max(time) AS t FROM fills"
                    " UNION ALL SELECT max(created_at) FROM orders UNION ALL SELECT max(updated_at) FROM orders";
  if (*has_signals > 0) sql += " UNION ALL SELECT max(time) FROM signals";
  sql += ")";
  auto last = db.query_int(sql);
  if (!last) return std::unexpected(last.error());
  if (*last > 0) books.last_activity = Timestamp{std::chrono::nanoseconds{*last}};
  return books;
}

Timestamp continue_after(Timestamp requested, std::optional<Timestamp> last_activity) {
  if (!last_activity || requested > *last_activity) return requested;
  const trading::MarketCalendar calendar;
  // The requested start's offset into its session day (from the regular open; 0 on a closed day).
  Duration offset{};
  if (auto s = calendar.session(trading::EasternTime::local_date(requested))) offset = requested - s->open;
  auto day = std::chrono::sys_days{trading::EasternTime::local_date(*last_activity)};
  for (int i = 0; i < 31; ++i) {
    day += std::chrono::days{1};
    if (auto s = calendar.session(trading::Date{day})) {
      const Timestamp start = s->open + offset;
      if (start > *last_activity) return start;
    }
  }
  return *last_activity + std::chrono::hours(24);
}

}  // namespace rt::app
