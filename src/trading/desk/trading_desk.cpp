#include "trading/desk/trading_desk.hpp"

#include <algorithm>
#include <utility>

#include "trading/market/eastern_time.hpp"

namespace rt::trading {

namespace {
const Decimal kZero;
const Decimal kHundred = Decimal::from_int(100);
}  // namespace

const char* to_string(DeskAction action) noexcept {
  switch (action) {
    case DeskAction::kSubmitted: return "submitted";
    case DeskAction::kRiskDenied: return "risk_denied";
    case DeskAction::kOmsDenied: return "oms_denied";
    case DeskAction::kSizedToZero: return "sized_to_zero";
    case DeskAction::kNoAction: return "no_action";
    case DeskAction::kDryRun: return "dry_run";
  }
  return "?";
}

Result<std::unique_ptr<TradingDesk>> TradingDesk::create(RiskLimits limits, DeskConfig config, const Clock& clock,
                                                         Oms& oms, Journal& journal, DeskAccount& account) {
  auto risk = RiskEngine::create(limits);
  if (!risk) return std::unexpected(risk.error());
  if (config.trailing_stop_pct && (*config.trailing_stop_pct <= kZero || *config.trailing_stop_pct >= kHundred)) {
    return fail(ErrorCode::kInvalidArgument,
                "trailing stop must be in (0, 100) percent, got " + config.trailing_stop_pct->to_string());
  }
  const auto& sz = config.sizing;
  if ((sz.method == SizingMethod::kFraction && sz.fraction_pct <= kZero) ||
      (sz.method == SizingMethod::kAtr && (sz.risk_pct <= kZero || sz.atr_multiple <= kZero)) ||
      (sz.method == SizingMethod::kShares && sz.shares <= kZero) ||
      (sz.method == SizingMethod::kHalfKelly && (sz.kelly_cap_pct <= kZero || sz.fraction_pct <= kZero))) {
    return fail(ErrorCode::kInvalidArgument, "sizing parameters must be positive");
  }
  return std::unique_ptr<TradingDesk>(
      new TradingDesk(std::move(*risk), limits, std::move(config), clock, oms, journal, account));
}

TradingDesk::TradingDesk(RiskEngine risk, RiskLimits limits, DeskConfig config, const Clock& clock, Oms& oms,
                         Journal& journal, DeskAccount& account)
    : risk_(std::move(risk)),
      sizer_(limits),
      config_(std::move(config)),
      clock_(clock),
      oms_(oms),
      journal_(journal),
      account_(account),
      stops_(config_.trailing_stop_pct.value_or(StopBook::kDefaultTrailPct)),
      daily_(limits.daily_loss_limit_pct) {}

Status TradingDesk::restore(const std::vector<StopState>& stops, const KillSwitchState& kill_switch,
                            const std::optional<DailyPnlState>& daily) {
  auto book = StopBook::restore(stops, stops_.default_trail_pct());
  if (!book) return std::unexpected(book.error());
  auto ks = KillSwitch::restore(kill_switch);
  if (!ks) return std::unexpected(ks.error());
  if (daily) {
    auto d = DailyPnlTracker::restore(*daily, risk_.limits().daily_loss_limit_pct);
    if (!d) return std::unexpected(d.error());
    daily_ = std::move(*d);
  }
  stops_ = std::move(*book);
  kill_switch_ = std::move(*ks);
  return {};
}

const Instrument* TradingDesk::instrument(const std::string& symbol) const {
  const auto it = instruments_.find(symbol);
  return it == instruments_.end() ? nullptr : &it->second;
}

Decimal TradingDesk::multiplier(const std::string& symbol) const {
  const Instrument* inst = instrument(symbol);
  return inst == nullptr ? Decimal::from_int(1) : inst->multiplier;
}

Decimal TradingDesk::size_entry(Decimal unit, std::optional<Decimal> atr_unit) const {
  const auto& c = config_.sizing;
  const Decimal equity = account_.equity();
  switch (c.method) {
    case SizingMethod::kFraction: return sizer_.fixed_fraction(equity, unit, c.fraction_pct);
    case SizingMethod::kAtr:
      if (!atr_unit || *atr_unit <= kZero) return kZero;
      return sizer_.atr(equity, unit, *atr_unit, c.atr_multiple, c.risk_pct);
    case SizingMethod::kShares: return c.shares.trunc();
    case SizingMethod::kHalfKelly: {
      if (wins_ + losses_ < c.kelly_min_trades || wins_ == 0 || losses_ == 0) {
        return sizer_.fixed_fraction(equity, unit, c.fraction_pct);
      }
      const Decimal w = Decimal::from_int(wins_) / Decimal::from_int(wins_ + losses_);
      const Decimal avg_win = win_sum_ / Decimal::from_int(wins_);
      const Decimal avg_loss = loss_sum_ / Decimal::from_int(losses_);
      if (avg_loss <= kZero) return sizer_.fixed_fraction(equity, unit, c.fraction_pct);
      return sizer_.half_kelly(equity, unit, w, avg_win / avg_loss, c.kelly_cap_pct);
    }
  }
  return kZero;
}

Decimal TradingDesk::clip_requested(Decimal requested, Decimal unit) const {
  if (unit <= kZero || requested <= kZero) return requested;
  const auto& l = risk_.limits();
  // The largest position max_position_pct allows, and the largest single order: whole shares when
  // the request is in whole shares.
  Decimal cap = std::min(account_.equity() * l.max_position_pct / kHundred, l.max_order_notional) / unit;
  if (requested.trunc() == requested) cap = cap.trunc();
  return std::min(requested, cap);
}

DeskOutcome TradingDesk::preview(const std::string& symbol, const Signal& signal, const PriceView& price,
                                 std::optional<double> atr) {
  const bool dry = config_.dry_run;
  config_.dry_run = true;
  auto out = on_signal(symbol, signal, price, atr);
  config_.dry_run = dry;
  return out;
}

DeskOutcome TradingDesk::on_signal(const std::string& symbol, const Signal& signal, const PriceView& price,
                                   std::optional<double> atr) {
  DeskOutcome out;
  if (signal.is_hold()) return out;
  const Decimal held = account_.held(symbol);
  OrderIntent in;
  in.symbol = symbol;
  in.type = OrderType::Market;
  in.reference_price = price.price;
  if (account_.has_working_order(symbol)) {
    out.detail = "an order for " + symbol + " is still working";
    return out;
  }
  // An exit is the whole position, or the shares asked for when fewer.
  auto exit_of = [&](Decimal position) {
    const Decimal all = position.abs();
    return signal.asks_quantity() && signal.quantity < all ? signal.quantity : all;
  };
  const char* no_adding = signal.asks_quantity() ? ": adding to a position is not supported (one entry, then exits)" : "";
  if (signal.side == SignalSide::kBuy) {
    if (held < kZero) {
      in.side = Side::Buy, in.quantity = exit_of(held), in.purpose = OrderPurpose::Exit;
    } else if (held.is_zero()) {
      in.side = Side::Buy, in.purpose = OrderPurpose::Entry;
    } else {
      out.detail = std::string("already long") + no_adding;
      return out;
    }
  } else {
    if (held > kZero) {
      in.side = Side::Sell, in.quantity = exit_of(held), in.purpose = OrderPurpose::Exit;
    } else if (held.is_zero() && config_.allow_short) {
      in.side = Side::Sell, in.purpose = OrderPurpose::Entry;
    } else {
      out.detail = std::string(held.is_zero() ? "flat and shorts are off" : "already short") + no_adding;
      return out;
    }
  }
  if (in.purpose == OrderPurpose::Entry) {
    const Decimal m = multiplier(symbol);
    std::optional<Decimal> atr_unit;
    if (atr && *atr > 0.0) atr_unit = Decimal::from_double(*atr) * m;
    in.quantity = signal.asks_quantity() ? clip_requested(signal.quantity, price.price * m)
                                         : size_entry(price.price * m, atr_unit);
    if (const Instrument* inst = instrument(symbol)) in.quantity = inst->round_quantity(in.quantity);
    if (in.quantity <= kZero) {
      out.action = DeskAction::kSizedToZero;
      out.detail = signal.asks_quantity() ? "the position and order limits leave 0 of the " + signal.quantity.to_string() +
                                         " shares asked for"
                                   : "sizer gave 0 shares";
      return out;
    }
  }
  return send(std::move(in), price);
}

std::optional<DeskOutcome> TradingDesk::on_price(const std::string& symbol, const PriceView& price) {
  if (stops_.find(symbol) == nullptr || halts_.contains(symbol)) return std::nullopt;
  const auto before = stops_.find(symbol) ? *stops_.find(symbol) : StopState{};
  auto exit = stops_.on_price(symbol, price.price, price.time, price.quality);
  const StopState* after = stops_.find(symbol);
  if (listener_ && after && !(*after == before)) listener_->on_stop_changed(symbol, after);
  if (!exit) return std::nullopt;
  // Held at the broker only: the broker's own stop exits; the book just follows its level.
  if (broker_protects() && config_.protection == Protection::kBroker) return std::nullopt;
  return send(std::move(*exit), price);
}

RiskContext TradingDesk::context(const OrderIntent& intent, const PriceView& price) const {
  RiskContext c;
  c.now = clock_.now();
  c.equity = account_.equity();
  c.cash = account_.cash();
  c.day_start_equity = daily_.started() ? daily_.day_start_equity() : c.equity;
  account_.open_positions(c.positions);
  for (auto& [symbol, pos] : c.positions) {
    pos.stop = stops_.level(symbol);
    pos.multiplier = multiplier(symbol);
  }
  c.multiplier = multiplier(intent.symbol);
  c.last_trades = last_trades_;
  c.notional_today = notional_today_;
  Quote q;
  q.last = price.price;
  q.time = price.time;
  c.quote = q;
  c.quote_quarantined = price.quality == PriceQuality::Quarantined;
  c.kill_switch = kill_switch_.state();
  if (config_.trailing_stop_pct && intent.purpose == OrderPurpose::Entry) {
    const Decimal distance = price.price * *config_.trailing_stop_pct / kHundred;
    c.entry_stop = intent.side == Side::Buy ? price.price - distance : price.price + distance;
  }
  return c;
}

DeskOutcome TradingDesk::deny(OrderIntent intent, std::string rule, std::string detail, Timestamp now) {
  ++denials_;
  DeskOutcome out;
  out.action = DeskAction::kRiskDenied;
  out.rule = std::move(rule);
  out.detail = std::move(detail);
  (void)journal_.record_denial(RiskDenial{now, intent.order_ref, intent.symbol, DenialRule::RiskLimit, out.detail});
  out.intent = std::move(intent);
  return out;
}

DeskOutcome TradingDesk::oms_denied(const Error& error) {
  DeskOutcome out;
  out.action = DeskAction::kOmsDenied;
  out.rule = error.message.substr(0, error.message.find(':'));
  out.detail = error.message;
  return out;
}

DeskOutcome TradingDesk::send(OrderIntent intent, const PriceView& price) {
  DeskOutcome out;
  const Timestamp now = clock_.now();
  if (auto h = halts_.find(intent.symbol); h != halts_.end()) {
    return deny(std::move(intent), "symbol_halted", "symbol_halted: " + h->second, now);
  }
  if (auto g = entry_gates_.find(intent.symbol); g != entry_gates_.end() && intent.purpose == OrderPurpose::Entry) {
    return deny(std::move(intent), "stale_data", g->second, now);
  }
  if (intent.purpose == OrderPurpose::Entry && config_.restart_window &&
      config_.restart_window->contains(EasternTime::local_time_of_day(now))) {
    return deny(std::move(intent), "restart_window", "restart_window: no entry is sent into the broker's daily restart",
                now);
  }
  const auto decision = risk_.check(intent, context(intent, price));
  if (!decision) {
    std::string rule(to_string(*decision.rule));
    std::string detail = rule + ": " + decision.reason;
    if (decision.trip_kill_switch) (void)trip_kill_switch(*decision.trip_kill_switch, decision.reason, now);
    return deny(std::move(intent), std::move(rule), std::move(detail), now);
  }
  const bool entry = intent.purpose == OrderPurpose::Entry;
  const Decimal notional = intent.quantity * price.price * multiplier(intent.symbol);
  if (!config_.ref_prefix.empty()) {
    // Short refs stay inside std::string's small buffer: no allocation per copy of the ref.
    intent.order_ref = config_.ref_prefix + std::to_string(++next_ref_);
  }
  if (config_.dry_run) {
    out.action = DeskAction::kDryRun;
    out.detail = "dry run: " + std::string(to_string(intent.side)) + " " + intent.quantity.to_string() + " " +
                 intent.symbol + " (" + std::string(to_string(intent.purpose)) + ")";
    out.intent = std::move(intent);
    return out;
  }
  // An exit joins the OCA group of the position's protective order at the broker: its fill reduces
  // that order by the shares sold, so the two together never sell more than is held.
  if (!entry) {
    if (const Order* guard = protection_of(intent.symbol)) intent.oca_group = guard->intent.oca_group;
  }
  out.intent = intent;
  if (entry && broker_protects()) {
    std::vector<OrderIntent> children{
        protective_order(intent.symbol, intent.side, intent.quantity, intent.reference_price)};
    if (config_.take_profit_pct && intent.reference_price) {
      // The stop and the take-profit share one OCA group: whichever fills reduces the other.
      OrderIntent tp = children.front();
      tp.type = OrderType::Limit;
      tp.trail_percent.reset();
      const Decimal distance = *intent.reference_price * *config_.take_profit_pct / kHundred;
      tp.limit_price = (intent.side == Side::Buy ? *intent.reference_price + distance
                                                 : *intent.reference_price - distance).round_to(Decimal::from_raw(1'000'000));
      children.push_back(std::move(tp));
    }
    auto legs = oms_.submit_bracket(std::move(intent), std::move(children));
    if (!legs) return oms_denied(legs.error());
    notional_today_ += notional;
    out.action = DeskAction::kSubmitted;
    out.detail = legs->front().ref();
    out.intent->order_ref = legs->front().ref();
    return out;
  }
  auto order = oms_.submit(std::move(intent));
  if (!order) return oms_denied(order.error());
  if (entry) notional_today_ += notional;
  out.action = DeskAction::kSubmitted;
  out.detail = order->ref();
  out.intent->order_ref = order->ref();
  return out;
}

void TradingDesk::on_position(const std::string& symbol, Decimal before, Decimal after, Decimal price, Timestamp time,
                              Side side, Decimal realized) {
  auto& lt = last_trades_[symbol];
  if (side == Side::Buy) {
    lt.buy = time;
  } else {
    lt.sell = time;
  }
  const bool closes = !before.is_zero() && (after.is_zero() || (before > kZero) != (after > kZero) ||
                                             after.abs() < before.abs());
  if (closes && !realized.is_zero()) {
    if (realized > kZero) {
      ++wins_, win_sum_ += realized;
    } else {
      ++losses_, loss_sum_ += realized.abs();
    }
  }
  if (!config_.trailing_stop_pct) return;
  if (after.is_zero()) {
    if (stops_.remove(symbol) && listener_) listener_->on_stop_changed(symbol, nullptr);
    return;
  }
  if (before.is_zero() || (before > kZero) != (after > kZero)) {
    (void)stops_.set_trailing(symbol, after > kZero ? PositionSide::Long : PositionSide::Short, after.abs(), price,
                              time, config_.trailing_stop_pct);
  } else if (stops_.find(symbol) != nullptr) {
    (void)stops_.set_quantity(symbol, after.abs());
  } else {
    // A position without a stop (restored or adopted): protect it from here.
    (void)stops_.set_trailing(symbol, after > kZero ? PositionSide::Long : PositionSide::Short, after.abs(), price,
                              time, config_.trailing_stop_pct);
  }
  if (listener_) listener_->on_stop_changed(symbol, stops_.find(symbol));
}

bool TradingDesk::mark(Timestamp t, const PnlMark& mark) {
  const bool new_day = daily_.on_mark(t, mark);
  if (new_day) start_day();
  return new_day;
}

bool TradingDesk::apply_loss_limit(Timestamp now) {
  if (!daily_.loss_limit_reached()) return false;
  return trip_kill_switch(KillSwitchKind::Loss, daily_.describe(), now);
}

bool TradingDesk::trip_kill_switch(KillSwitchKind kind, std::string reason, Timestamp now) {
  const bool changed = kill_switch_.trip(kind, std::move(reason), now);
  if (changed && listener_) listener_->on_kill_switch(kill_switch_.state());
  return changed;
}

bool TradingDesk::connection_healthy(Timestamp now) {
  const bool cleared = kill_switch_.on_connection_healthy(now);
  if (cleared && listener_) listener_->on_kill_switch(kill_switch_.state());
  return cleared;
}

Status TradingDesk::reset_kill_switch(std::string who, std::string why, Timestamp now) {
  auto st = kill_switch_.reset(std::move(who), std::move(why), now);
  if (st && listener_) listener_->on_kill_switch(kill_switch_.state());
  return st;
}

Status TradingDesk::adopt_kill_switch(const KillSwitchState& state) {
  auto restored = KillSwitch::restore(state);
  if (!restored) return std::unexpected(restored.error());
  kill_switch_ = std::move(*restored);
  return {};
}

OrderIntent TradingDesk::protective_order(const std::string& symbol, Side position_side, Decimal quantity,
                                          std::optional<Decimal> reference) const {
  OrderIntent p;
  p.symbol = symbol;
  p.side = opposite(position_side);
  p.quantity = quantity;
  p.type = OrderType::TrailingStop;
  p.trail_percent = config_.trailing_stop_pct;
  p.tif = TimeInForce::Gtc;  // a position held overnight stays protected
  p.purpose = OrderPurpose::Protect;
  p.reference_price = reference;
  return p;
}

const Order* TradingDesk::protection_of(const std::string& symbol) const {
  for (const auto* o : oms_.open_protection()) {
    if (o->intent.symbol == symbol) return o;
  }
  return nullptr;
}

std::vector<std::string> TradingDesk::keep_protection() {
  std::vector<std::string> done;
  if (!broker_protects()) return done;
  std::map<std::string, RiskPosition> held;
  account_.open_positions(held);
  std::map<std::string, std::vector<const Order*>> guards;
  std::set<std::string> busy;  // a working entry or exit: the position is about to change
  for (const auto* o : oms_.open_protection()) guards[o->intent.symbol].push_back(o);
  for (const auto& o : oms_.open_orders()) {
    if (o.intent.purpose != OrderPurpose::Protect) busy.insert(o.intent.symbol);
  }
  std::set<std::string> pending;
  auto once_seen = [&](const std::string& symbol) {
    pending.insert(symbol);
    return protection_pending_.contains(symbol);
  };
  std::set<std::string> symbols;
  for (const auto& [s, p] : held) symbols.insert(s);
  for (const auto& [s, g] : guards) symbols.insert(s);
  for (const auto& symbol : symbols) {
    if (halts_.contains(symbol) || busy.contains(symbol)) continue;
    const auto h = held.find(symbol);
    const Decimal qty = h == held.end() ? kZero : h->second.quantity;
    const Side guard_side = qty > kZero ? Side::Sell : Side::Buy;
    std::vector<const Order*> right;
    for (const auto* o : guards[symbol]) {
      if (!qty.is_zero() && o->intent.side == guard_side) {
        if (is_stop_type(o->intent.type)) right.push_back(o);
      } else if (once_seen(symbol) && oms_.modifiable(o->ref()) && !cancels_sent_.contains(o->ref())) {
        // Flat, or guarding the wrong side: it could only open a position now.
        if (oms_.cancel(o->ref())) {
          cancels_sent_.insert(o->ref());
          done.push_back("cancelled protection " + o->ref() + " of " + symbol + ": nothing to guard");
        }
      }
    }
    if (qty.is_zero()) continue;
    if (right.empty()) {
      if (!once_seen(symbol)) continue;
      const Decimal mark = h->second.price();
      auto order = oms_.submit(protective_order(symbol, qty > kZero ? Side::Buy : Side::Sell, qty.abs(),
                                                mark > kZero ? std::optional<Decimal>(mark) : std::nullopt));
      done.push_back(order ? "protected " + symbol + " at the broker: " + order->ref() + " trails " +
                                 config_.trailing_stop_pct->to_string() + "% for " + qty.abs().to_string()
                           : "could not protect " + symbol + ": " + order.error().message);
      continue;
    }
    const Order* guard = right.front();
    if (guard->remaining() != qty.abs() && once_seen(symbol) && oms_.modifiable(guard->ref())) {
      auto st = oms_.amend(guard->ref(), guard->filled_quantity + qty.abs());
      done.push_back(st ? "resized protection " + guard->ref() + " of " + symbol + " to " + qty.abs().to_string()
                        : "could not resize protection of " + symbol + ": " + st.error().message);
    }
  }
  protection_pending_ = std::move(pending);
  // A cancel asked for is forgotten once its order is no longer open.
  std::erase_if(cancels_sent_, [&](const std::string& ref) {
    const Order* o = oms_.find(ref);
    return o == nullptr || !is_open(o->status);
  });
  return done;
}

void TradingDesk::halt(const std::string& symbol, std::string reason) { halts_[symbol] = std::move(reason); }

bool TradingDesk::release(const std::string& symbol) { return halts_.erase(symbol) > 0; }

}  // namespace rt::trading
