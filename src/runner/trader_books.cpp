#include "runner/trader_impl.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

std::string ny_time(Timestamp t) {
  const auto date = trading::EasternTime::local_date(t);
  const auto tod = std::chrono::duration_cast<std::chrono::seconds>(trading::EasternTime::local_time_of_day(t));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld ET", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long long>(tod.count() / 3600), static_cast<long long>(tod.count() / 60 % 60),
                static_cast<long long>(tod.count() % 60));
  return buf;
}

void Trader::Impl::note_mark(const std::string& symbol, Decimal price, Timestamp at, trading::MarkSource source) {
  if (price <= kZero) return;
  auto it = marks.find(symbol);
  // Only a newer price replaces a mark; a fill also replaces one of its own time (as the store).
  if (it != marks.end() && (it->second.time > at || (it->second.time == at && source != trading::MarkSource::Fill))) {
    return;
  }
  marks[symbol] = trading::Mark{symbol, price, at, source};
}

void Trader::Impl::refresh_stale_marks() {
  const Timestamp now = market_clock.now();
  if (!calendar.is_open(now, config.extended_hours)) return;
  const Duration bar = bar_size ? bar_size->length() : Duration{std::chrono::minutes(1)};
  const Duration stale_after = std::max<Duration>(2 * bar, std::chrono::minutes(1));
  for (const auto& p : broker->ledger().positions()) {
    if (p.quantity.is_zero() || quote_marks_pending.contains(p.symbol)) continue;
    auto it = marks.find(p.symbol);
    if (it != marks.end() && now - it->second.time < stale_after) continue;
    quote_marks_pending.insert(p.symbol);
    asio::co_spawn(executor, [self = shared_from_this(), s = p.symbol]() { return self->mark_from_quote(s); },
                   asio::detached);
  }
}

asio::awaitable<void> Trader::Impl::mark_from_quote(std::string symbol) {
  auto self = shared_from_this();
  auto resolved = co_await resolver->resolve(symbol);
  if (!resolved || !market_data || stopping) {
    quote_marks_pending.erase(symbol);
    co_return;
  }
  auto snap = co_await market_data->snapshot(resolved->contract);
  quote_marks_pending.erase(symbol);
  if (!snap || stopping) co_return;
  const auto& q = snap->quote;
  if (q.bid > kZero && q.ask > kZero && q.ask >= q.bid) {
    note_mark(symbol, (q.bid + q.ask) / Decimal::from_int(2), market_clock.now(), trading::MarkSource::Midpoint);
  } else if (q.last > kZero) {
    note_mark(symbol, q.last, market_clock.now(), trading::MarkSource::Trade);
  }
}

void Trader::Impl::reload_fill_marks() {
  auto stored = broker->ledger_store().load_marks();
  if (!stored) {
    out("store error: marks: " + stored.error().message);
    return;
  }
  for (const auto& [s, m] : *stored) note_mark(s, m.price, m.time, m.source);
}

void Trader::Impl::persist_marks() {
  std::vector<trading::Mark> changed_marks;
  for (const auto& [s, m] : marks) {
    auto it = marks_stored.find(s);
    if (it == marks_stored.end() || it->second < m.time) changed_marks.push_back(m);
  }
  if (auto st = broker->ledger_store().save_marks(changed_marks); !st) {
    out("store error: marks: " + st.error().message);
  } else {
    for (const auto& m : changed_marks) marks_stored[m.symbol] = m.time;
  }
  // The day's line of the equity curve, replaced at each cycle until the day ends.
  const auto& daily = desk->daily();
  if (!daily.state().started) return;
  auto snap = broker->ledger().snapshot(daily.state().day);
  snap.start_equity = daily.day_start_equity();
  if (auto st = broker->ledger_store().record_snapshot(snap); !st) out("store error: snapshot: " + st.error().message);
  if (snapshots.empty() || snapshots.back().date != snap.date) snapshots.push_back(snap);
  else snapshots.back() = snap;
}

bool Trader::Impl::marks_at_last_close() const {
  // Both sides value positions at the closing price once the session is over and our marks are
  // from its end; before that our mark (a bar's close) and IB's (its live price) differ.
  const Timestamp now = market_clock.now();
  if (calendar.is_open(now, config.extended_hours)) return false;
  const auto close = calendar.last_close(now, config.extended_hours);
  if (!close) return false;
  for (const auto& p : broker->ledger().positions()) {
    if (p.quantity.is_zero()) continue;
    auto it = marks.find(p.symbol);
    if (it == marks.end() || it->second.time < *close) return false;
  }
  return true;
}

asio::awaitable<void> Trader::Impl::check_broker_view(bool now) {
  if ((broker_check_running && !now) || account_code.empty() || !gate_open()) co_return;
  // TWS refreshes the account summary every few minutes: on the cycle, reading it more than once a
  // (real) second only spends the session's message rate, which orders need.
  const auto real_now = monotonic.now();
  if (!now && real_now - last_broker_check < kBrokerCheckEvery) co_return;
  last_broker_check = real_now;
  broker_check_running = true;
  ib::PacedRequest paced;
  paced.kind = ib::RequestKind::kAccount;
  paced.label = "account summary";
  auto grant = co_await pacer->acquire(std::move(paced), options.ready_timeout);
  auto session = connections->session();
  if (!grant || !session) {
    broker_check_running = false;
    co_return;
  }
  const Timestamp asked_at = market_clock.now();
  auto rows = co_await session->request_account_summary("NetLiquidation,TotalCashValue,UnrealizedPnL,RealizedPnL",
                                                         options.ready_timeout);
  broker_check_running = false;
  if (!desk || !broker) co_return;
  if (broker_view && broker_view->time > asked_at) co_return;  // a later check answered first
  if (!rows) {
    if (!stopping) out("IB account view unavailable: " + rows.error().message);
    co_return;
  }
  std::vector<SummaryValue> values;
  values.reserve(rows->size());
  for (const auto& r : *rows) values.push_back(SummaryValue{r.account, r.tag, r.value});
  auto view = broker_view_from_summary(values, account_code, asked_at);
  if (!view) {
    out("IB account view unreadable: " + view.error().message);
    co_return;
  }
  auto unknown = broker->ledger_store().commissions_unknown();
  const auto& ledger = broker->ledger();
  const auto comparison =
      compare_account(ledger.cash(), ledger.market_value(), *view, unknown ? *unknown : 0, marks_at_last_close());
  const bool newly_flagged = !comparison.agrees() && (!broker_comparison || broker_comparison->agrees());
  broker_view = *view;
  broker_comparison = comparison;
  if (auto st = state_store.save_broker_view(*view, comparison); !st) out("store error: IB view: " + st.error().message);
  if (newly_flagged) flag_disagreement("", "the books differ from IB's: " + comparison.describe());
  co_await watch_position_pnl();
  compare_positions();
  changed();
}

void Trader::Impl::flag_disagreement(const std::string& symbol, const std::string& reason) {
  (void)broker->journal().record_denial(
      trading::RiskDenial{market_clock.now(), symbol, "", trading::DenialRule::RiskLimit, "broker_disagrees: " + reason});
  out((symbol.empty() ? "ACCOUNT DIFFERS FROM IB: " : "POSITION DIFFERS FROM IB: ") + reason);
  if (observer) observer->on_denial(DenialRow{market_clock.now(), symbol, "broker_disagrees", reason});
}

asio::awaitable<void> Trader::Impl::watch_position_pnl() {
  // Every position either side holds: ours from the ledger, IB's from its own P&L stream.
  std::set<std::string> wanted;
  for (const auto& p : broker->ledger().positions()) {
    if (!p.quantity.is_zero()) wanted.insert(p.symbol);
  }
  for (const auto& [symbol, p] : pnl->positions()) {
    if (!p.received || !p.position.is_zero()) wanted.insert(symbol);
  }
  for (const auto& symbol : wanted) {
    if (pnl->watching(symbol)) continue;
    auto resolved = co_await resolver->resolve(symbol);
    if (!pnl || stopping) co_return;
    if (!resolved) {
      out("IB P&L of " + symbol + " not watched: " + resolved.error().message);
      continue;
    }
    pnl->watch_position(symbol, resolved->contract.con_id);
  }
}

void Trader::Impl::compare_positions() {
  const auto& ledger = broker->ledger();
  const bool comparable = marks_at_last_close();
  std::map<std::string, OurPosition> ours;
  for (const auto& p : ledger.positions()) {
    if (!p.quantity.is_zero()) ours[p.symbol] = OurPosition{p.symbol, p.quantity, p.quantity * p.mark, ledger.unrealized(p.symbol)};
  }
  for (const auto& [symbol, p] : pnl->positions()) {
    const bool ib_holds = !p.received || !p.position.is_zero();
    if (ib_holds && !ours.contains(symbol)) ours[symbol] = OurPosition{symbol, kZero, kZero, kZero};
  }
  std::vector<PositionComparison> next;
  for (const auto& [symbol, our] : ours) {
    const auto& watched = pnl->positions();
    const auto it = watched.find(symbol);
    const auto before = std::find_if(broker_positions.begin(), broker_positions.end(),
                                     [&](const PositionComparison& c) { return c.symbol == symbol; });
    const bool had = before != broker_positions.end();
    auto c = compare_position(our, it == watched.end() ? nullptr : &it->second, comparable,
                              had && before->quantity_differs);
    if (!c.agrees() && (!had || before->agrees())) flag_disagreement(symbol, "IB's P&L view differs: " + c.describe());
    next.push_back(std::move(c));
  }
  broker_positions = std::move(next);
  if (const auto& acct = pnl->account()) {
    if (auto st = state_store.save_broker_pnl(account_code, *acct, broker_positions, market_clock.now()); !st) {
      out("store error: IB P&L: " + st.error().message);
    }
  } else if (!pnl->account_problem().empty()) {
    out("IB P&L unavailable: " + pnl->account_problem());
  }
}

void Trader::Impl::mark_account() {
  auto& ledger = broker->ledger();
  for (const auto& [name, m] : marks) {
    if (ledger.position(name)) ledger.mark(name, m.price);
  }
  const Timestamp now = market_clock.now();
  desk->mark(now, trading::DailyPnlTracker::mark_of(ledger));
  if (desk->apply_loss_limit(now)) out("daily loss limit reached: " + desk->daily().describe());
  if (auto st = state_store.save_daily(desk->daily().state()); !st) out("store error: daily P&L: " + st.error().message);
}

void Trader::Impl::summary_line() {
  const auto& ledger = broker->ledger();
  std::int64_t positions = 0;
  for (const auto& p : ledger.positions()) positions += p.quantity.is_zero() ? 0 : 1;
  std::int64_t streaming = 0;
  for (const auto& [n, p] : symbols) streaming += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  const auto& ks = desk->kill_switch();
  out("summary time=\"" + ny_time(market_clock.now()) + "\" equity=" + money(ledger.equity()) +
      " day_pnl=" + signed_money(desk->daily().day_pnl()) + " realized=" + signed_money(ledger.realized()) +
      " positions=" + std::to_string(positions) + " open_orders=" + std::to_string(broker->oms().open_orders().size()) +
      " orders=" + std::to_string(sum.orders) + " fills=" + std::to_string(sum.fills) +
      " denials=" + std::to_string(sum.risk_denials + sum.oms_denials) + " symbols=" + std::to_string(streaming) + "/" +
      std::to_string(symbols.size()) + " connection=" + ib::to_string(connections->state()) +
      " gate=" + (gate_open() ? "open" : "closed") +
      " kill_switch=" + (ks.engaged() ? std::string(trading::to_string(ks.kind())) : std::string("off")));
}

asio::awaitable<void> Trader::Impl::shutdown() {
  stopping = true;
  store_watch.cancel();
  if (broker && desk && gate_open() && config.cancel_entries_on_stop && !options.once) {
    std::int64_t cancelled = 0;
    for (const auto& o : broker->oms().open_orders()) {
      if (o.intent.purpose != trading::OrderPurpose::Entry || o.external) continue;
      if (broker->oms().cancel(o.ref())) ++cancelled;
    }
    if (cancelled > 0) {
      out("cancelled " + std::to_string(cancelled) + " working entry orders");
      // Give the confirmations a moment (bounded) so the journal sees them.
      const auto until = monotonic.now() + 1s;
      while (monotonic.now() < until) {
        bool open = false;
        for (const auto& o : broker->oms().open_orders()) open |= o.intent.purpose == trading::OrderPurpose::Entry;
        if (!open) break;
        wake.expires_after(20ms);
        (void)co_await wake.async_wait(kTuple);
      }
    }
  }
  if (desk && broker) {
    mark_account();
    persist_marks();
    // The last word on the account: IB's view beside ours, while the session is still up.
    co_await check_broker_view(true);
  }
  for (auto& [n, p] : symbols) {
    if (p.stream != 0 && market_data) market_data->cancel(p.stream);
    p.stream = 0;
  }
  fill_summary();
  changed();
  market_data.reset();
  if (pacer) pacer->stop();
  if (connections) connections->stop();
}

void Trader::Impl::fill_summary() {
  if (!broker || !desk) return;
  const auto& ledger = broker->ledger();
  sum.equity = ledger.equity();
  sum.cash = ledger.cash();
  sum.realized = ledger.realized();
  sum.unrealized = ledger.unrealized();
  sum.commissions = ledger.commissions();
  sum.open_positions = 0;
  for (const auto& p : ledger.positions()) sum.open_positions += p.quantity.is_zero() ? 0 : 1;
  sum.open_orders = static_cast<std::int64_t>(broker->oms().open_orders().size());
  sum.kill_switch = desk->kill_switch().engaged();
  sum.kill_switch_reason = desk->kill_switch().reason();
  sum.reconciliations = static_cast<std::int64_t>(broker->reconciler().completed());
  std::int64_t trading = 0;
  for (const auto& [n, p] : symbols) trading += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  sum.symbols_trading = trading;
  sum.ended_by = ended_by;
  if (broker_view) {
    sum.broker_net_liquidation = broker_view->net_liquidation;
    sum.broker_cash = broker_view->cash;
  }
  if (broker_comparison) {
    sum.broker_agrees = broker_comparison->agrees();
    sum.broker_comparison = broker_comparison->describe();
  }
  sum.broker_positions_checked = 0;
  sum.broker_positions_differ.clear();
  for (const auto& c : broker_positions) {
    if (c.ib_known) ++sum.broker_positions_checked;
    if (!c.agrees()) sum.broker_positions_differ.push_back(c.describe());
  }
}

}  // namespace rt::runner
