#pragma once
// HistoricalQuery: a reqHistoricalData request checked and turned into bars from a MarketModel.
// It parses the bar size ("1 secs" .. "1 month"), the duration ("N S|D|W|M|Y") and the end
// ("" = now, "yyyyMMdd HH:mm:ss[ tz]" with tz US/Eastern, America/New_York, UTC or GMT; no zone
// = New York; "yyyyMMdd-HH:mm:ss" = UTC; "yyyyMMdd" = that day's end), rejects combinations TWS
// rejects (a duration too long for the bar size, bars larger than the duration's table row) and
// builds the bars TWS would send: intraday bars aligned to the New York clock (1 hour bars at
// 09:30, 10:00, 11:00, ...), dated by their bucket's start (a partial first bucket too); daily, weekly and monthly bars
// one per session, week or month, dated yyyyMMdd.
//
// Pure functions over the model; the io_context thread (the model caches days).
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "gateway/market_model.hpp"
#include "tws/messages/historical.hpp"

namespace rt::gateway {

enum class BarUnit { kSeconds, kDay, kWeek, kMonth };

struct BarSize {
  BarUnit unit = BarUnit::kSeconds;
  std::int64_t seconds = 60;  // for kSeconds
  [[nodiscard]] std::int64_t nominal_seconds() const;
};

// A rejected query: the TWS error code and text to send on the request id.
struct QueryError {
  int code = 0;
  std::string message;
};

struct HistoricalQuery {
  BarSize bar;
  char duration_unit = 'D';
  std::int64_t duration_count = 1;
  Timestamp end;  // exclusive
  Timestamp start;
  PriceKind kind = PriceKind::kTrades;
  int format_date = 1;
  bool small_bars = false;  // bars of 30 s or less: IB's pacing rules count these
};

std::optional<BarSize> parse_bar_size(std::string_view text);
// A request's date-time text ("yyyyMMdd HH:mm:ss zone", "yyyyMMdd-HH:mm:ss" UTC, ...) as an
// instant; nullopt when it is none of the forms TWS accepts.
std::optional<Timestamp> parse_request_time(std::string_view text);
// Parses and checks the request against `now`; the model supplies the sessions for "N D".
std::expected<HistoricalQuery, QueryError> make_query(const tws::ReqHistoricalData& request, Timestamp now,
                                                      MarketModel& model);

struct HistoricalResult {
  std::vector<tws::HistoricalBar> bars;
  std::string start_text;  // the query's start and end, TWS formatted
  std::string end_text;
};

// The bars of a valid query (empty when nothing traded in it).
HistoricalResult build_bars(const HistoricalQuery& query, MarketModel& model);
// The bucket [start, end) of a bar size that contains `t` (New York clock, sessions for days).
std::pair<Timestamp, Timestamp> bucket_of(const BarSize& bar, Timestamp t, MarketModel& model);
// One bar for the wire, dated as `format_date` asks: intraday bars by `label` (their bucket's
// start, or the session open for the first bucket of a session), longer bars by their first day.
tws::HistoricalBar to_wire(const MarketBar& bar, const BarSize& size, int format_date, Timestamp label);

// "20250115 09:30:00 US/Eastern" (New York time), and "20250115".
std::string format_bar_time(Timestamp t);
std::string format_bar_date(Timestamp t);

}  // namespace rt::gateway
