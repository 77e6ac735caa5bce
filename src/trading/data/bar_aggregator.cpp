#include "trading/data/bar_aggregator.hpp"

#include <algorithm>
#include <cstdlib>

namespace rt::trading {

using namespace std::chrono;

BarAggregator::BarAggregator(BarSize size) : size_(size) {}

BarAggregator::BarAggregator(BarSize size, const MarketCalendar& calendar, SessionMode mode)
    : size_(size), calendar_(&calendar), mode_(mode) {}

std::pair<Timestamp, Timestamp> BarAggregator::bucket(Timestamp t) const {
  const Duration len = size_.length();
  if (size_.is_daily()) {
    const Date d = EasternTime::local_date(t);
    return {EasternTime::to_utc(d, minutes{0}),
            EasternTime::to_utc(Date{sys_days{d} + days{1}}, minutes{0})};
  }
  if (hours{1} % len == Duration::zero()) {
    const Duration since = t.time_since_epoch();
    Duration rem = since % len;
    if (rem < Duration::zero()) rem += len;
    const Timestamp start{since - rem};
    return {start, start + len};
  }
  const seconds offset = EasternTime::utc_offset(t);
  const Timestamp local = t + offset;
  const Timestamp local_start = floor<days>(local) + ((local - floor<days>(local)) / len) * len;
  const Timestamp start = local_start - offset;
  return {start, start + len};
}

std::optional<Timestamp> BarAggregator::pending_close() const {
  if (!current_) return std::nullopt;
  return current_->end();
}

bool BarAggregator::in_regular_session(Timestamp t) {
  if (t < day_start_ || t >= day_end_ || day_end_ == Timestamp{}) {
    const Date d = EasternTime::local_date(t);
    day_start_ = EasternTime::to_utc(d, minutes{0});
    day_end_ = EasternTime::to_utc(Date{sys_days{d} + days{1}}, minutes{0});
    day_session_ = calendar_->session(d);
  }
  return day_session_ && t >= day_session_->open && t < day_session_->close;
}

std::optional<Bar> BarAggregator::add(const Input& in) {
  if (in.time < emitted_until_ || (current_ && in.time < current_->start)) {
    ++dropped_late_;
    return std::nullopt;
  }
  bool extended = false;
  if (mode_ != SessionMode::kAll && calendar_ != nullptr) {
    extended = !in_regular_session(in.time);
    if (extended && mode_ == SessionMode::kRegularOnly) {
      ++dropped_outside_session_;
      return std::nullopt;
    }
  }

  std::optional<Bar> closed;
  if (current_ && in.time >= current_->end()) closed = flush(in.time);
  if (ignore_tradeless_ && in.volume.is_zero() && in.trades <= 0) {
    ++ignored_tradeless_;
    return closed;
  }

  const double weight_price = (in.wap.raw() > 0 ? in.wap : in.close).to_double();
  if (!current_) {
    const auto [start, end] = bucket(in.time);
    Bar b;
    b.start = start;
    b.length = end - start;
    b.open = in.open;
    b.high = in.high;
    b.low = in.low;
    b.close = in.close;
    b.volume = in.volume;
    b.trade_count = in.trades;
    b.extended_hours = extended;
    current_ = b;
    notional_ = weight_price * in.volume.to_double();
  } else {
    Bar& b = *current_;
    b.high = std::max(b.high, in.high);
    b.low = std::min(b.low, in.low);
    b.close = in.close;
    b.volume += in.volume;
    b.trade_count += in.trades;
    b.extended_hours = b.extended_hours || extended;
    notional_ += weight_price * in.volume.to_double();
  }
  return closed;
}

std::optional<Bar> BarAggregator::on_tick(Decimal price, Decimal size, Timestamp time) {
  return add(Input{time, price, price, price, price, size, price, 1});
}

std::optional<Bar> BarAggregator::on_bar(const Bar& small) {
  return add(Input{small.start, small.open, small.high, small.low, small.close, small.volume, small.wap,
                   small.trade_count});
}

std::optional<Bar> BarAggregator::flush(Timestamp now) {
  if (!current_ || now < current_->end()) return std::nullopt;
  Bar out = *current_;
  const double volume = out.volume.to_double();
  out.wap = volume > 0.0 ? Decimal::from_double(notional_ / volume) : out.close;
  emitted_until_ = out.end();
  current_.reset();
  notional_ = 0.0;
  return out;
}

}  // namespace rt::trading
