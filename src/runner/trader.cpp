#include "runner/trader_impl.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

Trader::Trader(asio::any_io_executor executor, const Clock& market_clock, const Clock& wall_clock,
               const MonotonicClock& monotonic, store::Database& db, TraderOptions options)
    : impl_(std::make_shared<Impl>(executor, market_clock, wall_clock, monotonic, db, std::move(options))) {}

Trader::~Trader() {
  impl_->stopping = true;
  impl_->store_watch.cancel();
  impl_->desk.reset();
}

void Trader::stop(std::string why) {
  if (impl_->stopping) return;
  impl_->stopping = true;
  if (impl_->ended_by.empty()) impl_->ended_by = std::move(why);
  impl_->wake.cancel();
  impl_->store_watch.cancel();
}

asio::awaitable<Result<TraderSummary>> Trader::run() {
  auto self = impl_;
  auto& m = *self;
  if (auto st = m.build(); !st) co_return std::unexpected(st.error());
  asio::co_spawn(m.executor, [self]() { return self->watch_store(); }, asio::detached);

  // The configured symbols, and every held position too.
  std::vector<std::string> names = m.config.symbols;
  for (const auto& p : m.broker->ledger().positions()) {
    if (!p.quantity.is_zero() && std::find(names.begin(), names.end(), p.symbol) == names.end()) {
      m.out("watching held position " + p.symbol + " (" + p.quantity.to_string() + ")");
      names.push_back(p.symbol);
    }
  }
  if (names.empty()) co_return fail(ErrorCode::kInvalidArgument, "no symbols: give --symbols or trading.symbols");
  for (const auto& s : names) {
    if (auto added = m.add_symbol(s); !added) co_return std::unexpected(added.error());
  }

  auto connected = co_await m.connect_and_reconcile();
  if (!connected) {
    co_await m.shutdown();
    co_return std::unexpected(connected.error());
  }
  m.started = true;
  m.sum.start_equity = m.broker->ledger().equity();  // after a new database took the account's cash

  // Every symbol concurrently; the pacer spreads the requests.
  auto ex = co_await asio::this_coro::executor;
  auto pending = std::make_shared<std::size_t>(names.size());
  for (const auto& s : names) {
    asio::co_spawn(ex, [self, s, pending]() -> asio::awaitable<void> {
      co_await self->bring_up(s);
      --*pending;
      self->wake.cancel();
    }, asio::detached);
  }
  while (*pending > 0 && !m.stopping) co_await m.wait_real(1s);

  if (m.options.once) {
    if (!m.stopping) {
      for (auto& [n, p] : m.symbols) {
        if (p.phase != SymbolPipeline::Phase::kStreaming) continue;
        if (!p.last_warmup) {
          m.out(n + ": hold");
          continue;
        }
        m.act_on_signal(p, *p.last_warmup);
      }
      // Wait (bounded) for the orders to be acknowledged or filled.
      const auto until = m.monotonic.now() + 10s;
      while (!m.stopping && m.monotonic.now() < until) {
        bool working = false;
        for (const auto& o : m.broker->oms().open_orders()) working |= !o.external && o.broker_order_id == 0;
        if (!working) break;
        co_await m.wait_real(50ms);
      }
      m.mark_account();
      m.persist_marks();
      m.summary_line();
      if (m.observer) m.observer->on_cycle();
    }
    if (m.ended_by.empty()) m.ended_by = "--once";
    co_await m.shutdown();
    co_return m.sum;
  }

  // The bar cycle: one summary line per bar boundary of the market clock.
  // A span of market time that is also at least `real` of real time: on a simulated clock at
  // 1500x, 6 s of market time is 4 ms, less than a loaded host takes to deliver a bar.
  auto at_least_real = [&](Duration market, std::chrono::milliseconds real) {
    const std::chrono::duration<double, std::milli> scaled = real * m.options.clock_speed;
    return std::max(market, std::chrono::duration_cast<Duration>(scaled));
  };
  // The cycle wakes this long after a bar boundary, when the boundary's last 5-second bar should be
  // in; a bar whose last 5-second bar is not is closed only once its stream has stalled.
  const Duration grace = at_least_real(std::chrono::seconds(6), std::chrono::milliseconds(100));
  const Duration stall = at_least_real(std::chrono::seconds(30), std::chrono::milliseconds(2000));
  const Duration stale_data =
      at_least_real(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(m.config.stale_data_seconds)),
                    std::chrono::milliseconds(2000));
  std::optional<Timestamp> close_at;
  while (!m.stopping) {
    const Timestamp now = m.market_clock.now();
    if (!m.calendar.is_open(now, m.config.extended_hours)) {
      if (m.options.until_close && close_at) {
        m.ended_by = "the session closed";
        break;
      }
      const Timestamp next = m.calendar.next_open(now, m.config.extended_hours);
      // The day's books, valued at the close, beside IB's view of them.
      m.mark_account();
      m.persist_marks();
      co_await m.check_broker_view(true);
      if (m.broker_comparison) {
        m.out(std::string("day closed: equity ") + money(m.broker->ledger().equity()) + ", IB NetLiquidation " +
              money(m.broker_view->net_liquidation) + ": " +
              (m.broker_comparison->agrees() ? "agrees" : "DIFFERS") + " (" + m.broker_comparison->describe() + ")");
      }
      m.out("market closed; waiting for the open at " + ny_time(next));
      m.summary_line();
      co_await m.sleep_until_market(next);
      continue;
    }
    if (!close_at) close_at = m.calendar.current_close(now, m.config.extended_hours);
    const auto bucket = m.bar_size ? trading::BarAggregator(*m.bar_size).bucket(now) : std::pair{now, now};
    co_await m.sleep_until_market(bucket.second + grace);
    if (m.stopping) break;
    for (auto& [n, p] : m.symbols) {
      if (!p.aggregator) continue;
      const auto& partial = p.aggregator->partial();
      if (!partial || partial->end() > bucket.second) continue;
      // TWS sends a 5-second bar every 5 seconds, traded or not: until the one that ends the bar
      // has arrived, its last seconds are late, not missing (a busy host, a simulated clock that
      // jumped). Close it by time only when the stream has stalled.
      const bool complete = p.last_small_bar_end >= partial->end();
      const bool stalled = m.market_clock.now() >= partial->end() + stall;
      if (!complete && !stalled) continue;
      if (auto bar = p.aggregator->flush(bucket.second)) m.on_closed_bar(p, *bar);
    }
    // A reconnect: the gate re-opened after a fresh reconciliation.
    const bool open = m.gate_open();
    if (open && (!m.gate_was_open || m.broker->reconciler().completed() != m.reconciles_seen)) {
      m.reconciles_seen = m.broker->reconciler().completed();
      m.out("reconciled again after a reconnect; trading resumes");
      if (auto r = m.broker->reconciler().last_report()) m.apply_mismatches(*r);
      (void)m.desk->connection_healthy(m.market_clock.now());
      m.keep_protection(true);
    }
    m.gate_was_open = open;
    if (open) m.keep_protection(false);
    m.watch_data(stale_data);
    m.refresh_stale_marks();
    m.mark_account();
    m.persist_marks();
    asio::co_spawn(m.executor, [self]() { return self->check_broker_view(); }, asio::detached);
    ++m.cycles;
    m.summary_line();
    if (m.observer) m.observer->on_cycle();
    if (m.options.until_close && close_at && m.market_clock.now() >= *close_at) {
      m.ended_by = "the session closed";
      break;
    }
  }
  if (m.ended_by.empty()) m.ended_by = "stopped";
  co_await m.shutdown();
  co_return m.sum;
}

bool Trader::ready_for_orders() const { return impl_->gate_open(); }
std::int64_t Trader::bar_cycles() const { return impl_->cycles; }
std::int64_t Trader::orders_sent() const { return impl_->sum.orders; }
std::int64_t Trader::reconciliations() const {
  return impl_->broker ? static_cast<std::int64_t>(impl_->broker->reconciler().completed()) : 0;
}
std::int64_t Trader::streaming_symbols() const {
  std::int64_t n = 0;
  for (const auto& [s, p] : impl_->symbols) n += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  return n;
}
TraderSummary Trader::summary() const {
  impl_->fill_summary();
  return impl_->sum;
}
bool Trader::kill_switch_engaged() const { return impl_->desk && impl_->desk->kill_switch().engaged(); }
std::size_t Trader::stop_count() const { return impl_->desk ? impl_->desk->stops().size() : 0; }
std::vector<std::string> Trader::reconcile_problems() const {
  if (!impl_->broker) return {};
  auto r = impl_->broker->reconciler().last_report();
  return r ? r->problems : std::vector<std::string>{};
}
std::map<std::string, std::string> Trader::halted_symbols() const {
  return impl_->desk ? impl_->desk->halts() : std::map<std::string, std::string>{};
}
Status Trader::engage_kill_switch(std::string reason) {
  auto& m = *impl_;
  if (!m.desk) return fail(ErrorCode::kCancelled, "the trader is not running yet");
  if (reason.empty()) reason = "engaged by hand";
  m.kill_switch_saved = {};
  (void)m.desk->trip_kill_switch(trading::KillSwitchKind::Manual, std::move(reason), m.market_clock.now());
  // A trip that changed nothing (already engaged) still answers with the last write's outcome.
  return m.kill_switch_saved;
}

const MonotonicClock& Trader::monotonic_clock() const { return impl_->monotonic; }

TraderView Trader::view() const {
  const auto& m = *impl_;
  TraderView v;
  v.config = &m.config;
  v.market_clock = &m.market_clock;
  v.wall_clock = &m.wall_clock;
  v.connections = m.connections.get();
  v.pacer = m.pacer.get();
  if (m.broker) {
    v.ledger = &m.broker->ledger();
    v.oms = &m.broker->oms();
    v.reconciled = m.broker->ready_for_orders();
    if (!v.reconciled) v.gate_reason = m.broker->gate().reason();
  }
  v.desk = m.desk.get();
  v.stopping = m.stopping;
  v.broker_view = m.broker_view ? &*m.broker_view : nullptr;
  v.broker_pnl = m.pnl && m.pnl->account() ? &*m.pnl->account() : nullptr;
  v.broker_positions = &m.broker_positions;
  v.snapshots = &m.snapshots;
  v.broker_comparison = m.broker_comparison ? &*m.broker_comparison : nullptr;
  v.marks = &m.marks;
  return v;
}

std::vector<SymbolStatus> Trader::symbols() const {
  std::vector<SymbolStatus> out;
  out.reserve(impl_->symbols.size());
  for (const auto& [name, p] : impl_->symbols) {
    const char* phase = "resolving";
    switch (p.phase) {
      case SymbolPipeline::Phase::kResolving: phase = "resolving"; break;
      case SymbolPipeline::Phase::kWarming: phase = "warming"; break;
      case SymbolPipeline::Phase::kStreaming: phase = "streaming"; break;
      case SymbolPipeline::Phase::kSkipped: phase = "skipped"; break;
    }
    out.push_back(SymbolStatus{name, phase, p.last_price, p.last_bar_at});
  }
  return out;
}

void Trader::set_observer(TraderObserver* observer) { impl_->observer = observer; }

void Trader::on_order_latency(std::function<void(std::chrono::nanoseconds)> callback) {
  impl_->latency_hook = std::move(callback);
}

}  // namespace rt::runner
