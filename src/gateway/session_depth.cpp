// SessionMarket, the book half: reqMktDepth (a book of levels around the synthetic quote, as L1
// MARKET_DEPTH rows or, for smart depth, L2 rows naming the quoting exchange), reqTickByTickData
// (Last, AllLast, BidAsk and MidPoint ticks as the quote changes) and reqHeadTimestamp.
#include <algorithm>
#include <array>
#include <cstdio>

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
  if (depth_.contains(m.req_id)) {
    error(out, m.req_id, 322, "Error processing request.-'bW' : cause - Duplicate ticker id");
    return;
  }
  if (m.num_rows <= 0 || m.num_rows > kMaxDepthRows) {
    error(out, m.req_id, 321,
          "Error validating request.-'bX' : cause - numRows must be 1.." + std::to_string(kMaxDepthRows) + ", got " +
              std::to_string(m.num_rows));
    return;
  }
  auto contract = ctx_.market.resolve(m.contract);
  if (!contract) {
    ++ctx_.limits.unknown_contracts;
    error(out, m.req_id, kErrNoSecDefinition, contract.error().message);
    return;
  }
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
  if (tick_by_tick_.contains(m.req_id)) {
    error(out, m.req_id, 322, "Error processing request.-'bW' : cause - Duplicate ticker id");
    return;
  }
  const int type = tws::tick_by_tick_type(m.tick_type);
  if (type == 0) {
    error(out, m.req_id, 321,
          "Error validating request.-'bZ' : cause - tickType '" + m.tick_type +
              "' is not one of Last, AllLast, BidAsk, MidPoint");
    return;
  }
  auto contract = ctx_.market.resolve(m.contract);
  if (!contract) {
    ++ctx_.limits.unknown_contracts;
    error(out, m.req_id, kErrNoSecDefinition, contract.error().message);
    return;
  }
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

void SessionMarket::on_head_timestamp(const tws::ReqHeadTimestamp& m, MarketOutput& out) {
  auto contract = ctx_.market.resolve(m.contract);
  if (!contract) {
    ++ctx_.limits.unknown_contracts;
    error(out, m.req_id, kErrNoSecDefinition, contract.error().message);
    return;
  }
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
