#include "ib/market_data/instrument_contract.hpp"
#include "runner/trader_impl.hpp"
#include "trading/instrument/instrument_name.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

asio::awaitable<void> Trader::Impl::bring_up(std::string symbol) {
  auto self = shared_from_this();
  auto& p = symbols[symbol];
  auto resolved = co_await resolver->resolve(symbol);
  if (stopping) co_return;
  if (!resolved) {
    p.phase = SymbolPipeline::Phase::kSkipped;
    sum.skipped.push_back(symbol + ": " + resolved.error().message);
    out("skipped " + symbol + ": " + resolved.error().message);
    co_return;
  }
  if (resolved->instrument.type != trading::SecType::kStock) {
    // TWS's terms (multiplier, tick, size increment) over the built-in table's, and orders go out
    // under the resolved contract (a future's month, a pair on IDEALPRO).
    if (auto st = define_instrument(p, resolved->instrument); !st) {
      p.phase = SymbolPipeline::Phase::kSkipped;
      sum.skipped.push_back(symbol + ": " + st.error().message);
      out("skipped " + symbol + ": " + st.error().message);
      co_return;
    }
    broker->broker().define(symbol, resolved->contract);
    out(symbol + " is " + resolved->contract.local_symbol + " (" + resolved->contract.sec_type + " " +
        resolved->contract.exchange + ", multiplier " + p.instrument.multiplier.to_string() + ")");
  }
  p.phase = SymbolPipeline::Phase::kWarming;
  ib::HistoricalQuery q;
  q.duration = config.history_duration;
  q.bar_size = config.bar_size;
  q.use_rth = !config.extended_hours;
  q.what_to_show = std::string(ib::history_source(p.instrument));
  auto history = co_await market_data->historical_bars(resolved->contract, q);
  if (stopping) co_return;
  std::size_t warm = 0;
  if (!history) {
    out("warm-up of " + symbol + " failed (" + history.error().message + "); the strategy warms up on live bars");
  } else {
    const Timestamp now = market_clock.now();
    for (const auto& bar : *history) {
      if (bar.end() > now) continue;  // the forming bar: it will close on the stream
      p.last_warmup = kernel->warm(p.id, bar);
      p.last_price = bar.close;
      note_mark(symbol, bar.close, bar.end(), trading::MarkSource::Close);
      ++warm;
    }
  }
  check_strategy(p);  // it may have raised on its history
  if (options.once) {
    p.phase = SymbolPipeline::Phase::kStreaming;
    out(symbol + ": " + std::to_string(warm) + " bars of history");
    co_return;
  }
  p.aggregator.emplace(*bar_size);
  // The 5-second bars are TRADES: a minute without a trade has no bar, as in the warm-up history.
  // A pair's are MIDPOINT, which always has a bar.
  p.aggregator->ignore_tradeless_input(p.instrument.type != trading::SecType::kCash);
  p.contract = resolved->contract;
  p.subscribed_at = market_clock.now();
  auto id = subscribe_bars(p);
  if (!id) {
    p.phase = SymbolPipeline::Phase::kSkipped;
    sum.skipped.push_back(symbol + ": " + id.error().message);
    out("skipped " + symbol + ": " + id.error().message);
    co_return;
  }
  p.stream = *id;
  p.phase = SymbolPipeline::Phase::kStreaming;
  out(symbol + ": " + std::to_string(warm) + " bars of history, streaming");
}

Result<ib::StreamId> Trader::Impl::subscribe_bars(SymbolPipeline& p) {
  // Streams carry the instrument's name (the contract says "ES" for ES.FUT.CME).
  ib::BarStreamOptions stream;
  stream.label = p.name;
  if (p.instrument.type == trading::SecType::kCash) stream.what_to_show = "MIDPOINT";
  return market_data->stream_bars(
      p.contract, *trading::BarSize::parse("5 secs"),
      [weak = weak_from_this()](std::string_view sym, const trading::Bar& bar) {
        auto me = weak.lock();
        if (!me || me->stopping) return;
        auto it = me->symbols.find(std::string(sym));
        if (it != me->symbols.end()) me->on_small_bar(it->second, bar);
      },
      std::move(stream));
}

void Trader::Impl::go_stale(SymbolPipeline& p, const std::string& why) {
  const Timestamp now = market_clock.now();
  p.stale = true;
  desk->gate_entries(p.name, why);
  (void)broker->journal().record_denial(trading::RiskDenial{now, "", p.name, trading::DenialRule::RiskLimit, why});
  if (observer) observer->on_denial(DenialRow{now, p.name, "stale_data", why});
  out("STALE " + p.name + ": " + why);
  market_data->cancel(p.stream);
  auto id = subscribe_bars(p);
  p.subscribed_at = now;
  if (id) {
    p.stream = *id;
  } else {
    out("re-subscribing " + p.name + " failed: " + id.error().message);
    p.stream = 0;
  }
  changed();
}

void Trader::Impl::watch_data(Duration stale_after) {
  const Timestamp now = market_clock.now();
  if (!calendar.is_open(now, config.extended_hours)) return;
  // A market-data or historical farm that reported broken (2103, 2105) and has not come back
  // within the same span (real time: the farm's state is timed on the wall clock).
  std::string farm_down;
  const auto real_span = std::chrono::duration_cast<Duration>(stale_after / std::max(options.clock_speed, 1e-9));
  for (const auto& [name, farm] : connections->farms()) {
    if (farm.ok || farm.kind == ib::FarmKind::kSecDef || wall_clock.now() < farm.changed_at + real_span) continue;
    if (!farm_outages.insert({name, farm.changed_at.time_since_epoch().count()}).second) continue;  // once each
    farm_down = name;
  }
  for (auto& [name, p] : symbols) {
    if (p.phase != SymbolPipeline::Phase::kStreaming || p.stale || p.stream == 0) continue;
    if (!farm_down.empty()) {
      go_stale(p, "stale_data: the data farm " + farm_down + " reported broken and has not come back; " + name +
                      " re-subscribed, entries gated until data returns");
      continue;
    }
    const Timestamp seen = std::max(p.last_price_at, p.subscribed_at);
    if (now < seen + stale_after) continue;
    const auto quiet = std::chrono::duration_cast<std::chrono::seconds>(now - seen).count();
    go_stale(p, "stale_data: no update of " + name + " for " + std::to_string(quiet) +
                    " s while its market is open; re-subscribed, entries gated until data returns");
  }
}

void Trader::Impl::on_small_bar(SymbolPipeline& p, const trading::Bar& bar) {
  bar_received = monotonic.now();
  const Timestamp now = market_clock.now();
  if (p.stale) {
    p.stale = false;
    if (!p.strategy_failed) (void)desk->ungate_entries(p.name);
    out(p.name + ": data is fresh again" + (p.strategy_failed ? "" : "; entries allowed"));
    changed();
  }
  p.last_price = bar.close;
  p.last_price_at = now;
  p.last_small_bar_end = std::max(p.last_small_bar_end, bar.end());
  p.last_bar_at = wall_clock.now();
  note_mark(p.name, bar.close, bar.end(), trading::MarkSource::Trade);
  // Every fresh price goes to the stop, once the broker is reconciled (a stop fires once).
  if (gate_open() && desk->stops().find(p.name) != nullptr) {
    auto outcome = kernel->on_price(p.id, trading::PriceView{bar.close, now, trading::PriceQuality::Fresh});
    if (outcome) {
      ++sum.stops_triggered;
      out("STOP " + p.name + " at " + bar.close.to_string() + ": " + trading::to_string(outcome->action) + " " +
          outcome->detail);
      if (outcome->action == trading::DeskAction::kSubmitted) ++sum.orders;
      if (outcome->action == trading::DeskAction::kRiskDenied) ++sum.risk_denials;
      report_outcome(p.name, *outcome);
    }
  }
  if (auto closed = p.aggregator->on_bar(bar)) on_closed_bar(p, *closed);
  bar_received.reset();
}

void Trader::Impl::on_closed_bar(SymbolPipeline& p, const trading::Bar& bar) {
  const auto seen = kernel->bars(p.id);
  auto decision = kernel->on_bar(p.id, bar);  // a bar already seen in the warm-up is not counted
  sum.bars += kernel->bars(p.id) - seen;
  if (decision) act_on_signal(p, *decision);
  check_strategy(p);
}

void Trader::Impl::check_strategy(SymbolPipeline& p) {
  if (p.strategy_failed) return;
  const auto why = kernel->failure(p.id);
  if (why.empty()) return;
  p.strategy_failed = true;
  const std::string first_line = trading::failure_summary(why);
  const std::string reason = "strategy_failed: " + first_line + "; no new entry for " + p.name +
                             ", its position stays under its stop";
  const Timestamp now = market_clock.now();
  desk->gate_entries(p.name, reason);
  std::int64_t cancelled = 0;
  for (const auto& o : broker->oms().open_orders()) {
    if (o.intent.symbol != p.name || o.intent.purpose != trading::OrderPurpose::Entry || o.external) continue;
    if (broker->oms().cancel(o.ref())) ++cancelled;
  }
  (void)broker->journal().record_denial(trading::RiskDenial{now, "", p.name, trading::DenialRule::RiskLimit, reason});
  if (observer) observer->on_denial(DenialRow{now, p.name, "strategy_failed", std::string(why)});
  sum.strategy_failures.push_back(p.name + ": " + first_line);
  out("STRATEGY FAILED for " + p.name + ": entries gated, " + std::to_string(cancelled) +
      " working entry orders cancelled; the other symbols go on");
  changed();
}

void Trader::Impl::act_on_signal(SymbolPipeline& p, const trading::Decision& decision) {
  ++sum.signals;
  const Timestamp now = market_clock.now();
  const auto& signal = decision.signal;
  SignalRow row{decision.bar_end, p.name, trading::to_string(signal.side), signal.strength, decision.price,
                signal.reason, "", "", config.dry_run};
  if (stopping) {
    row.action = "no_action";
    row.detail = "stopping";
  } else if (!gate_open()) {
    row.action = "no_action";
    row.detail = "not reconciled with the broker: " + broker->gate().reason();
  } else if (p.margin_check_pending) {
    row.action = "no_action";
    row.detail = "the margin check of an earlier signal is still waiting for IB";
  } else {
    if (config.margin_check && !config.dry_run) {
      // An entry waits for IB's what-if answer; an exit or a refusal goes on as before.
      auto preview = kernel->preview(decision, now);
      if (preview.action == trading::DeskAction::kDryRun && preview.intent &&
          preview.intent->purpose == trading::OrderPurpose::Entry) {
        p.margin_check_pending = true;
        asio::co_spawn(
            executor,
            [self = shared_from_this(), row, decision, intent = *preview.intent]() {
              return self->act_after_margin_check(row, decision, intent);
            },
            asio::detached);
        return;
      }
      if (preview.action != trading::DeskAction::kDryRun) {
        note_outcome(row, decision, preview);
        return;
      }
    }
    auto outcome = kernel->act(decision, now);
    if (latency_hook && bar_received && outcome.action == trading::DeskAction::kSubmitted) {
      latency_hook(monotonic.now() - *bar_received);
    }
    note_outcome(row, decision, outcome);
    return;
  }
  if (auto st = state_store.record_signal(row); !st) out("store error: signal: " + st.error().message);
  if (observer) observer->on_signal(row);
}

void Trader::Impl::note_outcome(SignalRow row, const trading::Decision& decision, const trading::DeskOutcome& outcome) {
  row.action = trading::to_string(outcome.action);
  row.detail = outcome.detail;
  switch (outcome.action) {
    case trading::DeskAction::kSubmitted: ++sum.orders; break;
    case trading::DeskAction::kRiskDenied: ++sum.risk_denials; break;
    case trading::DeskAction::kOmsDenied: ++sum.oms_denials; break;
    default: break;
  }
  if (outcome.intent && outcome.action != trading::DeskAction::kNoAction) {
    const auto& in = *outcome.intent;
    out(std::string(outcome.action == trading::DeskAction::kSubmitted ? "ORDER "
                    : outcome.action == trading::DeskAction::kDryRun  ? "WOULD ORDER "
                                                                       : "DENIED ") +
        std::string(trading::to_string(in.side)) + " " + in.quantity.to_string() + " " + in.symbol + " @~" +
        decision.price.to_string() + " (" + std::string(trading::to_string(in.purpose)) + ", " +
        decision.signal.reason + "): " + outcome.detail);
  }
  report_outcome(row.symbol, outcome);
  if (auto st = state_store.record_signal(row); !st) out("store error: signal: " + st.error().message);
  if (observer) observer->on_signal(row);
}

asio::awaitable<void> Trader::Impl::act_after_margin_check(SignalRow row, trading::Decision decision,
                                                          trading::OrderIntent intent) {
  auto self = shared_from_this();
  trading::Order order;
  order.intent = intent;
  order.intent.order_ref = "what-if";
  auto impact = co_await broker->broker().what_if(std::move(order), options.ready_timeout);
  auto it = symbols.find(row.symbol);
  if (it != symbols.end()) it->second.margin_check_pending = false;
  if (stopping || !desk) co_return;
  std::optional<std::string> denial;
  if (!impact) {
    // No answer, no order: an entry the margin was never checked for is not sent.
    denial = "IB did not answer the what-if order: " + impact.error().message;
  } else {
    denial = trading::margin_denial(*impact, config.max_margin_pct);
  }
  trading::DeskOutcome outcome;
  if (denial) {
    outcome.action = trading::DeskAction::kRiskDenied;
    outcome.rule = "margin";
    outcome.detail = "margin: " + *denial;
    outcome.intent = intent;
    (void)broker->journal().record_denial(
        trading::RiskDenial{market_clock.now(), "", row.symbol, trading::DenialRule::RiskLimit, outcome.detail});
  } else {
    outcome = kernel->act(decision, market_clock.now());
  }
  note_outcome(row, decision, outcome);
}

Result<SymbolPipeline*> Trader::Impl::add_symbol(const std::string& symbol) {
  auto instrument = trading::parse_instrument(symbol, trading::EasternTime::local_date(market_clock.now()));
  if (!instrument) {
    // A held position under a name robotrader does not write (adopted from the broker) is a stock
    // under the terms it was booked with.
    if (!broker->ledger().position(symbol)) return std::unexpected(instrument.error());
    instrument = trading::Instrument::stock(symbol);
    const auto booked = broker->ledger().terms(symbol);
    instrument->multiplier = booked.multiplier;
  }
  auto id = kernel->add(symbol);  // the desk learns the instrument in define_instrument()
  if (!id) return std::unexpected(id.error());
  auto& p = symbols[symbol];
  p.name = symbol;
  p.id = *id;
  if (auto st = define_instrument(p, *instrument); !st) {
    symbols.erase(symbol);
    return std::unexpected(st.error());
  }
  return &p;
}

Status Trader::Impl::define_instrument(SymbolPipeline& p, const trading::Instrument& instrument) {
  const trading::ValueTerms terms{instrument.multiplier, instrument.pays_notional()};
  auto& ledger = broker->ledger();
  if (ledger.terms(p.name) != terms) {
    if (auto st = broker->ledger_store().define_terms(ledger, p.name, terms); !st) {
      return fail(st.error().code, p.name + ": " + st.error().message);
    }
  }
  desk->define(instrument);
  p.instrument = instrument;
  return {};
}

void Trader::Impl::on_fill_booked(const trading::BookedFill& booked) {
  const auto& ledger = broker->ledger();
  const std::string& s = booked.fill.symbol;
  reload_fill_marks();  // a fill is the newest price
  // The P&L realised since the symbol's last fill, commissions that came after that one included.
  const Decimal realized = ledger.realized(s);
  const trading::BookedFill event{booked.fill, booked.before, booked.after, realized - known_realized[s]};
  known_realized[s] = realized;
  if (auto id = kernel->add(s)) {
    kernel->on_fill(*id, event);
  } else {
    // No strategy for the symbol (its constructor failed): the stop must follow the position all the same.
    out("strategy for " + s + " could not be made (" + id.error().message + "); its position is protected all the same");
    desk->on_position(s, event.before, event.after, event.fill.price, event.fill.time, event.fill.side, event.realized);
  }
  ++sum.fills;
  out("FILL " + s + " position " + booked.before.to_string() + " -> " + booked.after.to_string() + " at " +
      booked.fill.price.to_string() + ", cash " + money(ledger.cash()));
  if (auto it = symbols.find(s); it != symbols.end()) check_strategy(it->second);  // on_fill may raise
  // Held positions are always watched.
  if (!booked.after.is_zero() && !symbols.contains(s) && !stopping && started && add_symbol(s)) {
    asio::co_spawn(executor, bring_up(s), asio::detached);
  }
}

void Trader::Impl::keep_protection(bool settled) {
  if (config.dry_run || stopping) return;
  // Just reconciled, the broker's state was read in full: act at once rather than wait a cycle.
  if (settled) (void)desk->keep_protection();
  for (const auto& line : desk->keep_protection()) {
    out(line);
    changed();
  }
}

}  // namespace rt::runner
