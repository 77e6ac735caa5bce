#include "trading/portfolio/statement.hpp"

#include <algorithm>

#include "trading/market/eastern_time.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::trading {
namespace {

// The average-cost view of one position: what a close realizes against the blended price.
struct AverageCost {
  Decimal quantity;  // signed
  Decimal price;

  // Books a signed fill; returns the gross P&L it realizes against the average.
  Decimal apply(Decimal signed_quantity, Decimal fill_price) {
    Decimal realized;
    const bool closing = !quantity.is_zero() && quantity.is_negative() != signed_quantity.is_negative();
    if (!closing) {
      const Decimal total = quantity + signed_quantity;
      price = (quantity * price + signed_quantity * fill_price) / total;
      quantity = total;
      return realized;
    }
    const Decimal closed = std::min(signed_quantity.abs(), quantity.abs());
    const Decimal closed_signed = quantity.is_negative() ? -closed : closed;  // the position's sign
    realized = (fill_price - price) * closed_signed;
    quantity += signed_quantity;
    if (quantity.is_zero()) {
      price = Decimal{};
    } else if (quantity.is_negative() == signed_quantity.is_negative()) {
      price = fill_price;  // the fill flipped the position: the rest opens at its price
    }
    return realized;
  }
};

std::optional<Decimal> prior_close(const std::vector<DailySnapshot>& snapshots, Date from) {
  std::optional<Decimal> out;
  for (const auto& s : snapshots) {
    if (s.date < from) out = s.equity;
    if (s.date == from && !out) return s.start_equity;
  }
  return out;
}

std::optional<Decimal> ending(const std::vector<DailySnapshot>& snapshots, Date to) {
  std::optional<Decimal> out;
  for (const auto& s : snapshots) {
    if (s.date <= to) out = s.equity;
  }
  return out;
}

}  // namespace

Result<Statement> build_statement(const std::vector<Fill>& fills, const std::vector<DailySnapshot>& snapshots,
                                  const std::map<std::string, Mark>& marks, Date from, Date to) {
  if (from > to) return fail(ErrorCode::kInvalidArgument, "the statement's first date is after its last");
  Statement st;
  st.from = from;
  st.to = to;
  Ledger ledger;
  std::map<std::string, AverageCost> average;
  std::map<std::string, InstrumentSummary> by_symbol;
  std::map<std::string, Mark> last_fill;
  for (const auto& f : fills) {
    const Date day = EasternTime::local_date(f.time);
    if (day > to) continue;
    const auto lots_before = ledger.lots(f.symbol);
    auto delta = ledger.preview(f);
    if (!delta) {
      return fail(ErrorCode::kStorage, "fill " + f.exec_id + " of " + f.symbol + " does not replay: " +
                                           delta.error().message);
    }
    const Decimal signed_qty = f.side == Side::Buy ? f.quantity : -f.quantity;
    const Decimal realized_avg = average[f.symbol].apply(signed_qty, f.price) - f.commission;
    ledger.commit(*delta);
    last_fill[f.symbol] = Mark{f.symbol, f.price, f.time, MarkSource::Fill};
    if (day < from) continue;

    st.fills.push_back(StatementFill{f, delta->realized, realized_avg});
    for (const auto& c : delta->closes) {
      auto lot = std::find_if(lots_before.begin(), lots_before.end(), [&](const Lot& l) { return l.id == c.lot_id; });
      if (lot == lots_before.end()) continue;  // cannot happen: a close names an open lot
      st.closed_lots.push_back(ClosedLot{f.symbol, lot->id, lot->exec_id, lot->opened_at, lot->price, c.closed,
                                         f.exec_id, f.time, f.price, c.realized});
    }
    auto& s = by_symbol[f.symbol];
    s.symbol = f.symbol;
    ++s.fills;
    (f.side == Side::Buy ? s.bought : s.sold) += f.quantity;
    s.realized += delta->realized;
    s.realized_avg_cost += realized_avg;
    s.commissions += f.commission;
  }
  for (const auto& p : ledger.positions()) {
    if (p.quantity.is_zero() && !by_symbol.contains(p.symbol)) continue;
    auto& s = by_symbol[p.symbol];
    s.symbol = p.symbol;
    s.ending_quantity = p.quantity;
    s.ending_avg_cost = p.avg_cost;
    if (p.quantity.is_zero()) continue;
    // The newest price known by the span's end: the stored mark if it is from within it, else
    // the position's last fill.
    auto m = marks.find(p.symbol);
    if (m != marks.end() && EasternTime::local_date(m->second.time) <= to &&
        m->second.time >= last_fill[p.symbol].time) {
      s.ending_mark = m->second;
    } else {
      s.ending_mark = last_fill[p.symbol];
    }
    s.ending_value = p.quantity * s.ending_mark->price;
  }
  for (auto& [symbol, s] : by_symbol) {
    st.realized += s.realized;
    st.realized_avg_cost += s.realized_avg_cost;
    st.commissions += s.commissions;
    st.instruments.push_back(std::move(s));
  }
  st.prior_close_equity = prior_close(snapshots, from);
  st.ending_equity = ending(snapshots, to);
  return st;
}

}  // namespace rt::trading
