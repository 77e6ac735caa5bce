#include "plugins/strategy_loader.hpp"
#include "runner/trader_impl.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

namespace {

trading::SizingRule sizing_of(const RunnerConfig& c) {
  trading::SizingRule r;
  r.fraction_pct = c.sizing_fraction_pct;
  r.atr_multiple = c.atr_multiplier;
  r.risk_pct = c.sizing_fraction_pct;
  r.kelly_cap_pct = c.kelly_cap_pct;
  switch (c.sizing) {
    case SizingMethod::kFixedFraction: r.method = trading::SizingMethod::kFraction; break;
    case SizingMethod::kAtr: r.method = trading::SizingMethod::kAtr; break;
    case SizingMethod::kHalfKelly: r.method = trading::SizingMethod::kHalfKelly; break;
  }
  return r;
}

// This run's part of every order ref: the wall clock's microseconds in base 36 (a simulated day
// replayed on one database repeats the market clock, never the wall clock).
std::string run_tag(Timestamp wall_now) {
  auto n = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(wall_now.time_since_epoch()).count());
  std::string tag;
  do {
    tag.insert(tag.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n != 0);
  return tag;
}

}  // namespace

Status Trader::Impl::build() {
  auto size = trading::BarSize::parse(config.bar_size);
  if (!size) return std::unexpected(size.error());
  bar_size = *size;

  ib::ConnectionManagerConfig cm;
  cm.connect.host = config.host;
  cm.connect.port = options.port;
  const auto stage = std::chrono::milliseconds(static_cast<long>(config.connect_timeout_seconds * 1000));
  cm.connect.tcp_timeout = cm.connect.version_timeout = cm.connect.ready_timeout = stage;
  cm.ids.configured_id = config.client_id;
  if (!cm.ids.configured_id) {
    // The id of the last session on this database first (its orders stay ours to change); a fresh
    // one if TWS says it is in use.
    if (auto last = state_store.last_client_id(); last && *last) cm.ids.configured_id = **last;
  }
  cm.heartbeat_interval = std::chrono::milliseconds(static_cast<long>(config.heartbeat_seconds * 1000));
  connections = std::make_unique<ib::ConnectionManager>(executor, std::move(cm), wall_clock, monotonic);
  auto scheduler = ib::PacingScheduler::create(ib::PacingPolicy{}, wall_clock);
  if (!scheduler) return std::unexpected(scheduler.error());
  pacer = std::make_unique<ib::PacingDriver>(executor, std::move(*scheduler), wall_clock);
  resolver = std::make_unique<ib::ContractResolver>(*connections, *pacer, market_clock);
  ib::MarketDataOptions md;
  md.realtime_use_rth = !config.extended_hours;
  market_data = std::make_unique<ib::MarketDataClient>(executor, *connections, *pacer, market_clock, md);

  // Paper-first (DESIGN): live needs the flag AND the config.
  ib::BrokerStackConfig bc;
  bc.broker.account = config.account;
  bc.broker.allow_live = options.live_flag && config.allow_live;
  bc.oms.trading_day = [](Timestamp t) { return std::chrono::sys_days{trading::EasternTime::local_date(t)}; };
  bc.oms.run_tag = run_tag(wall_clock.now());
  bc.starting_cash = options.starting_cash;
  auto stack = ib::BrokerStack::create(executor, *connections, pacer.get(), db, market_clock, monotonic,
                                       std::move(bc));
  if (!stack) return std::unexpected(stack.error());
  broker = std::move(*stack);
  pnl = std::make_unique<ib::PnlWatch>(*connections, pacer.get(), market_clock);

  account = std::make_unique<LiveAccount>(broker->ledger(), broker->oms());
  trading::DeskConfig dc;
  dc.sizing = sizing_of(config);
  if (config.trailing_stops && config.stop_pct > kZero) dc.trailing_stop_pct = config.stop_pct;
  dc.dry_run = config.dry_run;
  dc.protection = config.protection;
  if (config.take_profit_pct > kZero) dc.take_profit_pct = config.take_profit_pct;
  if (config.restart_window) dc.restart_window = trading::RestartWindow{config.restart_window->first, config.restart_window->second};
  auto made = trading::TradingDesk::create(config.risk, dc, market_clock, broker->oms(), broker->journal(), *account);
  if (!made) return std::unexpected(made.error());
  desk = std::move(*made);
  trading::KernelConfig kc;
  auto maker = plugins::strategy_maker(config.strategy, config.strategy_params);
  if (!maker) return std::unexpected(maker.error());
  kc.make_strategy = std::move(*maker);
  kc.log = [this](const std::string& line) { out(line); };
  auto kernel_made = trading::Kernel::create(std::move(kc), *desk);
  if (!kernel_made) return std::unexpected(kernel_made.error());
  kernel = std::move(*kernel_made);

  // Restore risk state BEFORE anything else runs.
  auto stops = state_store.load_stops();
  if (!stops) return std::unexpected(stops.error());
  auto ks = state_store.load_kill_switch();
  if (!ks) return std::unexpected(ks.error());
  auto daily = state_store.load_daily();
  if (!daily) return std::unexpected(daily.error());
  if (auto st = desk->restore(*stops, *ks, *daily); !st) return st;
  desk->set_listener(this);
  if (config.risk.kill_switch && !desk->kill_switch().engaged()) {
    (void)desk->trip_kill_switch(trading::KillSwitchKind::Manual, "risk.kill_switch = true in the configuration",
                                 market_clock.now());
  }
  reload_fill_marks();
  for (const auto& [s, m] : marks) marks_stored[s] = m.time;
  auto stored = broker->ledger_store().load_snapshots();
  if (!stored) return std::unexpected(stored.error());
  snapshots = std::move(*stored);
  auto halts = state_store.load_halts();
  if (!halts) return std::unexpected(halts.error());
  for (const auto& h : *halts) desk->halt(h.symbol, h.reason);
  for (const auto& p : broker->ledger().positions()) known_realized[p.symbol] = broker->ledger().realized(p.symbol);
  out("restored: " + std::to_string(stops->size()) + " stops, kill switch " +
      (desk->kill_switch().engaged() ? "ENGAGED (" + desk->kill_switch().reason() + ")" : std::string("off")) +
      ", cash " + money(broker->ledger().cash()) + ", " + std::to_string(broker->oms().open_orders().size()) +
      " open orders in the journal" + (halts->empty() ? "" : ", " + std::to_string(halts->size()) + " halted symbols"));
  return {};
}

}  // namespace rt::runner
