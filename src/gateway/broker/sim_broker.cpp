#include "gateway/broker/sim_broker.hpp"

#include <algorithm>
#include <cstdio>

#include "gateway/account_report.hpp"
#include "gateway/broker/execution_time.hpp"

namespace rt::gateway {
namespace {

constexpr Duration kMatchStep = std::chrono::seconds(1);
constexpr Duration kMaxCatchUp = std::chrono::hours(24);
const char* const kRejectPrefix = "Order rejected - reason:";

OrderRejection reject(std::int64_t id, int code, std::string message, std::string json = {}) {
  return OrderRejection{id, code, std::move(message), std::move(json)};
}

std::string venue(const tws::Contract& c) {
  if (c.primary_exchange == "NYSE") return "NYSE";
  if (c.primary_exchange == "ARCA") return "ARCA";
  return "ISLAND";
}

// permIds from the seed (microseconds): below 2^53, so JavaScript clients read them exactly.
std::int64_t perm_id_base(std::uint64_t seed) {
  constexpr std::uint64_t kJsSafe = (std::uint64_t{1} << 53) - 1;
  return static_cast<std::int64_t>(std::max<std::uint64_t>(seed % kJsSafe, 1));
}

}  // namespace

SimBroker::SimBroker(const BrokerConfig& config, const Clock& clock, std::vector<Account>& accounts,
                     const QuoteSource& quotes)
    : config_(config),
      clock_(clock),
      accounts_(accounts),
      quotes_(&quotes),
      engine_(config),
      next_perm_id_(perm_id_base(config.id_seed)),
      next_exec_(config.id_seed) {}

std::uint64_t SimBroker::subscribe(Listener listener) {
  const auto token = next_token_++;
  listeners_.emplace(token, std::move(listener));
  return token;
}

void SimBroker::unsubscribe(std::uint64_t token) { listeners_.erase(token); }

void SimBroker::emit(BrokerEvent event) {
  std::vector<std::uint64_t> tokens;
  tokens.reserve(listeners_.size());
  for (const auto& [token, l] : listeners_) tokens.push_back(token);
  for (auto token : tokens) {
    if (muted_ && *muted_ == token) continue;
    auto it = listeners_.find(token);
    if (it == listeners_.end()) continue;
    Listener copy = it->second;  // the listener may unsubscribe itself
    copy(event);
  }
}

void SimBroker::emit_status(const SimOrder& o, bool open_order) {
  BrokerEvent e;
  e.kind = BrokerEventKind::kOrderStatus;
  e.order = &o;
  e.open_order = open_order;
  emit(std::move(e));
}

void SimBroker::emit_notice(const SimOrder& o, int code, std::string message) {
  BrokerEvent e;
  e.kind = BrokerEventKind::kOrderNotice;
  e.order = &o;
  e.code = code;
  e.message = std::move(message);
  emit(std::move(e));
}

bool SimBroker::fire(const std::optional<OrderFaults::Flag>& fault, bool& spent) {
  if (!fault) return false;
  if (fault->once) {
    if (spent) return false;
    spent = true;
  }
  return true;
}

SimOrder* SimBroker::find_mutable(int client_id, std::int64_t order_id) {
  auto it = index_.find({client_id, order_id});
  return it == index_.end() ? nullptr : &orders_[it->second];
}

const SimOrder* SimBroker::find(int client_id, std::int64_t order_id) const {
  auto it = index_.find({client_id, order_id});
  return it == index_.end() ? nullptr : &orders_[it->second];
}

Account* SimBroker::account_for(std::string_view code) {
  for (auto& a : accounts_) {
    if (a.code() == code) return &a;
  }
  return nullptr;
}

std::int64_t SimBroker::next_valid_id(int client_id, std::int64_t floor) const {
  auto it = max_used_id_.find(client_id);
  return it == max_used_id_.end() ? floor : std::max(floor, it->second + 1);
}

bool SimBroker::drop_before_ack_armed() const {
  const auto& f = config_.faults.drop_before_ack;
  return f && !(f->once && drop_before_ack_spent_);
}

bool SimBroker::take_drop_before_ack() { return fire(config_.faults.drop_before_ack, drop_before_ack_spent_); }

bool SimBroker::take_drop_before_commission() {
  return fire(config_.faults.drop_before_commission, drop_before_commission_spent_);
}

std::optional<OrderRejection> SimBroker::place(int client_id, const tws::PlaceOrder& request,
                                               std::optional<std::uint64_t> mute_token) {
  const auto id = request.order_id;
  if (id <= 0) return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + "the order id must be positive");
  if (SimOrder* existing = find_mutable(client_id, id)) {
    if (existing->working) return modify(*existing, request);
    return reject(id, kErrDuplicateOrderId, "Duplicate order id");
  }
  auto used = max_used_id_.find(client_id);
  if (used != max_used_id_.end() && id <= used->second) return reject(id, kErrDuplicateOrderId, "Duplicate order id");
  max_used_id_[client_id] = id;

  const auto& req = request.order;
  if (req.total_quantity.is_zero()) return reject(id, kErrOrderSizeZero, "The order size cannot be zero");
  if (req.total_quantity.is_negative() || req.total_quantity.trunc() != req.total_quantity) {
    return reject(id, kErrOrderRejected,
                  std::string(kRejectPrefix) + "the quantity " + req.total_quantity.to_string() +
                      " is not a positive whole number of shares");
  }
  if (req.action != "BUY" && req.action != "SELL" && req.action != "SSHORT") {
    return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + "the action '" + req.action + "' is not BUY or SELL");
  }
  if (config_.faults.reject_orders) {
    const int code = *config_.faults.reject_orders;
    return reject(id, code,
                  code == kErrOrderRejected
                      ? std::string(kRejectPrefix) + "rejected by the gateway's reject-orders fault"
                      : "Order rejected by the gateway's reject-orders fault (code " + std::to_string(code) + ")");
  }
  Account* account = nullptr;
  tws::Contract contract;
  if (auto r = validate_new(request, req, account, contract)) return r;

  SimOrder o;
  o.order_id = id;
  o.client_id = client_id;
  o.perm_id = next_perm_id_++;
  o.account = account->code();
  o.contract = contract;
  o.order = req;
  o.order.account = o.account;
  o.order.client_id = client_id;
  o.order.perm_id = o.perm_id;
  if (o.order.action == "SSHORT") o.order.action = "SELL";
  if (o.order.tif.empty()) o.order.tif = "DAY";
  o.status = o.is_stop_type() ? kStatusPreSubmitted : kStatusSubmitted;
  o.remaining = req.total_quantity;
  o.placed_at = now();
  if (o.order.tif == "DAY") o.expires_at = next_session_close(o.placed_at);
  if (config_.partial_fills && req.total_quantity >= Decimal::from_int(2)) {
    const auto whole = req.total_quantity.raw() / Decimal::kScale;
    // 2-4 chunks by order count (not permId, which depends on the run's seed).
    const auto n = static_cast<std::int64_t>(orders_.size()) + 1;
    o.chunks = static_cast<int>(std::min<std::int64_t>(2 + n % 3, whole));
  }
  if (auto r = link_to_parent(o)) return r;
  o.transmitted = req.transmit;
  index_[{client_id, id}] = orders_.size();
  orders_.push_back(std::move(o));
  SimOrder& placed = orders_.back();
  // A staged order waits, unseen, for the order that transmits its bracket (TWS: transmit = false).
  if (!placed.transmitted) return std::nullopt;

  muted_ = mute_token;
  if (placed.order.outside_rth && placed.order.order_type == "MKT") {
    emit_notice(placed, kWarnOutsideRthIgnored,
                "Order Event Warning:Attribute 'Outside Regular Trading Hours' is ignored based on the order type "
                "and destination. PlaceOrder is now being processed.");
  }
  if (const SimPosition* p = account->find(placed.contract.symbol)) {
    const bool opposite = p->quantity.is_negative() == placed.is_buy();
    if (opposite && placed.order.total_quantity > p->quantity.abs()) {
      emit_notice(placed, kWarnCrossSide,
                  "Order Event Warning: Cross Side Warning: this order reverses the " + placed.contract.symbol +
                      " position from " + (placed.is_buy() ? "short to long" : "long to short") + ".");
    }
  }
  if (placed.order.order_type == "TRAIL" && placed.active) {
    if (auto q = quotes_->quote(placed.contract.symbol, now())) engine_.arm_trail(placed, *q);
  }
  transmit_bracket(placed);
  emit_status(placed, true);
  match(placed, true);
  // The order that transmitted a bracket lets its parent trade now.
  if (placed.order.parent_id != 0) {
    if (SimOrder* parent = find_mutable(client_id, placed.order.parent_id)) match(*parent, true);
  }
  muted_.reset();
  return std::nullopt;
}

std::optional<OrderRejection> SimBroker::validate_new(const tws::PlaceOrder& request, const tws::Order& order,
                                                      Account*& account, tws::Contract& contract,
                                                      bool check_power) const {
  const auto id = request.order_id;
  auto resolved = quotes_->resolve(request.contract, now());
  if (!resolved) return reject(id, kErrNoSecurityDefinition, "No security definition has been found for the request");
  contract = *resolved;
  // Futures and pairs have contracts and markets here, but the account books stocks only (no
  // multiplier, no variation margin): refused rather than filled as a stock.
  if (contract.sec_type != "STK") {
    return reject(
        id, kErrOrderRejected,
        std::string(kRejectPrefix) + "the emulator takes orders for stocks only, not " + contract.sec_type);
  }
  if (order.account.empty()) {
    if (accounts_.empty()) return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + "no account is managed");
    account = &accounts_.front();
  } else {
    account = nullptr;
    for (auto& a : accounts_) {
      if (a.code() == order.account) account = &a;
    }
    if (account == nullptr) {
      return reject(id, kErrOrderRejected,
                    std::string(kRejectPrefix) + "the account '" + order.account + "' is not managed by this gateway");
    }
  }
  if (!account->code().starts_with("D")) {
    return reject(id, kErrOrderRejected,
                  std::string(kRejectPrefix) + "the account '" + account->code() +
                      "' is not a paper trading account (DU...); this gateway trades paper accounts only");
  }
  if (auto why = engine_.unsupported(order)) return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + *why);
  if (!order.tif.empty() && order.tif != "DAY" && order.tif != "GTC") {
    return reject(id, kErrOrderRejected,
                  std::string(kRejectPrefix) + "the time in force '" + order.tif + "' is not supported (DAY, GTC)");
  }
  if (!check_power) return std::nullopt;
  auto r = check_buying_power(*account, contract, order, order.total_quantity);
  if (r) r->order_id = id;
  return r;
}

// The price an order is judged at before it trades: its limit (or stop), else the side of the
// market it would take, else the last trade.
std::optional<Decimal> SimBroker::fill_price(const tws::Contract& contract, const tws::Order& order) const {
  std::optional<Decimal> price;
  if (order.order_type == "LMT" || order.order_type == "STP LMT") price = order.lmt_price;
  if (order.order_type == "STP") price = order.aux_price;
  if (!price) {
    if (auto q = quotes_->quote(contract.symbol, now())) {
      price = order.action == "BUY" ? q->ask : q->bid;
      if (*price <= Decimal{}) price = q->last;
    }
  }
  if (!price || *price <= Decimal{}) return std::nullopt;
  return price;
}

std::optional<OrderRejection> SimBroker::check_buying_power(const Account& account, const tws::Contract& contract,
                                                            const tws::Order& order, Decimal quantity) const {
  const bool buy = order.action == "BUY";
  Decimal position;
  if (const SimPosition* p = account.find(contract.symbol)) position = p->quantity;
  Decimal opening = quantity;
  if (!position.is_zero() && position.is_negative() == buy) opening = std::max(Decimal{}, quantity - position.abs());
  if (opening.is_zero()) return std::nullopt;
  const auto price = fill_price(contract, order);
  if (!price) return std::nullopt;
  const Decimal value = opening * *price;
  const Decimal power = account.metrics().buying_power;
  if (value <= power) return std::nullopt;
  const auto p = money_text(power);
  const auto v = money_text(value);
  return reject(0, kErrOrderRejected,
                std::string(kRejectPrefix) + "YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR "
                                             "BUYING POWER OF " + p + " USD MUST EXCEED THE ORDER VALUE OF " + v + " USD",
                "{\"rejectReason\":\"INSUFFICIENT_BUYING_POWER\",\"buyingPower\":\"" + p + "\",\"orderValue\":\"" + v +
                    "\"}");
}

std::optional<OrderRejection> SimBroker::modify(SimOrder& o, const tws::PlaceOrder& request) {
  const auto id = request.order_id;
  const auto& req = request.order;
  if (req.total_quantity.is_zero()) return reject(id, kErrOrderSizeZero, "The order size cannot be zero");
  if (req.total_quantity <= o.filled || req.total_quantity.trunc() != req.total_quantity) {
    return reject(id, kErrOrderRejected,
                  std::string(kRejectPrefix) + "the new quantity " + req.total_quantity.to_string() +
                      " must be a whole number above the filled " + o.filled.to_string());
  }
  if (req.order_type != o.order.order_type || (req.action == "BUY") != o.is_buy()) {
    return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + "the order type and side cannot be modified");
  }
  if (auto why = engine_.unsupported(req)) return reject(id, kErrOrderRejected, std::string(kRejectPrefix) + *why);
  o.order.total_quantity = req.total_quantity;
  o.order.lmt_price = req.lmt_price;
  o.order.aux_price = req.aux_price;
  o.order.trailing_percent = req.trailing_percent;
  o.order.trail_stop_price = req.trail_stop_price;
  o.order.outside_rth = req.outside_rth;
  if (!req.tif.empty() && req.tif != o.order.tif) {
    o.order.tif = req.tif;
    o.expires_at = o.order.tif == "DAY" ? std::optional<Timestamp>(next_session_close(now())) : std::nullopt;
  }
  o.remaining = o.order.total_quantity - o.filled;
  o.rested = false;
  if (o.order.order_type == "TRAIL" && !o.triggered) o.trail_stop.reset();
  if (!o.transmitted) return std::nullopt;  // still staged: nothing to report or match
  emit_status(o, true);
  match(o, true);
  return std::nullopt;
}

std::optional<OrderRejection> SimBroker::cancel(int client_id, std::int64_t order_id) {
  SimOrder* o = find_mutable(client_id, order_id);
  if (o == nullptr) {
    return reject(order_id, kErrCancelNotFound,
                  "OrderId " + std::to_string(order_id) + " that needs to be cancelled is not found.");
  }
  if (!o->working) {
    return reject(order_id, kErrCancelNotCancellable,
                  "OrderId " + std::to_string(order_id) + " that needs to be cancelled cannot be cancelled, state: " +
                      o->status + ".");
  }
  do_cancel(*o, fire(config_.faults.fill_after_cancel, fill_after_cancel_spent_));
  return std::nullopt;
}

void SimBroker::cancel_all() {
  for (auto& o : orders_) {
    if (o.working) do_cancel(o, fire(config_.faults.fill_after_cancel, fill_after_cancel_spent_));
  }
}

void SimBroker::do_cancel(SimOrder& o, bool fill_after) {
  // A parent cancelled unfilled takes its children with it; one cancelled part-filled leaves
  // them guarding the shares it bought.
  if (o.filled.is_zero()) {
    cancel_children(o);
  } else {
    release_children(o);
  }
  o.status = kStatusPendingCancel;
  emit_status(o, false);
  emit_notice(o, kErrOrderCanceled, "Order Canceled - reason:");
  o.status = kStatusCancelled;
  o.working = false;
  o.completed_at = now();
  emit_status(o, false);
  if (!fill_after) return;
  auto q = quotes_->quote(o.contract.symbol, now());
  if (!q) return;
  auto price = engine_.market_price(o.is_buy(), *q);
  if (!price) price = q->last;
  if (*price <= Decimal{} || o.remaining <= Decimal{}) return;
  // The fill that was on its way while the cancel was confirmed: reported, never lost.
  execute(o, o.remaining, *price, 2, false);
  o.status = kStatusCancelled;
}

void SimBroker::on_market() {
  const auto until = clock_.now();
  const bool any_working = std::any_of(orders_.begin(), orders_.end(), [](const SimOrder& o) { return o.working; });
  // Walk the quotes since the last pass one simulated second at a time (the market's resolution),
  // so a price that crossed an order between two passes is not missed at high clock speeds.
  Timestamp t = matched_until_.value_or(until);
  if (!any_working || !matched_until_ || t >= until || until - t > kMaxCatchUp) t = until - kMatchStep;
  while (t < until) {
    t = std::min<Timestamp>(t + kMatchStep, until);
    pass_at_ = t;
    match_all(t);
  }
  pass_at_.reset();
  matched_until_ = until;
  const std::string day = eastern_time_text(until).substr(0, 8);
  bool moved = false;
  for (auto& a : accounts_) {
    a.start_day(day);  // before the marks move: the day starts from the last close's
    std::vector<std::string> symbols;
    for (const auto& p : a.positions()) symbols.push_back(p.contract.symbol);
    for (const auto& sym : symbols) {
      auto q = quotes_->quote(sym, until);
      if (!q || q->last <= Decimal{} || a.find(sym)->mark_price == q->last) continue;
      (void)a.set_mark(sym, q->last);
      moved = true;
    }
  }
  if (!moved) return;
  BrokerEvent marks;
  marks.kind = BrokerEventKind::kMarks;
  emit(std::move(marks));
}

void SimBroker::match_all(Timestamp at) {
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    SimOrder& o = orders_[i];
    if (!o.working || !o.transmitted) continue;
    if (o.expires_at && at >= *o.expires_at) {
      o.status = kStatusCancelled;
      o.working = false;
      o.completed_at = at;
      emit_status(o, false);
      continue;
    }
    if (o.active) match(o, false);
  }
}

void SimBroker::match(SimOrder& o, bool on_arrival) {
  if (!o.working || !o.transmitted || !o.active) return;
  auto q = quotes_->quote(o.contract.symbol, now());
  if (!q || !q->open) return;
  const auto r = engine_.evaluate(o, *q, on_arrival);
  if (r.triggered_now && o.status == kStatusPreSubmitted) {
    o.status = kStatusSubmitted;
    emit_status(o, false);
  }
  if (!r.price) return;
  execute(o, chunk_size(o), *r.price, r.last_liquidity, true);
}

Decimal SimBroker::chunk_size(const SimOrder& o) const {
  if (o.chunks <= 1 || o.fills >= o.chunks - 1) return o.remaining;
  const Decimal size = std::max(Decimal::from_int(1), (o.order.total_quantity / Decimal::from_int(o.chunks)).trunc());
  return std::min(size, o.remaining);
}

std::string SimBroker::next_exec_id() {
  // IB's layout: two 8-digit hex words, then ".01.01"; here the words are one 64-bit counter that
  // starts at the seed, so runs seeded later never reach an earlier run's ids.
  const std::uint64_t n = ++next_exec_;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08x.%08x.01.01", static_cast<unsigned>(n >> 32),
                static_cast<unsigned>(n & 0xFFFFFFFFU));
  return buf;
}

Decimal& SimBroker::month_volume(const std::string& account) {
  const std::string month = eastern_time_text(now()).substr(0, 6);  // "yyyyMM"
  auto& [current, shares] = month_volume_[account];
  if (current != month) {
    current = month;
    shares = Decimal{};
  }
  return shares;
}

void SimBroker::execute(SimOrder& o, Decimal shares, Decimal price, int last_liquidity, bool report_status) {
  Account* account = account_for(o.account);
  const Decimal filled = o.filled + shares;
  const Decimal value = o.fill_value + shares * price;
  Decimal& volume = month_volume(o.account);
  if (!o.tier_volume) o.tier_volume = volume;
  volume += shares;
  Decimal commission = config_.commission.order_commission(filled, value, *o.tier_volume) - o.commission_charged;
  if (commission.is_negative()) commission = Decimal{};
  const auto realized = account->apply_fill(o.contract, o.is_buy() ? shares : -shares, price, commission);

  o.filled = filled;
  o.remaining = o.order.total_quantity - filled;
  o.fill_value = value;
  o.avg_fill_price = value / filled;
  o.last_fill_price = price;
  o.commission_charged += commission;
  ++o.fills;

  SimExecution e;
  e.exec_id = next_exec_id();
  e.order_id = o.order_id;
  e.client_id = o.client_id;
  e.perm_id = o.perm_id;
  e.account = o.account;
  e.exchange = venue(o.contract);
  e.contract = o.contract;
  e.contract.exchange = e.exchange;
  e.contract.primary_exchange.clear();
  e.side = o.is_buy() ? "BOT" : "SLD";
  e.shares = shares;
  e.price = price;
  e.cum_qty = filled;
  e.avg_price = o.avg_fill_price;
  e.order_ref = o.order.order_ref;
  e.time = now();
  e.last_liquidity = last_liquidity;
  e.commission = commission;
  e.realized_pnl = realized;
  executions_.push_back(std::move(e));

  const bool without_status = fire(config_.faults.fills_without_status, fills_without_status_spent_);
  BrokerEvent ev;
  ev.kind = BrokerEventKind::kExecution;
  ev.order = &o;
  ev.execution = &executions_.back();
  ev.repeat_execution = fire(config_.faults.duplicate_exec, duplicate_exec_spent_);
  emit(std::move(ev));
  if (o.remaining <= Decimal{}) {
    o.working = false;
    o.status = kStatusFilled;
    o.completed_at = now();
  }
  if (report_status && !without_status) emit_status(o, !o.working);
  on_filled_shares(o, shares);
  BrokerEvent pf;
  pf.kind = BrokerEventKind::kPortfolio;
  pf.account = o.account;
  pf.symbol = o.contract.symbol;
  emit(std::move(pf));
}

std::vector<const SimExecution*> SimBroker::executions(const tws::ExecutionFilter& f) const {
  std::optional<Timestamp> since;
  if (!f.time.empty()) since = parse_filter_time(f.time);
  std::vector<const SimExecution*> out;
  for (const auto& e : executions_) {
    if (f.client_id != 0 && e.client_id != f.client_id) continue;
    if (!f.account.empty() && e.account != f.account) continue;
    if (since && e.time < *since) continue;
    if (!f.symbol.empty() && e.contract.symbol != f.symbol) continue;
    if (!f.sec_type.empty() && e.contract.sec_type != f.sec_type) continue;
    if (!f.exchange.empty() && f.exchange != "SMART" && f.exchange != e.exchange) continue;
    if (!f.side.empty()) {
      const bool buy = e.side == "BOT";
      if ((f.side == "BUY" || f.side == "BOT") != buy) continue;
    }
    out.push_back(&e);
  }
  return out;
}

tws::OpenOrder SimBroker::open_order_message(const SimOrder& o) {
  tws::OpenOrder m;
  m.order_id = o.order_id;
  m.contract = o.contract;
  m.order = o.order;
  if (o.trail_stop) m.order.trail_stop_price = o.trail_stop;
  m.state.status = o.status;
  if (o.fills > 0) {
    m.state.commission = o.commission_charged;
    m.state.commission_currency = "USD";
  }
  return m;
}

tws::CompletedOrder SimBroker::completed_order_message(const SimOrder& o) {
  tws::CompletedOrder m;
  m.contract = o.contract;
  m.contract.primary_exchange.clear();
  m.order = o.order;
  if (o.trail_stop) m.order.trail_stop_price = o.trail_stop;
  m.order.client_id = 0;  // not on this layout
  m.order.parent_id = 0;
  m.status = o.status;
  m.filled_quantity = o.filled;
  m.completed_time = eastern_time_text(o.completed_at.value_or(o.placed_at));
  m.completed_status = o.status == kStatusFilled ? "Filled Size: " + o.filled.to_string() : "Cancelled by Trader";
  return m;
}

tws::OrderStatus SimBroker::order_status_message(const SimOrder& o) {
  tws::OrderStatus m;
  m.order_id = o.order_id;
  m.status = o.status;
  m.filled = o.filled;
  m.remaining = o.working ? o.remaining : (o.status == kStatusFilled ? Decimal{} : o.remaining);
  m.avg_fill_price = o.avg_fill_price;
  m.perm_id = o.perm_id;
  m.parent_id = o.order.parent_id;
  m.last_fill_price = o.last_fill_price;
  m.client_id = o.client_id;
  return m;
}

tws::ExecutionData SimBroker::execution_message(const SimExecution& e, int req_id) {
  tws::ExecutionData m;
  m.req_id = req_id;
  m.order_id = e.order_id;
  m.contract = e.contract;
  m.exec_id = e.exec_id;
  m.time = eastern_time_text(e.time);
  m.account = e.account;
  m.exchange = e.exchange;
  m.side = e.side;
  m.shares = e.shares;
  m.price = e.price;
  m.perm_id = e.perm_id;
  m.client_id = e.client_id;
  m.cum_qty = e.cum_qty;
  m.avg_price = e.avg_price;
  m.order_ref = e.order_ref;
  m.last_liquidity = e.last_liquidity;
  return m;
}

tws::CommissionReport SimBroker::commission_message(const SimExecution& e) {
  tws::CommissionReport m;
  m.exec_id = e.exec_id;
  m.commission = e.commission;
  m.currency = "USD";
  m.realized_pnl = e.realized_pnl;
  return m;
}

}  // namespace rt::gateway
