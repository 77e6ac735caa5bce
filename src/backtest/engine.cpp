#include "backtest/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "backtest/metrics.hpp"
#include "plugins/strategy_loader.hpp"
#include "trading/instrument/instrument_name.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::backtest {

using trading::OrderIntent;
using trading::OrderPurpose;
using trading::Side;

namespace {

const Decimal kZero;
const Decimal kHundred = Decimal::from_int(100);

std::chrono::sys_days new_york_day(Timestamp t) { return std::chrono::sys_days{trading::EasternTime::local_date(t)}; }

Timestamp next_midnight(Timestamp t) {
  return trading::EasternTime::to_utc(trading::Date{new_york_day(t) + std::chrono::days{1}}, std::chrono::minutes{0});
}

}  // namespace

const char* to_string(SignalAction action) noexcept {
  switch (action) {
    case SignalAction::kSubmitted: return "submitted";
    case SignalAction::kRiskDenied: return "risk_denied";
    case SignalAction::kOmsDenied: return "oms_denied";
    case SignalAction::kSizedToZero: return "sized_to_zero";
    case SignalAction::kNoAction: return "no_action";
  }
  return "?";
}

double TradeRecord::return_pct() const {
  const double cost = entry_price.to_double() * quantity.to_double() * multiplier.to_double();
  return cost > 0.0 ? pnl.to_double() / cost * 100.0 : 0.0;
}

std::string params_text(const trading::StrategyParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += ' ';
    out += k + "=" + v;
  }
  return out;
}

Result<std::unique_ptr<BacktestEngine>> BacktestEngine::create(const BacktestConfig& config,
                                                               std::vector<std::string> symbols) {
  if (symbols.empty()) return fail(ErrorCode::kInvalidArgument, "backtest needs at least one symbol");
  auto risk = trading::RiskEngine::create(config.limits);
  if (!risk) return fail(ErrorCode::kInvalidArgument, risk.error().message);
  if (config.starting_cash <= kZero) {
    return fail(ErrorCode::kInvalidArgument, "cash must be positive, got " + config.starting_cash.to_string());
  }
  if (config.trailing_stop_pct && (*config.trailing_stop_pct <= kZero || *config.trailing_stop_pct >= kHundred)) {
    return fail(ErrorCode::kInvalidArgument,
                "trailing stop must be in (0, 100) percent, got " + config.trailing_stop_pct->to_string());
  }
  const auto& sz = config.sizing;
  if ((sz.method == SizingMethod::kFraction && sz.fraction_pct <= kZero) ||
      (sz.method == SizingMethod::kAtr && (sz.risk_pct <= kZero || sz.atr_multiple <= kZero || sz.atr_period < 1)) ||
      (sz.method == SizingMethod::kShares && sz.shares <= kZero)) {
    return fail(ErrorCode::kInvalidArgument, "sizing parameters must be positive");
  }
  std::unique_ptr<BacktestEngine> engine(new BacktestEngine(config));
  trading::DeskConfig desk;
  desk.trailing_stop_pct = config.trailing_stop_pct;
  desk.allow_short = config.allow_short;
  desk.ref_prefix = "bt";  // short refs stay inside std::string's small buffer
  desk.sizing.fraction_pct = sz.fraction_pct;
  desk.sizing.risk_pct = sz.risk_pct;
  desk.sizing.atr_multiple = sz.atr_multiple;
  desk.sizing.shares = sz.shares;
  switch (sz.method) {
    case SizingMethod::kFraction: desk.sizing.method = trading::SizingMethod::kFraction; break;
    case SizingMethod::kAtr: desk.sizing.method = trading::SizingMethod::kAtr; break;
    case SizingMethod::kShares: desk.sizing.method = trading::SizingMethod::kShares; break;
  }
  auto made = trading::TradingDesk::create(config.limits, desk, engine->clock_, *engine->oms_, engine->journal_,
                                           *engine);
  if (!made) return std::unexpected(made.error());
  engine->desk_ = std::move(*made);
  trading::KernelConfig kc;
  auto maker = plugins::strategy_maker(config.strategy, config.params);
  if (!maker) return std::unexpected(maker.error());
  kc.make_strategy = std::move(*maker);
  kc.log = config.log ? config.log : [](const std::string& line) {
    std::fputs(line.c_str(), stderr);
    std::fputc('\n', stderr);
  };
  kc.atr_period = config.sizing.atr_period;
  auto kernel = trading::Kernel::create(std::move(kc), *engine->desk_);
  if (!kernel) return std::unexpected(kernel.error());
  engine->kernel_ = std::move(*kernel);
  for (auto& name : symbols) {
    if (engine->symbol_index_.contains(name)) {
      return fail(ErrorCode::kInvalidArgument, "symbol " + name + " is given twice; name the files SYMBOL=path");
    }
    auto instrument = instrument_of(config, name);
    if (!instrument) return std::unexpected(instrument.error());
    if (auto id = engine->kernel_->add(*instrument); !id) return std::unexpected(id.error());
    if (auto ok = engine->ledger_.define(name, {instrument->multiplier, instrument->pays_notional()}); !ok) {
      return std::unexpected(ok.error());
    }
    engine->symbol_index_.emplace(name, engine->symbols_.size());
    engine->broker_.add_symbol(*instrument);
    SymbolState st;
    st.name = name;
    st.multiplier = instrument->multiplier;
    st.pays_notional = instrument->pays_notional();
    st.plain = st.pays_notional && st.multiplier == Decimal::from_int(1);
    engine->symbols_.push_back(std::move(st));
    engine->result_.symbols.push_back(std::move(name));
  }
  engine->result_.params_in_force = engine->kernel_->params_in_force(0);
  engine->result_.params_text = params_text(engine->result_.params_in_force);
  return engine;
}

Result<trading::Instrument> BacktestEngine::instrument_of(const BacktestConfig& config, const std::string& name) {
  if (auto it = config.instruments.find(name); it != config.instruments.end()) {
    trading::Instrument i = it->second;
    i.name = name;
    return i;
  }
  const auto today = config.naming_date.value_or(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())});
  auto parsed = trading::parse_instrument(name, today);
  if (parsed) return parsed;
  // A series named after its file (orcl-1995-2014.txt -> ORCL, or a name that is no instrument
  // name) is a stock; a dotted name was meant as an instrument and its error stands.
  if (name.find('.') == std::string::npos) return trading::Instrument::stock(name);
  return std::unexpected(parsed.error());
}

BacktestEngine::BacktestEngine(const BacktestConfig& config)
    : config_(config),
      broker_(config.costs),
      journal_(config.keep_records),
      ledger_(config.starting_cash),
      cash_(config.starting_cash) {
  trading::OmsConfig oms_config;
  oms_config.trading_day = [](Timestamp t) { return new_york_day(t); };
  oms_ = std::make_unique<trading::Oms>(
      clock_, broker_, journal_, [this](const std::string& symbol) { return ledger_.quantity(symbol); },
      std::move(oms_config));
  result_.strategy = config.strategy;
  result_.params_text = params_text(config.params);
  result_.starting_cash = config.starting_cash;
}

BacktestEngine::~BacktestEngine() = default;

trading::PnlMark BacktestEngine::pnl_mark() const {
  const Decimal eq = equity();
  const Decimal realized = ledger_.realized();
  return {eq, realized, eq - config_.starting_cash - realized};
}

void BacktestEngine::flush_sample() {
  result_.equity.push_back({group_end_, equity(), open_positions_ > 0});
}

void BacktestEngine::start_day(Timestamp t) {
  if (config_.sampling == EquitySampling::kDay && have_group_) flush_sample();
  next_day_ = next_midnight(t);
  desk_->mark(t, pnl_mark());
  desk_->start_day();
  if (desk_->kill_switch().engaged() && desk_->kill_switch().kind() == trading::KillSwitchKind::Loss) {
    (void)desk_->reset_kill_switch("backtest", "new trading day", t);
  }
}

Status BacktestEngine::on_bar(std::size_t s, const trading::Bar& bar) {
  if (s >= symbols_.size()) return fail(ErrorCode::kInvalidArgument, "bar for unknown symbol index");
  if (config_.trade_to && bar.start >= *config_.trade_to) return {};
  if (bar.start < last_start_) {
    return fail(ErrorCode::kInvalidArgument, "bar of " + symbols_[s].name + " is older than the bar before it");
  }
  last_start_ = bar.start;
  SymbolState& st = symbols_[s];
  ++result_.bars;
  if (config_.bar_guard) {
    const auto verdict = st.guard.check(bar);
    if (verdict.quarantined()) {
      ++result_.quarantined_bars;
      return {};
    }
  }
  if (config_.trade_from && bar.start < *config_.trade_from) {
    // Warmup: indicators and the strategy see the bar; nothing trades.
    (void)kernel_->warm(s, bar);
    st.mark = bar.close;
    return {};
  }

  if (!started_) {
    started_ = true;
    result_.equity.push_back({bar.start, equity(), false});
  }
  if (have_group_ && bar.start != group_start_) {
    if (config_.sampling == EquitySampling::kBar) flush_sample();
    group_end_ = bar.end();
  } else {
    group_end_ = std::max(group_end_, bar.end());
  }
  group_start_ = bar.start;
  if (bar.start >= next_day_) start_day(bar.start);
  have_group_ = true;
  ++result_.traded_bars;
  ++st.bar_count;

  // Orders decided on the previous bar's close trade at this open.
  if (broker_.has_pending(s)) {
    clock_.set(bar.start);
    broker_.fill_pending(s, bar.open, bar.start);
    settle();
  }
  if (config_.trailing_stop_pct && !st.quantity.is_zero()) run_stops(s, st, bar);
  set_mark(st, bar.close);
  if (auto decision = kernel_->on_bar(s, bar)) on_signal(st, std::move(*decision), bar);

  if (config_.fill == FillTiming::kClose && broker_.has_pending(s)) {
    clock_.set(bar.end());
    broker_.fill_pending(s, bar.close, bar.end());
    settle();
  }
  return {};
}

Decimal BacktestEngine::value_at(const SymbolState& st, Decimal price) {
  if (st.plain) return st.whole_shares ? price * st.shares : st.quantity * price;
  // The ledger's arithmetic, term for term, so the two views agree exactly.
  if (st.pays_notional) return st.quantity * price * st.multiplier;
  return (price * st.quantity - st.basis) * st.multiplier;
}

void BacktestEngine::set_mark(SymbolState& st, Decimal price) {
  st.mark = price;
  if (st.quantity.is_zero()) return;
  const Decimal value = value_at(st, price);
  positions_value_ += value - st.value;
  st.value = value;
}

void BacktestEngine::run_stops(std::size_t s, SymbolState& st, const trading::Bar& bar) {
  const bool is_long = st.quantity > kZero;
  const Decimal prices[4] = {bar.open, is_long ? bar.low : bar.high, is_long ? bar.high : bar.low, bar.close};
  const Timestamp times[4] = {bar.start, bar.start + Duration{1}, bar.start + Duration{2}, bar.end()};
  for (int i = 0; i < 4; ++i) {
    clock_.set(times[i]);
    auto exit = kernel_->on_price(s, trading::PriceView{prices[i], times[i], trading::PriceQuality::Fresh});
    if (!exit) continue;
    const trading::StopState* stop = desk_->stops().find(st.name);
    // A gap through the level trades at the open; otherwise the stop trades at its level.
    const Decimal fill_price = i == 0 || stop == nullptr ? bar.open : stop->level;
    if (account_for(*exit) == SignalAction::kSubmitted) {
      st.order_bar_end = bar.end();
      broker_.fill_pending(s, fill_price, times[i]);
      settle();
    }
    return;
  }
}

void BacktestEngine::on_signal(SymbolState& st, trading::Decision decision, const trading::Bar& bar) {
  ++result_.signal_count;
  clock_.set(bar.end());
  const auto outcome = kernel_->act(decision, bar.end());
  const SignalAction action = account_for(outcome);
  if (action == SignalAction::kSubmitted) st.order_bar_end = bar.end();
  if (config_.keep_records) {
    auto& signal = decision.signal;
    result_.signals.push_back(SignalRecord{bar.end(), decision.symbol, signal.side, signal.strength,
                                           std::move(signal.reason), action, outcome.detail});
  }
}

SignalAction BacktestEngine::account_for(const trading::DeskOutcome& outcome) {
  switch (outcome.action) {
    case trading::DeskAction::kSubmitted:
      ++result_.order_count;
      settle();
      return SignalAction::kSubmitted;
    case trading::DeskAction::kRiskDenied: ++result_.denials[outcome.rule]; return SignalAction::kRiskDenied;
    case trading::DeskAction::kOmsDenied: ++result_.denials[outcome.rule]; return SignalAction::kOmsDenied;
    case trading::DeskAction::kSizedToZero: ++result_.sized_to_zero; return SignalAction::kSizedToZero;
    case trading::DeskAction::kNoAction:
    case trading::DeskAction::kDryRun: return SignalAction::kNoAction;
  }
  return SignalAction::kNoAction;
}

Decimal BacktestEngine::held(const std::string& symbol) const {
  const auto it = symbol_index_.find(symbol);
  return it == symbol_index_.end() ? kZero : symbols_[it->second].quantity;
}

bool BacktestEngine::has_working_order(const std::string& symbol) const {
  const auto it = symbol_index_.find(symbol);
  return it != symbol_index_.end() && broker_.has_pending(it->second);
}

void BacktestEngine::open_positions(std::map<std::string, trading::RiskPosition>& out) const {
  for (const auto& st : symbols_) {
    if (st.quantity.is_zero()) continue;
    const auto pos = ledger_.position(st.name);
    out[st.name] = trading::RiskPosition{st.quantity, pos ? pos->avg_cost : st.mark, std::nullopt, st.mark};
  }
}

void BacktestEngine::settle() {
  bool filled = false;
  broker_.drain([&](const BrokerReport& report) {
    if (const auto* update = std::get_if<trading::BrokerOrderUpdate>(&report)) {
      (void)oms_->on_status(*update);
      return;
    }
    const auto& fill = std::get<trading::Fill>(report);
    const auto outcome = oms_->on_fill(fill);
    if (outcome.kind != trading::FillOutcome::Kind::Applied) return;
    auto delta = ledger_.apply(fill);
    if (!delta) std::abort();  // exec ids are unique per run: a refusal is a broken invariant
    on_fill(symbol_index_.at(fill.symbol), fill, *delta);
    filled = true;
  });
  if (filled) oms_->forget_final_orders();
}

void BacktestEngine::on_fill(std::size_t s, const trading::Fill& fill, const trading::LedgerDelta& delta) {
  SymbolState& st = symbols_[s];
  const Decimal before = st.quantity;
  const Decimal after = delta.position_after.quantity;
  const trading::Order* order = oms_->find(fill.order_ref);
  const OrderPurpose purpose = order != nullptr ? order->intent.purpose : OrderPurpose::Entry;

  st.quantity = after;
  st.whole_shares = after.trunc() == after;
  st.shares = after.raw() / Decimal::kScale;
  cash_ = delta.cash_after;
  if (!st.pays_notional) {
    st.basis = Decimal{};
    for (const auto& lot : ledger_.lots(st.name)) st.basis += lot.price * lot.quantity;
  }
  const Decimal value = value_at(st, st.mark);
  positions_value_ += value - st.value;
  st.value = value;
  if (before.is_zero() && !after.is_zero()) ++open_positions_;
  if (!before.is_zero() && after.is_zero()) --open_positions_;
  result_.commissions += fill.commission;
  ++result_.fill_count;

  // The protective stop follows the position; the last trade times feed the cooldown rule.
  kernel_->on_fill(s, trading::BookedFill{fill, before, after, delta.realized});

  // Round trips.
  auto open_trade = [&](Decimal quantity) {
    st.trade = OpenTrade{};
    st.trade_open = true;
    st.trade.is_long = fill.side == Side::Buy;
    st.trade.entry_time = fill.time;
    st.trade.quantity = quantity;
    st.trade.entry_notional = fill.price * quantity;
    st.trade.entry_shares = quantity;
    st.trade.entry_bar = st.bar_count;
  };
  if (!st.trade_open) {
    if (!after.is_zero()) {
      open_trade(fill.quantity);
      st.trade.commissions = fill.commission;
      st.trade.pnl = delta.realized;
    }
  } else {
    const bool adds = st.trade.is_long == (fill.side == Side::Buy);
    st.trade.commissions += fill.commission;
    st.trade.pnl += delta.realized;
    if (purpose == OrderPurpose::Stop) st.trade.stopped = true;
    if (adds) {
      st.trade.entry_notional += fill.price * fill.quantity;
      st.trade.entry_shares += fill.quantity;
      st.trade.quantity = std::max(st.trade.quantity, after.abs());
    } else {
      const Decimal closed = std::min(fill.quantity, before.abs());
      st.trade.exit_notional += fill.price * closed;
      st.trade.exit_shares += closed;
      const bool flipped = !after.is_zero() && (before > kZero) != (after > kZero);
      if (after.is_zero() || flipped) {
        const OpenTrade& t = st.trade;
        result_.trades.push_back(TradeRecord{s, t.is_long, t.entry_time, fill.time, t.quantity,
                                             t.entry_notional / t.entry_shares, t.exit_notional / t.exit_shares,
                                             t.commissions, t.pnl, st.bar_count - t.entry_bar, t.stopped,
                                             st.multiplier});
        st.trade_open = false;
        if (flipped) open_trade(after.abs());
      }
    }
  }

  if (config_.keep_records) {
    result_.fills.push_back(FillRecord{fill.time, s, fill.side, purpose, fill.quantity, fill.price, fill.commission,
                                       fill.order_ref, st.order_bar_end});
  }
}

BacktestResult BacktestEngine::finish() {
  // Orders still waiting when the data ends never traded.
  for (const auto& order : oms_->open_orders()) {
    if (oms_->cancel(order.ref())) ++result_.unfilled_at_end;
  }
  settle();
  if (have_group_) flush_sample();
  for (const auto& st : symbols_) {
    if (ledger_.position(st.name)) ledger_.mark(st.name, st.mark);
  }
  if (ledger_.equity() != equity()) std::abort();  // two views of one account disagree: a bug
  for (std::size_t s = 0; s < symbols_.size(); ++s) {
    const SymbolState& st = symbols_[s];
    if (!st.trade_open) continue;
    const OpenTrade& t = st.trade;
    const Decimal entry_price = t.entry_notional / t.entry_shares;
    const Decimal unrealized = (st.mark - entry_price) * st.quantity * st.multiplier;
    result_.open_trades.push_back(TradeRecord{s, t.is_long, t.entry_time, group_end_, st.quantity.abs(), entry_price,
                                              st.mark, t.commissions, t.pnl + unrealized,
                                              st.bar_count - t.entry_bar, false, st.multiplier});
  }
  kernel_->stop();
  result_.strategy_failures = kernel_->failures();
  result_.final_equity = equity();
  result_.final_cash = cash_;
  result_.periods_per_year = infer_periods_per_year(result_.equity);
  return std::move(result_);
}

Result<BacktestResult> run_backtest(std::span<const BarSeries> series, const BacktestConfig& config) {
  std::vector<std::string> names;
  std::size_t total = 0;
  for (const auto& s : series) {
    names.push_back(s.symbol);
    total += s.bars.size();
  }
  BacktestConfig named = config;
  if (!named.naming_date) {
    for (const auto& s : series) {
      if (!s.bars.empty()) {
        named.naming_date = trading::EasternTime::local_date(s.bars.front().start);
        break;
      }
    }
  }
  auto engine = BacktestEngine::create(named, std::move(names));
  if (!engine) return std::unexpected(engine.error());
  auto& e = **engine;
  if (config.sampling == EquitySampling::kBar) e.reserve_equity(total + 2);
  if (series.size() == 1) {
    for (const auto& bar : series[0].bars) {
      if (auto st = e.on_bar(0, bar); !st) return std::unexpected(st.error());
    }
  } else {
    std::vector<std::size_t> cursor(series.size(), 0);
    while (true) {
      std::size_t best = series.size();
      for (std::size_t i = 0; i < series.size(); ++i) {
        if (cursor[i] >= series[i].bars.size()) continue;
        if (best == series.size() || series[i].bars[cursor[i]].start < series[best].bars[cursor[best]].start) best = i;
      }
      if (best == series.size()) break;
      if (auto st = e.on_bar(best, series[best].bars[cursor[best]++]); !st) return std::unexpected(st.error());
    }
  }
  return e.finish();
}

}  // namespace rt::backtest
