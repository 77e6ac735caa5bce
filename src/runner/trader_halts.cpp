#include "runner/trader_impl.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

asio::awaitable<void> Trader::Impl::watch_store() {
  auto self = shared_from_this();
  auto seen = db.query_int("PRAGMA data_version");
  while (!stopping) {
    store_watch.expires_after(options.store_poll);
    (void)co_await store_watch.async_wait(kTuple);
    if (stopping) break;
    // data_version changes only when another connection commits: our own writes do not wake us.
    auto now = db.query_int("PRAGMA data_version");
    if (!now) {
      out("store error: data_version: " + now.error().message);
      continue;
    }
    if (seen && *now == *seen) continue;
    seen = now;
    apply_store_changes();
  }
}

void Trader::Impl::apply_store_changes() {
  if (!desk) return;
  auto stored = state_store.load_kill_switch();
  if (!stored) {
    out("store error: kill switch: " + stored.error().message);
  } else if (!(*stored == desk->kill_switch().state())) {
    const bool was = desk->kill_switch().engaged();
    if (auto st = desk->adopt_kill_switch(*stored); !st) {
      out("store error: kill switch in the database is inconsistent: " + st.error().message);
    } else if (stored->engaged) {
      out(std::string("KILL SWITCH ") + (was ? "changed" : "engaged") + " from the database kind=" +
          std::string(trading::to_string(stored->kind)) + " reason=\"" + stored->reason + "\"");
    } else {
      out("KILL SWITCH cleared from the database by=" + stored->reset_by + " why=\"" + stored->reset_reason + "\"");
    }
    changed();
  }
  auto halts = state_store.load_halts();
  if (!halts) {
    out("store error: halts: " + halts.error().message);
    return;
  }
  for (const auto& h : *halts) {
    if (h.request == "release") {
      release_symbol(h.symbol, "released by an operator");
    } else if (h.request == "adopt") {
      const auto broker_pos = broker->reconciler().last_report();
      // The broker's position as the last reconciliation read it (the halt's own record otherwise).
      Decimal qty = h.broker_quantity;
      Decimal cost;
      if (broker_pos) {
        for (const auto& m : broker_pos->plan.position_mismatches) {
          if (m.symbol == h.symbol) qty = m.broker_quantity, cost = m.broker_avg_cost;
        }
      }
      if (adopt_broker_position(h.symbol, qty, cost)) release_symbol(h.symbol, "the broker's position was adopted");
    }
  }
}

void Trader::Impl::halt_symbol(const std::string& symbol, Decimal broker_qty, Decimal ledger_qty) {
  const std::string reason = "books disagree with the broker: broker " + broker_qty.to_string() + ", ledger " +
                             ledger_qty.to_string() + "; no order until `robotrader halts adopt " + symbol +
                             "` or `halts release " + symbol + "`";
  const bool already = desk->halts().contains(symbol);
  desk->halt(symbol, reason);
  if (auto st = state_store.save_halt(HaltRow{symbol, reason, market_clock.now(), broker_qty, ledger_qty, ""}); !st) {
    out("store error: halt of " + symbol + ": " + st.error().message);
  }
  if (!already) {
    (void)broker->journal().record_denial(
        trading::RiskDenial{market_clock.now(), "", symbol, trading::DenialRule::RiskLimit, "symbol_halted: " + reason});
    out("HALTED " + symbol + ": " + reason);
    if (observer) observer->on_denial(DenialRow{market_clock.now(), symbol, "symbol_halted", reason});
  }
  changed();
}

bool Trader::Impl::adopt_broker_position(const std::string& symbol, Decimal broker_qty, Decimal broker_avg_cost) {
  auto& ledger = broker->ledger();
  const Decimal before = ledger.quantity(symbol);
  const Decimal equity_before = ledger.equity();
  auto adopted = broker->ledger_store().adopt_position(ledger, symbol, broker_qty, broker_avg_cost, market_clock.now());
  if (!adopted) {
    out("adopt " + symbol + " failed: " + adopted.error().message);
    return false;
  }
  const Decimal after = ledger.quantity(symbol);
  const auto pos = ledger.position(symbol);
  // The desk follows the adopted book (a stop for a held position), but it is not a fill.
  desk->on_position(symbol, before, after, pos ? pos->avg_cost : broker_avg_cost, market_clock.now(),
                    after > before ? trading::Side::Buy : trading::Side::Sell, kZero);
  known_realized[symbol] = ledger.realized(symbol);
  // Shares that moved into (or out of) the books are not this run's P&L.
  if (started) sum.start_equity += ledger.equity() - equity_before;
  (void)broker->journal().record_denial(trading::RiskDenial{
      market_clock.now(), "", symbol, trading::DenialRule::RiskLimit,
      "position_adopted: the ledger took the broker's position of " + symbol + ": " + before.to_string() + " -> " +
          after.to_string()});
  out("ADOPTED " + symbol + " position " + before.to_string() + " -> " + after.to_string() + " from the broker");
  changed();
  return true;
}

void Trader::Impl::release_symbol(const std::string& symbol, const std::string& why) {
  const bool was = desk->release(symbol);
  if (auto st = state_store.remove_halt(symbol); !st) out("store error: halt of " + symbol + ": " + st.error().message);
  if (was) out("RELEASED " + symbol + ": " + why);
  changed();
}

void Trader::Impl::apply_mismatches(const ib::ReconcileReport& report) {
  std::set<std::string> mismatched;
  for (const auto& m : report.plan.position_mismatches) {
    mismatched.insert(m.symbol);
    if (config.on_mismatch == MismatchPolicy::kAdopt) {
      if (adopt_broker_position(m.symbol, m.broker_quantity, m.broker_avg_cost)) continue;
    }
    halt_symbol(m.symbol, m.broker_quantity, broker->ledger().quantity(m.symbol));
  }
  // A halt whose books agree now (fixed at the broker, or adopted) is over.
  std::vector<std::string> agreed;
  for (const auto& [symbol, why] : desk->halts()) {
    if (!mismatched.contains(symbol)) agreed.push_back(symbol);
  }
  for (const auto& symbol : agreed) release_symbol(symbol, "the books agree with the broker again");
}

}  // namespace rt::runner
