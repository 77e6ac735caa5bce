// SessionMarket, the book and tick half: reqMktDepth (a book of levels around the synthetic quote,
// as L1 MARKET_DEPTH rows or, for smart depth, L2 rows naming the quoting exchange),
// reqTickByTickData (Last, AllLast, BidAsk and MidPoint ticks as the quote changes),
// reqHistoricalTicks (one tick per 5-second base bar), reqHistogramData and reqHeadTimestamp.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include "gateway/gateway_context.hpp"
#include "gateway/session_market.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;

// The exchanges named on L2 rows, best level first.
constexpr std::array<const char*, 5> kDepthExchanges = {"NASDAQ", "ARCA", "BATS", "IEX", "EDGX"};
constexpr int kMaxDepthRows = 50;
// How far back the synthetic market's history reaches (it has no first day of its own).
constexpr auto kSyntheticHistory = years(20);
constexpr int kMaxHistoricalTicks = 1000;          // IB's limit per request
constexpr auto kTickSearchWindow = hours(24 * 4);  // how far from the anchor ticks are looked for

std::string head_timestamp_text(Timestamp t, int format_date) {
  if (format_date == 2) return std::to_string(epoch_seconds(t));
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u-%02ld:%02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

}  // namespace

void SessionMarket::on_mkt_depth(const tws::ReqMktDepth& m, MarketOutput& out) {
  if (duplicate(depth_.contains(m.req_id), m.req_id, out)) return;
  if (m.num_rows <= 0 || m.num_rows > kMaxDepthRows) {
    error(out, m.req_id, 321,
          "Error validating request.-'bX' : cause - numRows must be 1.." + std::to_string(kMaxDepthRows) + ", got " +
              std::to_string(m.num_rows));
    return;
  }
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  if (depth_.size() >= kMaxDepthRequests) {
    error(out, m.req_id, kErrMaxDepthRequests,
          "Max number (" + std::to_string(kMaxDepthRequests) + ") of market depth requests has been reached");
    return;
  }
  DepthStream s;
  s.model = &ctx_.market.model(*contract);
  s.rows = m.num_rows;
  s.smart = m.smart_depth;
  const auto t = now();
  const auto q = s.model->quote_at(t);
  if (q.valid) send_depth(m.req_id, s, q, out);
  s.next = next_tick_time(*s.model, t);
  depth_.emplace(m.req_id, std::move(s));
}

void SessionMarket::on_cancel_mkt_depth(const tws::CancelMktDepth& m, MarketOutput& out) {
  if (depth_.erase(m.req_id) == 0) {
    error(out, m.req_id, kErrTickerNotFound, "Can't find EId with tickerId:" + std::to_string(m.req_id));
  }
}

// Levels step one tick away from the touch; sizes grow with depth, as resting books usually do.
void SessionMarket::send_depth(int req_id, DepthStream& s, const Quote& q, MarketOutput& out) const {
  const auto tick = MarketModel::min_tick();
  const auto level = [&](Decimal touch, Decimal size, int i, bool bid) {
    return DepthRow{bid ? touch - tick * i : touch + tick * i, size + Decimal::from_int(100) * i};
  };
  const auto side = [&](std::vector<DepthRow>& sent, tws::DepthSide which, Decimal touch, Decimal size) {
    for (int i = 0; i < s.rows; ++i) {
      const auto row = level(touch, size, i, which == tws::DepthSide::kBid);
      const bool known = static_cast<std::size_t>(i) < sent.size();
      if (known && sent[static_cast<std::size_t>(i)] == row) continue;
      tws::MarketDepth d;
      d.req_id = req_id;
      d.position = i;
      d.l2 = s.smart;
      if (s.smart) d.market_maker = kDepthExchanges[static_cast<std::size_t>(i) % kDepthExchanges.size()];
      d.smart_depth = s.smart;
      d.operation = known ? tws::DepthOperation::kUpdate : tws::DepthOperation::kInsert;
      d.side = which;
      d.price = row.price;
      d.size = row.size;
      out.messages.emplace_back(std::move(d));
      if (known) {
        sent[static_cast<std::size_t>(i)] = row;
      } else {
        sent.push_back(row);
      }
    }
  };
  side(s.bids, tws::DepthSide::kBid, q.bid, q.bid_size);
  side(s.asks, tws::DepthSide::kAsk, q.ask, q.ask_size);
}

void SessionMarket::on_tick_by_tick(const tws::ReqTickByTick& m, MarketOutput& out) {
  if (duplicate(tick_by_tick_.contains(m.req_id), m.req_id, out)) return;
  const int type = tws::tick_by_tick_type(m.tick_type);
  if (type == 0) {
    error(out, m.req_id, 321,
          "Error validating request.-'bZ' : cause - tickType '" + m.tick_type +
              "' is not one of Last, AllLast, BidAsk, MidPoint");
    return;
  }
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  if (tick_by_tick_.size() >= kMaxTickByTickRequests) {
    error(out, m.req_id, kErrMaxTickByTick, "Max number of tick-by-tick requests has been reached.");
    return;
  }
  TickByTickStream s;
  s.model = &ctx_.market.model(*contract);
  s.type = type;
  s.exchange = contract->primary_exchange;
  const auto t = now();
  const auto q = s.model->quote_at(t);
  if (q.valid) {
    send_tick_by_tick(m.req_id, s, q, out);
    s.sent = q;
  }
  s.next = next_tick_time(*s.model, t);
  tick_by_tick_.emplace(m.req_id, std::move(s));
}

void SessionMarket::on_cancel_tick_by_tick(const tws::CancelTickByTick& m, MarketOutput& out) {
  if (tick_by_tick_.erase(m.req_id) == 0) {
    error(out, m.req_id, kErrTickerNotFound, "Can't find EId with tickerId:" + std::to_string(m.req_id));
  }
}

void SessionMarket::send_tick_by_tick(int req_id, TickByTickStream& s, const Quote& q, MarketOutput& out) const {
  const auto* prev = s.sent ? &*s.sent : nullptr;
  tws::TickByTick k;
  k.req_id = req_id;
  k.tick_type = s.type;
  if (s.type == 1 || s.type == 2) {
    if (prev && prev->last_trade_time == q.last_trade_time && prev->last == q.last) return;
    k.time = epoch_seconds(q.last_trade_time);
    k.price = q.last;
    k.size = q.last_size;
    k.exchange = s.exchange;
  } else if (s.type == 3) {
    if (prev && prev->bid == q.bid && prev->ask == q.ask && prev->bid_size == q.bid_size &&
        prev->ask_size == q.ask_size) {
      return;
    }
    k.time = epoch_seconds(q.time);
    k.bid_price = q.bid;
    k.ask_price = q.ask;
    k.bid_size = q.bid_size;
    k.ask_size = q.ask_size;
  } else {
    const auto mid = (q.bid + q.ask) / Decimal::from_int(2);
    if (prev && (prev->bid + prev->ask) / Decimal::from_int(2) == mid) return;
    k.time = epoch_seconds(q.time);
    k.price = mid;
  }
  out.messages.emplace_back(std::move(k));
}

void SessionMarket::poll_depth(Timestamp t, MarketOutput& out) {
  for (auto& [id, s] : depth_) {
    if (t < s.next) continue;
    if (!muted(s.model->symbol())) {
      if (const auto q = s.model->quote_at(t); q.valid) send_depth(id, s, q, out);
    }
    s.next = next_tick_time(*s.model, t);
  }
  for (auto& [id, s] : tick_by_tick_) {
    if (t < s.next) continue;
    if (!muted(s.model->symbol())) {
      if (const auto q = s.model->quote_at(t); q.valid) {
        send_tick_by_tick(id, s, q, out);
        s.sent = q;
      }
    }
    s.next = next_tick_time(*s.model, t);
  }
}

void SessionMarket::on_historical_ticks(const tws::ReqHistoricalTicks& m, MarketOutput& out) {
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  const auto invalid = [&](const std::string& why) {
    error(out, m.req_id, 321, "Error validating request.-'bH' : cause - " + why);
  };
  if (m.start_date_time.empty() == m.end_date_time.empty()) {
    invalid("exactly one of startDateTime and endDateTime must be set");
    return;
  }
  if (m.number_of_ticks <= 0 || m.number_of_ticks > kMaxHistoricalTicks) {
    invalid("numberOfTicks must be 1.." + std::to_string(kMaxHistoricalTicks));
    return;
  }
  tws::HistoricalTicks reply;
  reply.req_id = m.req_id;
  PriceKind kind = PriceKind::kTrades;
  if (m.what_to_show == "TRADES") {
    reply.kind = tws::HistoricalTickKind::kTrades;
  } else if (m.what_to_show == "MIDPOINT") {
    reply.kind = tws::HistoricalTickKind::kMidpoint;
    kind = PriceKind::kMidpoint;
  } else if (m.what_to_show == "BID_ASK") {
    reply.kind = tws::HistoricalTickKind::kBidAsk;
    kind = PriceKind::kMidpoint;
  } else {
    invalid("whatToShow '" + m.what_to_show + "' is not TRADES, MIDPOINT or BID_ASK");
    return;
  }
  const bool forward = !m.start_date_time.empty();
  const auto anchor = parse_request_time(forward ? m.start_date_time : m.end_date_time);
  if (!anchor) {
    invalid("invalid date/time '" + (forward ? m.start_date_time : m.end_date_time) + "'");
    return;
  }
  auto& model = ctx_.market.model(*contract);
  const Timestamp to = forward ? std::min(*anchor + kTickSearchWindow, now()) : std::min(*anchor, now());
  const Timestamp from = forward ? *anchor : to - kTickSearchWindow;
  auto bars = from < to ? model.base_bars(from, to, kind) : std::vector<MarketBar>{};
  const auto n = std::min<std::size_t>(bars.size(), static_cast<std::size_t>(m.number_of_ticks));
  const auto first = forward ? bars.begin() : bars.end() - static_cast<std::ptrdiff_t>(n);
  const auto half_tick = MarketModel::min_tick() / Decimal::from_int(2);
  for (auto it = first; it != first + static_cast<std::ptrdiff_t>(n); ++it) {
    tws::HistoricalTick t;
    t.time = epoch_seconds(it->start);
    if (reply.kind == tws::HistoricalTickKind::kBidAsk) {
      t.bid_price = it->close - half_tick;
      t.ask_price = it->close + half_tick;
      t.bid_size = t.ask_size = Decimal::from_int(100);
    } else {
      t.price = it->close;
      if (reply.kind == tws::HistoricalTickKind::kTrades) {
        t.size = it->volume;
        t.exchange = contract->primary_exchange;
      }
    }
    reply.ticks.push_back(std::move(t));
  }
  out.messages.emplace_back(std::move(reply));
}

// The volume traded at each price, in cents, over the period ("1 day", "3 days", "1 week").
void SessionMarket::on_histogram(const tws::ReqHistogramData& m, MarketOutput& out) {
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  int count = 0;
  std::string unit;
  {
    const auto space = m.time_period.find(' ');
    const auto number = m.time_period.substr(0, space);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
    if (space != std::string::npos) unit = m.time_period.substr(space + 1);
    if (ec != std::errc{} || end != number.data() + number.size()) count = 0;
  }
  const int days_back = unit.starts_with("day") ? count : unit.starts_with("week") ? count * 7 : 0;
  if (days_back <= 0 || days_back > 365) {
    error(out, m.req_id, 321,
          "Error validating request.-'bI' : cause - timePeriod '" + m.time_period + "' is not 'N days' or 'N weeks'");
    return;
  }
  auto& model = ctx_.market.model(*contract);
  const Timestamp to = now();
  std::map<Decimal, Decimal> volume_at;
  for (const auto& bar : model.base_bars(to - days(days_back), to, PriceKind::kTrades)) volume_at[bar.close] += bar.volume;
  tws::HistogramData reply;
  reply.req_id = m.req_id;
  for (const auto& [price, volume] : volume_at) reply.entries.push_back({price, volume});
  out.messages.emplace_back(std::move(reply));
}

void SessionMarket::on_head_timestamp(const tws::ReqHeadTimestamp& m, MarketOutput& out) {
  auto contract = resolve_for(m.contract, m.req_id, out);
  if (!contract) return;
  if (m.format_date != 1 && m.format_date != 2) {
    error(out, m.req_id, 321,
          "Error validating request.-'bH' : cause - formatDate must be 1 or 2, got " + std::to_string(m.format_date));
    return;
  }
  auto& model = ctx_.market.model(*contract);
  Timestamp from = now() - kSyntheticHistory;
  if (const auto first = model.history_start()) from = Timestamp{std::chrono::sys_days{*first}};
  const auto open = model.next_open(from);
  if (!open) {
    error(out, m.req_id, kErrHistorical, "Historical Market Data Service error message:No head time stamp");
    return;
  }
  // Outside regular hours the first bar is the session's first minute all the same here: the
  // synthetic market trades regular hours only.
  out.messages.emplace_back(tws::HeadTimestamp{m.req_id, head_timestamp_text(*open, m.format_date)});
}

}  // namespace rt::gateway
