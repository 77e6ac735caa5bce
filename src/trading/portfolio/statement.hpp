#pragma once
// Statement: what happened to the account over a span of New York trading dates, recomputed from
// the append-only fills: each fill with the P&L it realized, every lot it closed (FIFO, as the
// ledger books it) with the average-cost view beside it, realized P&L and commissions by
// instrument, the positions at the end of the span and the equity change against the prior close.
//
// The replay is exact Decimal arithmetic through the same Ledger the trader books with, so the
// statement's realized P&L is the ledger's to the cent.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/fill.hpp"
#include "trading/market/market_calendar.hpp"
#include "trading/portfolio/daily_snapshot.hpp"
#include "trading/portfolio/mark.hpp"

namespace rt::trading {

// A FIFO lot, or part of one, closed by a fill.
struct ClosedLot {
  std::string symbol;
  std::int64_t lot_id = 0;
  std::string open_exec_id;
  Timestamp opened_at{};
  Decimal open_price;
  Decimal quantity;  // signed as the lot was: + a long lot sold, - a short lot bought back
  std::string close_exec_id;
  Timestamp closed_at{};
  Decimal close_price;
  Decimal realized;  // gross, before commissions: (close - open) x quantity
};

struct StatementFill {
  Fill fill;            // with its final commission
  Decimal realized;     // FIFO realized P&L of this fill, net of its commission
  Decimal realized_avg_cost;  // the same close against the position's average cost, net of commission
};

struct InstrumentSummary {
  std::string symbol;
  std::int64_t fills = 0;
  Decimal bought;           // shares
  Decimal sold;
  Decimal realized;         // FIFO, net of commissions
  Decimal realized_avg_cost;
  Decimal commissions;
  Decimal ending_quantity;  // at the end of the span
  Decimal ending_avg_cost;
  std::optional<Mark> ending_mark;  // the price the ending position is valued at
  Decimal ending_value;             // ending_quantity x mark
};

struct Statement {
  Date from{};
  Date to{};
  std::vector<StatementFill> fills;    // in the span, in booking order
  std::vector<ClosedLot> closed_lots;  // in the span
  std::vector<InstrumentSummary> instruments;  // traded in the span or held at its end
  Decimal realized;
  Decimal realized_avg_cost;
  Decimal commissions;
  std::optional<Decimal> prior_close_equity;  // the equity at the close before `from`
  std::optional<Decimal> ending_equity;       // the equity at the end of `to`
  [[nodiscard]] std::optional<Decimal> equity_change() const {
    if (!prior_close_equity || !ending_equity) return std::nullopt;
    return *ending_equity - *prior_close_equity;
  }
};

// `fills` are every stored fill in booking order with final commissions; `snapshots` the daily
// snapshots by date; `marks` the current marks (used for a span that reaches the last marked
// day; an older span's positions are valued at their last fill price in it). Fails on from > to,
// or on fills that do not replay (a sell of a position that was never opened is fine: a short).
[[nodiscard]] Result<Statement> build_statement(const std::vector<Fill>& fills,
                                                const std::vector<DailySnapshot>& snapshots,
                                                const std::map<std::string, Mark>& marks, Date from, Date to);

}  // namespace rt::trading
