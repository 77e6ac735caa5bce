#include "gateway/market_model.hpp"

#include <algorithm>

namespace rt::gateway {
namespace {

using namespace std::chrono;

constexpr std::size_t kCachedDays = 16;
const Decimal kMinTick = Decimal::from_raw(Decimal::kScale / 100);

int day_key(trading::Date date) { return static_cast<int>(sys_days{date}.time_since_epoch().count()); }

// The price shift of a quote-based kind relative to the trade price within base bar `b`.
Decimal shift_of(const BaseBar& b, Decimal tick, PriceKind kind) {
  switch (kind) {
    case PriceKind::kTrades: return Decimal{};
    case PriceKind::kBid: return -(tick * b.bid_offset_ticks);
    case PriceKind::kAsk: return tick * (b.spread_ticks - b.bid_offset_ticks);
    case PriceKind::kMidpoint:
      return Decimal::from_raw(tick.raw() * (b.spread_ticks - 2 * b.bid_offset_ticks) / 2);
  }
  return Decimal{};
}

}  // namespace

// The running aggregation of pieces (whole base bars or single seconds).
struct Accumulator {
  bool any = false;
  Timestamp start;
  Decimal open, high, low, close;
  std::int64_t volume = 0;
  std::int64_t count = 0;
  double wap_sum = 0;

  void add(Timestamp t, Decimal o, Decimal h, Decimal l, Decimal c, std::int64_t v, std::int64_t n) {
    if (!any) {
      any = true;
      start = t;
      open = o;
      high = h;
      low = l;
    }
    high = std::max(high, h);
    low = std::min(low, l);
    close = c;
    volume += v;
    count += n;
    wap_sum += static_cast<double>(v) * (h + l + c).to_double() / 3.0;
  }

  [[nodiscard]] std::optional<MarketBar> bar(PriceKind kind) const {
    if (!any) return std::nullopt;
    MarketBar b;
    b.start = start;
    b.open = open;
    b.high = high;
    b.low = low;
    b.close = close;
    if (kind == PriceKind::kTrades) {
      b.volume = Decimal::from_int(volume);
      b.wap = volume > 0 ? Decimal::from_double(wap_sum / static_cast<double>(volume))
                               .round_to(Decimal::from_raw(Decimal::kScale / 10000))
                         : close;
      b.count = static_cast<std::int32_t>(count);
    } else {
      b.volume = Decimal::from_int(-1);
      b.wap = Decimal::from_int(-1);
      b.count = -1;
    }
    return b;
  }
};

struct MarketModel::Day {
  DaySeries series;
  std::vector<std::int64_t> cum_volume;  // shares before bar i
  std::vector<Decimal> run_high;         // high of bars [0, i)
  std::vector<Decimal> run_low;
};

Result<PriceKind> parse_price_kind(std::string_view what) {
  if (what == "TRADES") return PriceKind::kTrades;
  if (what == "MIDPOINT") return PriceKind::kMidpoint;
  if (what == "BID") return PriceKind::kBid;
  if (what == "ASK") return PriceKind::kAsk;
  return fail(ErrorCode::kInvalidArgument, "whatToShow '" + std::string(what) + "' is not served (TRADES, MIDPOINT, BID, ASK)");
}

MarketModel::MarketModel(std::string symbol, std::unique_ptr<DayGenerator> generator)
    : symbol_(std::move(symbol)), generator_(std::move(generator)) {}

MarketModel::~MarketModel() = default;

Decimal MarketModel::min_tick() { return kMinTick; }

std::optional<trading::Session> MarketModel::session(trading::Date date) const { return generator_->session(date); }

bool MarketModel::is_open(Timestamp t) const {
  auto s = session(trading::EasternTime::local_date(t));
  return s && t >= s->open && t < s->close;
}

std::optional<Timestamp> MarketModel::next_open(Timestamp t) const {
  const sys_days today{trading::EasternTime::local_date(t)};
  for (int i = 0; i < 15; ++i) {
    auto s = session(trading::Date{today + days{i}});
    if (s && s->close > t) return std::max(s->open, t);
  }
  return std::nullopt;
}

std::shared_ptr<const MarketModel::Day> MarketModel::day(trading::Date date) {
  const int key = day_key(date);
  if (auto it = days_.find(key); it != days_.end()) {
    lru_.remove(key);
    lru_.push_front(key);
    return it->second;
  }
  auto series = generator_->generate(date);
  if (!series || series->bars.empty()) return nullptr;
  auto d = std::make_shared<Day>();
  d->series = std::move(*series);
  const auto n = d->series.bars.size();
  d->cum_volume.resize(n + 1, 0);
  d->run_high.resize(n + 1);
  d->run_low.resize(n + 1);
  d->run_high[0] = d->series.bars[0].open;
  d->run_low[0] = d->series.bars[0].open;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& b = d->series.bars[i];
    d->cum_volume[i + 1] = d->cum_volume[i] + b.volume;
    d->run_high[i + 1] = std::max(d->run_high[i], b.high);
    d->run_low[i + 1] = std::min(d->run_low[i], b.low);
  }
  days_.emplace(key, d);
  lru_.push_front(key);
  while (lru_.size() > kCachedDays) {
    days_.erase(lru_.back());
    lru_.pop_back();
  }
  return d;
}

Quote MarketModel::quote_at(Timestamp t) {
  Quote q;
  q.time = t;
  const sys_days today{trading::EasternTime::local_date(t)};
  for (int back = 0; back < 15; ++back) {
    const trading::Date date{today - days{back}};
    auto s = session(date);
    if (!s || s->open > t) continue;
    auto d = day(date);
    if (!d) continue;
    const auto& series = d->series;
    const auto n = series.bars.size();
    const bool open = t < series.session.close;
    std::size_t i = n - 1;
    int k = 5;  // the closing price of the last bar
    if (open) {
      const auto since = duration_cast<seconds>(t - series.session.open).count();
      i = std::min(n - 1, static_cast<std::size_t>(since / 5));
      k = static_cast<int>(since % 5);
    }
    const auto& bar = series.bars[i];
    const auto h = mix64(static_cast<std::uint64_t>(day_key(date)), i, static_cast<std::uint64_t>(k), 0xB1D);
    q.valid = true;
    q.market_open = open;
    q.last = bar.price_at(k, series.rounding);
    q.bid = std::max(series.tick, (q.last - series.tick * bar.bid_offset_ticks).round_to(series.tick));
    q.ask = q.bid + series.tick * bar.spread_ticks;
    q.bid_size = Decimal::from_int(100 * static_cast<std::int64_t>(1 + h % 30));
    q.ask_size = Decimal::from_int(100 * static_cast<std::int64_t>(1 + (h >> 8) % 30));
    const int kk = std::min(k, 4);
    q.last_size = Decimal::from_int(std::max<std::int64_t>(1, bar.volume_in(kk)));
    std::int64_t volume = d->cum_volume[i];
    Decimal high = d->run_high[i], low = d->run_low[i];
    for (int j = 0; j <= kk; ++j) {
      volume += bar.volume_in(j);
      const auto p = bar.price_at(j, series.rounding);
      high = std::max(high, p);
      low = std::min(low, p);
    }
    if (!open) {
      volume = d->cum_volume[n];
      high = d->run_high[n];
      low = d->run_low[n];
    }
    q.volume = Decimal::from_int(volume);
    q.high = high;
    q.low = low;
    q.open = series.bars.front().open;
    q.prev_close = series.prev_close;
    q.last_trade_time = open ? floor<seconds>(t) : series.session.close - seconds(1);
    return q;
  }
  return q;
}

void MarketModel::accumulate(const Day& d, Timestamp from, Timestamp to, PriceKind kind, Accumulator& acc) const {
  const auto& s = d.series;
  from = std::max(from, s.session.open);
  to = std::min(to, s.session.close);
  if (from >= to) return;
  const auto first_sec = duration_cast<seconds>(from - s.session.open).count() +
                         (from - s.session.open > duration_cast<seconds>(from - s.session.open) ? 1 : 0);
  const auto end_sec = duration_cast<seconds>(to - s.session.open).count();
  std::int64_t sec = first_sec;
  while (sec < end_sec) {
    const auto i = static_cast<std::size_t>(sec / 5);
    if (i >= s.bars.size()) break;
    const auto& b = s.bars[i];
    const Decimal shift = shift_of(b, s.tick, kind);
    const Timestamp at = s.session.open + seconds(sec);
    if (sec % 5 == 0 && sec + 5 <= end_sec) {
      acc.add(at, b.open + shift, b.high + shift, b.low + shift, b.close + shift, b.volume, b.count);
      sec += 5;
      continue;
    }
    const int k = static_cast<int>(sec % 5);
    const auto p0 = b.price_at(k, s.rounding), p1 = b.price_at(k + 1, s.rounding);
    acc.add(at, p0 + shift, std::max(p0, p1) + shift, std::min(p0, p1) + shift, p1 + shift, b.volume_in(k),
            b.count_in(k));
    ++sec;
  }
}

std::optional<MarketBar> MarketModel::aggregate(Timestamp from, Timestamp to, PriceKind kind) {
  Accumulator acc;
  if (from >= to) return std::nullopt;
  const sys_days first{trading::EasternTime::local_date(from)};
  const sys_days last{trading::EasternTime::local_date(to - nanoseconds(1))};
  for (auto date = first; date <= last; date += days{1}) {
    auto s = session(trading::Date{date});
    if (!s || s->close <= from || s->open >= to) continue;
    if (s->open >= from && s->close <= to && kind == PriceKind::kTrades) {
      // A whole session: the cached daily bar, folded in.
      if (auto b = day_bar(trading::Date{date}, kind)) {
        const auto v = b->volume.raw() / Decimal::kScale;
        acc.add(b->start, b->open, b->high, b->low, b->close, 0, b->count);
        acc.volume += v;
        acc.wap_sum += static_cast<double>(v) * b->wap.to_double() - 0.0;
        continue;
      }
    }
    if (auto d = day(trading::Date{date})) accumulate(*d, from, to, kind, acc);
  }
  return acc.bar(kind);
}

std::vector<MarketBar> MarketModel::base_bars(Timestamp from, Timestamp to, PriceKind kind) {
  std::vector<MarketBar> out;
  if (from >= to) return out;
  const sys_days first{trading::EasternTime::local_date(from)};
  const sys_days last{trading::EasternTime::local_date(to - nanoseconds(1))};
  for (auto date = first; date <= last; date += days{1}) {
    auto s = session(trading::Date{date});
    if (!s || s->close <= from || s->open >= to) continue;
    auto d = day(trading::Date{date});
    if (!d) continue;
    const auto& series = d->series;
    const auto since = from > series.session.open ? duration_cast<seconds>(from - series.session.open).count() : 0;
    auto exact = from > series.session.open && series.session.open + seconds(since) < from;
    for (auto i = static_cast<std::size_t>((since + 4 + (exact ? 1 : 0)) / 5); i < series.bars.size(); ++i) {
      const auto start = series.bar_start(i);
      if (start < from) continue;
      if (start >= to) break;
      Accumulator acc;
      const auto& b = series.bars[i];
      const Decimal shift = shift_of(b, series.tick, kind);
      acc.add(start, b.open + shift, b.high + shift, b.low + shift, b.close + shift, b.volume, b.count);
      out.push_back(*acc.bar(kind));
    }
  }
  return out;
}

std::optional<MarketBar> MarketModel::day_bar(trading::Date date, PriceKind kind) {
  const auto key = std::make_pair(day_key(date), static_cast<int>(kind));
  if (auto it = day_bars_.find(key); it != day_bars_.end()) return it->second;
  std::optional<MarketBar> bar;
  if (auto d = day(date)) {
    Accumulator acc;
    accumulate(*d, d->series.session.open, d->series.session.close, kind, acc);
    bar = acc.bar(kind);
  }
  day_bars_.emplace(key, bar);
  return bar;
}

}  // namespace rt::gateway
