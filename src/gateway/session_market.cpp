#include "gateway/session_market.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "gateway/gateway_context.hpp"
#include "gateway/listed_contracts.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;
namespace tick = tws::tick;
namespace mdt = tws::market_data_type;

constexpr const char* kHmds = "Historical Market Data Service error message:";
constexpr int kBidAskAutoExecute = 1;

// Live tick ids and their delayed twins (TWS_PROTOCOL.md section 4.8).
struct TickIds {
  int bid, ask, last, bid_size, ask_size, last_size, high, low, volume, close, open, last_timestamp;
};
constexpr TickIds kLive{tick::kBid, tick::kAsk, tick::kLast, tick::kBidSize, tick::kAskSize, tick::kLastSize,
                        tick::kHigh, tick::kLow, tick::kVolume, tick::kClose, tick::kOpen, tick::kLastTimestamp};
constexpr TickIds kDelayed{66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 88};
constexpr auto kDelay = minutes(15);

Timestamp ceil5(Timestamp t) {
  const auto s = ceil<seconds>(t);
  const auto e = s.time_since_epoch().count();
  return Timestamp{seconds((e + 4) / 5 * 5)};
}

Timestamp floor5(Timestamp t) {
  const auto e = floor<seconds>(t).time_since_epoch().count();
  return Timestamp{seconds(e / 5 * 5)};
}

// Generic tick ids a reqMktData genericTickList names ("233,236").
bool names_generic_tick(std::string_view list, std::string_view id) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto piece = list.substr(0, comma);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
    if (piece == id) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// RT_VOLUME (233): "last;lastSize;tradeTimeMs;totalVolume;vwap;singleTradeFlag". The session's
// volume-weighted price is not tracked tick by tick; the midpoint of its range stands in.
std::string rt_volume_text(const Quote& q) {
  const auto ms = duration_cast<milliseconds>(q.last_trade_time.time_since_epoch()).count();
  const auto vwap = (q.high + q.low) / Decimal::from_int(2);
  return q.last.to_string() + ";" + q.last_size.to_string() + ";" + std::to_string(ms) + ";" + q.volume.to_string() +
         ";" + vwap.to_string() + ";true";
}

std::string contract_text(const tws::Contract& c) {
  return c.symbol + "|" + std::to_string(c.con_id) + "|" + c.sec_type + "|" + c.exchange + "|" + c.primary_exchange +
         "|" + c.currency;
}

}  // namespace

SessionMarket::SessionMarket(GatewayContext& context)
    : ctx_(context), opened_(context.wall_clock.now()), pacer_(context.config.market.historical_pacing) {}

Timestamp SessionMarket::now() const { return ctx_.clock.now(); }

void SessionMarket::error(MarketOutput& out, int id, int code, std::string text) {
  tws::ErrorMessage e;
  e.id = id;
  e.code = code;
  e.message = std::move(text);
  out.messages.emplace_back(std::move(e));
}

std::optional<StockContract> SessionMarket::resolve_for(const tws::Contract& contract, int req_id,
                                                        MarketOutput& out) {
  auto resolved = ctx_.market.resolve(contract);
  if (resolved) return std::move(*resolved);
  ++ctx_.limits.unknown_contracts;
  error(out, req_id, kErrNoSecDefinition, resolved.error().message);
  return std::nullopt;
}

bool SessionMarket::duplicate(bool in_use, int req_id, MarketOutput& out) {
  if (in_use) error(out, req_id, 322, "Error processing request.-'bW' : cause - Duplicate ticker id");
  return in_use;
}

std::optional<std::chrono::milliseconds> SessionMarket::slow_delay(const std::string& symbol) const {
  const auto& slow = ctx_.config.fault_plan.slow_historical;
  if (!slow) return std::nullopt;
  if (!slow->symbol.empty() && ContractDirectory::canonical_symbol(slow->symbol) != symbol) return std::nullopt;
  return slow->delay;
}

bool SessionMarket::lines_full() const {
  const auto max = ctx_.config.market.max_lines;
  return max != 0 && lines_in_use() >= max;
}

// --- contract details ---

void SessionMarket::on_contract_details(const tws::ReqContractData& m, MarketOutput& out) {
  if (is_listed_kind(m.contract)) {  // futures months and currency pairs
    auto listed = listed_contracts(m.contract, trading::EasternTime::local_date(ctx_.clock.now()));
    if (!listed) {
      ++ctx_.limits.unknown_contracts;
      error(out, m.req_id, kErrNoSecDefinition, listed.error().message);
      return;
    }
    for (auto& d : *listed) {
      d.req_id = m.req_id;
      out.messages.emplace_back(std::move(d));
    }
    out.messages.emplace_back(tws::ContractDataEnd{m.req_id});
    return;
  }
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  out.messages.emplace_back(ctx_.market.details(*contract, m.req_id));
  out.messages.emplace_back(tws::ContractDataEnd{m.req_id});
}

void SessionMarket::on_market_data_type(const tws::ReqMarketDataType& m) {
  if (m.market_data_type >= mdt::kLive && m.market_data_type <= mdt::kDelayedFrozen) requested_type_ = m.market_data_type;
}

// --- streaming quotes ---

void SessionMarket::send_ticks(int req_id, TickStream& s, const Quote& q, MarketOutput& out) const {
  const TickIds& id = s.delayed ? kDelayed : kLive;
  const auto* prev = s.sent ? &*s.sent : nullptr;
  const auto price = [&](int type, Decimal value, Decimal size, int attr) {
    tws::TickPrice p;
    p.req_id = req_id;
    p.tick_type = type;
    p.price = value;
    p.size = size;
    p.attr_mask = attr;
    out.messages.emplace_back(p);
  };
  const auto size = [&](int type, Decimal value) { out.messages.emplace_back(tws::TickSize{req_id, type, value}); };
  if (!prev || prev->bid != q.bid || prev->bid_size != q.bid_size) {
    price(id.bid, q.bid, q.bid_size, kBidAskAutoExecute);
    size(id.bid_size, q.bid_size);  // stoqey never derives the bid size from the price tick
  }
  if (!prev || prev->ask != q.ask || prev->ask_size != q.ask_size) {
    price(id.ask, q.ask, q.ask_size, kBidAskAutoExecute);
    size(id.ask_size, q.ask_size);
  }
  if (!prev || prev->last != q.last || prev->last_trade_time != q.last_trade_time) {
    price(id.last, q.last, q.last_size, 0);
    size(id.last_size, q.last_size);
    out.messages.emplace_back(tws::TickString{req_id, id.last_timestamp, std::to_string(epoch_seconds(q.last_trade_time))});
    if (s.rt_volume) out.messages.emplace_back(tws::TickString{req_id, tick::kRtVolume, rt_volume_text(q)});
  }
  if (!prev || prev->volume != q.volume) size(id.volume, q.volume);
  if (!prev || prev->high != q.high) price(id.high, q.high, Decimal{}, 0);
  if (!prev || prev->low != q.low) price(id.low, q.low, Decimal{}, 0);
  if (!prev || prev->prev_close != q.prev_close) price(id.close, q.prev_close, Decimal{}, 0);
  if (!prev || prev->open != q.open) price(id.open, q.open, Decimal{}, 0);
}

void SessionMarket::on_mkt_data(const tws::ReqMktData& m, MarketOutput& out) {
  if (duplicate(ticks_.contains(m.req_id), m.req_id, out)) return;
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  const bool wants_delayed = requested_type_ == mdt::kDelayed || requested_type_ == mdt::kDelayedFrozen;
  const bool delayed = ctx_.market.delayed_only(contract->symbol);
  if (delayed && !wants_delayed) {
    ++ctx_.limits.not_subscribed;
    error(out, m.req_id, kErrNotSubscribed,
          "Requested market data is not subscribed.Delayed market data is available." + contract->symbol + " " +
              contract->primary_exchange + "/TOP/ALL");
    return;
  }
  if (!m.snapshot && ctx_.config.market.max_lines != 0 && lines_full()) {
    ++ctx_.limits.market_data_lines;
    error(out, m.req_id, kErrMaxTickers,
          "Max number of tickers has been reached (" + std::to_string(ctx_.config.market.max_lines) + ")");
    return;
  }
  auto& model = ctx_.market.model(*contract);
  const auto t = now();
  const bool open = model.is_open(t);
  int served = delayed ? mdt::kDelayed : mdt::kLive;
  if (!open && (requested_type_ == mdt::kFrozen || requested_type_ == mdt::kDelayedFrozen)) {
    served = delayed ? mdt::kDelayedFrozen : mdt::kFrozen;
  }
  if (delayed) {
    ++ctx_.limits.delayed_served;
    error(out, m.req_id, kNoticeDelayedData, "Requested market data is not subscribed. Displaying delayed market data.");
  }
  out.messages.emplace_back(tws::MarketDataType{m.req_id, served});
  tws::TickReqParams params;
  params.req_id = m.req_id;
  params.min_tick = MarketModel::min_tick();
  params.bbo_exchange = "9c0001";
  params.snapshot_permissions = 3;
  out.messages.emplace_back(params);
  TickStream s;
  s.model = &model;
  s.delayed = delayed;
  s.rt_volume = names_generic_tick(m.generic_tick_list, "233");
  // Shortable (236): every synthetic stock is easy to borrow.
  if (names_generic_tick(m.generic_tick_list, "236")) {
    out.messages.emplace_back(tws::TickGeneric{m.req_id, tick::kShortable, 3.0});
  }
  const auto q = model.quote_at(delayed ? t - kDelay : t);
  if (q.valid) send_ticks(m.req_id, s, q, out);
  if (m.snapshot || m.regulatory_snapshot) {
    out.messages.emplace_back(tws::TickSnapshotEnd{m.req_id});
    return;
  }
  s.sent = q;
  s.next = next_tick_time(model, t);
  ticks_.emplace(m.req_id, std::move(s));
}

Timestamp SessionMarket::next_tick_time(MarketModel& model, Timestamp after) const {
  const Timestamp next = floor<seconds>(after) + kTickInterval;
  if (model.is_open(next)) return next;
  // Closed: wake at the next open (delayed streams then show the close for 15 more minutes,
  // which changes nothing).
  if (auto open = model.next_open(next)) return std::max(next, *open);
  return next + hours(24);
}

void SessionMarket::on_cancel_mkt_data(const tws::CancelMktData& m, MarketOutput& out) {
  if (ticks_.erase(m.req_id) == 0) {
    error(out, m.req_id, kErrTickerNotFound, "Can't find EId with tickerId:" + std::to_string(m.req_id));
  }
}

// --- historical bars ---

void SessionMarket::on_historical(const tws::ReqHistoricalData& m, MarketOutput& out) {
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  if (duplicate(updates_.contains(m.req_id), m.req_id, out)) return;
  auto& model = ctx_.market.model(*contract);
  const auto t = now();
  auto query = make_query(m, t, model);
  if (!query) {
    ++ctx_.limits.invalid_historical;
    error(out, m.req_id, query.error().code, query.error().message);
    return;
  }
  const std::string identity = contract_text(m.contract) + "|" + m.end_date_time + "|" + m.bar_size + "|" +
                               m.duration + "|" + std::to_string(m.use_rth) + "|" + m.what_to_show + "|" +
                               std::to_string(m.format_date) + "|" + std::to_string(m.keep_up_to_date);
  const std::string contract_key = contract->symbol + "|" + m.contract.exchange + "|" + m.what_to_show;
  const int weight = m.what_to_show == "BID_ASK" ? 2 : 1;
  switch (pacer_.admit(t, identity, contract_key, query->small_bars, weight, updates_.size())) {
    case PacingVerdict::kAllowed: break;
    case PacingVerdict::kTooManyOpen:
      ++ctx_.limits.historical_open;
      error(out, m.req_id, kErrHistorical,
            std::string(kHmds) + "Max number of open historical data requests (" +
                std::to_string(kMaxOpenHistorical) + ") exceeded. API historical data query cancelled: " +
                std::to_string(m.req_id));
      return;
    case PacingVerdict::kIdentical:
    case PacingVerdict::kSameContract:
    case PacingVerdict::kTooMany:
      ++ctx_.limits.historical_pacing;
      error(out, m.req_id, kErrHistorical, std::string(kHmds) + "Historical data request pacing violation");
      return;
  }
  auto result = build_bars(*query, model);
  MarketOutput::Delayed reply;
  auto& target = slow_delay(contract->symbol) ? reply.messages : out.messages;
  if (result.bars.empty() && !m.keep_up_to_date) {
    tws::ErrorMessage e;
    e.id = m.req_id;
    e.code = kErrHistorical;
    e.message = std::string(kHmds) + "HMDS query returned no data: " + contract->symbol + "@SMART " + m.what_to_show;
    target.emplace_back(std::move(e));
  } else {
    tws::HistoricalData data;
    data.req_id = m.req_id;
    data.start_date = result.start_text;
    data.end_date = result.end_text;
    data.bars = std::move(result.bars);
    target.emplace_back(std::move(data));
    // From SV 196 the dates travel in HISTORICAL_DATA_END; the codec leaves them out of the bars.
    if (server_version_ >= 196) {
      target.emplace_back(tws::HistoricalDataEnd{m.req_id, result.start_text, result.end_text});
    }
  }
  if (auto delay = slow_delay(contract->symbol)) {
    reply.delay = *delay;
    out.delayed.push_back(std::move(reply));
  }
  if (m.keep_up_to_date) {
    UpdateStream u;
    u.model = &model;
    u.query = *query;
    u.next = t + kUpdateInterval;
    updates_.emplace(m.req_id, std::move(u));
  }
}

void SessionMarket::on_cancel_historical(const tws::CancelHistoricalData& m, MarketOutput& out) {
  if (updates_.erase(m.req_id) == 0) {
    error(out, m.req_id, kErrNoHistoricalQuery, "No historical data query found for ticker id:" + std::to_string(m.req_id));
    return;
  }
  error(out, m.req_id, kErrHistorical, std::string(kHmds) + "API historical data query cancelled: " + std::to_string(m.req_id));
}

// --- real-time bars ---

void SessionMarket::on_real_time_bars(const tws::ReqRealTimeBars& m, MarketOutput& out) {
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  if (duplicate(bars_.contains(m.req_id), m.req_id, out)) return;
  auto kind = parse_price_kind(m.what_to_show);
  if (!kind || m.bar_size != 5) {
    error(out, m.req_id, 420,
          "Invalid Real-time Query: " + (kind ? "bar size " + std::to_string(m.bar_size) + " (only 5 is supported)"
                                              : kind.error().message));
    return;
  }
  if (ctx_.market.delayed_only(contract->symbol)) {
    ++ctx_.limits.not_subscribed;
    error(out, m.req_id, kErrNotSubscribed,
          "Requested market data is not subscribed.Delayed market data is available." + contract->symbol + " " +
              contract->primary_exchange + "/TOP/ALL");
    return;
  }
  if (lines_full()) {
    ++ctx_.limits.market_data_lines;
    error(out, m.req_id, kErrMaxTickers,
          "Max number of tickers has been reached (" + std::to_string(ctx_.config.market.max_lines) + ")");
    return;
  }
  BarStream b;
  b.model = &ctx_.market.model(*contract);
  b.kind = *kind;
  b.next_start = ceil5(now());
  bars_.emplace(m.req_id, b);
}

void SessionMarket::on_cancel_real_time_bars(const tws::CancelRealTimeBars& m) { bars_.erase(m.req_id); }

// --- streams ---

bool SessionMarket::muted(const std::string& symbol) const {
  const auto& mute = ctx_.config.fault_plan.mute_symbol;
  if (!mute || mute->symbol != symbol) return false;
  const FaultSeconds since = ctx_.wall_clock.now() - opened_;
  return since >= mute->after && since < mute->after + mute->duration;
}

void SessionMarket::poll(MarketOutput& out) {
  const auto t = now();
  for (auto& [id, s] : ticks_) {
    if (t < s.next) continue;
    if (muted(s.model->symbol())) {
      s.next = next_tick_time(*s.model, t);
      continue;
    }
    const auto q = s.model->quote_at(s.delayed ? t - kDelay : t);
    if (q.valid) send_ticks(id, s, q, out);
    s.sent = q;
    s.next = next_tick_time(*s.model, t);
  }
  poll_depth(t, out);
  for (auto& [id, b] : bars_) {
    const auto complete = floor5(t);  // bars starting before this have ended
    if (b.next_start + kRealTimeBar > t) continue;
    if (muted(b.model->symbol())) {
      b.next_start = complete;  // the bars of the silence are never sent
      continue;
    }
    // After a long gap (a closed market) only the bars of the last session stretch are sent.
    auto from = b.next_start;
    if (complete - from > hours(1)) from = complete - hours(1);
    for (const auto& bar : b.model->base_bars(from, complete, b.kind)) {
      tws::RealTimeBar r;
      r.req_id = id;
      r.time = epoch_seconds(bar.start);
      r.open = bar.open;
      r.high = bar.high;
      r.low = bar.low;
      r.close = bar.close;
      r.volume = bar.volume;
      r.wap = bar.wap;
      r.count = bar.count;
      out.messages.emplace_back(r);
    }
    b.next_start = complete;
    if (!b.model->is_open(t)) {
      // Closed: the next bar is the first one of the next session.
      if (auto open = b.model->next_open(t)) b.next_start = std::max(complete, ceil5(*open));
    }
  }
  for (auto& [id, u] : updates_) {
    if (t < u.next) continue;
    u.next = t + kUpdateInterval;
    if (!u.model->is_open(t)) {
      if (auto open = u.model->next_open(t)) u.next = std::max(u.next, *open + kUpdateInterval);
      continue;
    }
    const auto bucket = bucket_of(u.query.bar, t, *u.model);
    const auto send_update = [&, req_id = id](Timestamp from, Timestamp to) {
      auto bar = u.model->aggregate(from, to, u.query.kind);
      if (!bar) return;
      tws::HistoricalDataUpdate update;
      update.req_id = req_id;
      const auto session = u.model->session(trading::EasternTime::local_date(from));
      update.bar = to_wire(*bar, u.query.bar, u.query.format_date, session ? std::max(from, session->open) : from);
      out.messages.emplace_back(std::move(update));
    };
    if (u.bucket && *u.bucket != bucket.first) {
      // The previous bar completed since the last update: its final state first.
      send_update(*u.bucket, bucket_of(u.query.bar, *u.bucket, *u.model).second);
    }
    u.bucket = bucket.first;
    send_update(bucket.first, floor5(t));
  }
}

std::optional<Timestamp> SessionMarket::next_due() const {
  std::optional<Timestamp> due;
  const auto take = [&](Timestamp t) {
    if (!due || t < *due) due = t;
  };
  for (const auto& [id, s] : ticks_) take(s.next);
  for (const auto& [id, b] : bars_) take(b.next_start + kRealTimeBar);
  for (const auto& [id, u] : updates_) take(u.next);
  for (const auto& [id, d] : depth_) take(d.next);
  for (const auto& [id, k] : tick_by_tick_) take(k.next);
  return due;
}

}  // namespace rt::gateway
