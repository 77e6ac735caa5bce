#include "ib/market_data/market_data_error.hpp"

#include "core/text.hpp"
#include "tws/messages/error_codes.hpp"

namespace rt::ib {

const char* to_string(MarketDataErrorKind kind) noexcept {
  switch (kind) {
    case MarketDataErrorKind::kInfo: return "info";
    case MarketDataErrorKind::kDelayedActive: return "delayed_active";
    case MarketDataErrorKind::kPacingViolation: return "pacing_violation";
    case MarketDataErrorKind::kRateLimit: return "rate_limit";
    case MarketDataErrorKind::kLineLimit: return "line_limit";
    case MarketDataErrorKind::kUnknownSymbol: return "unknown_symbol";
    case MarketDataErrorKind::kNotSubscribed: return "not_subscribed";
    case MarketDataErrorKind::kNoData: return "no_data";
    case MarketDataErrorKind::kCancelled: return "cancelled";
    case MarketDataErrorKind::kStreamLost: return "stream_lost";
    case MarketDataErrorKind::kFatal: return "fatal";
  }
  return "unknown";
}

MarketDataErrorKind classify_market_data_error(int code, std::string_view message) noexcept {
  switch (code) {
    case 100: return MarketDataErrorKind::kRateLimit;
    case 101: return MarketDataErrorKind::kLineLimit;
    case 162:
      if (contains_ignoring_case(message, "pacing violation")) return MarketDataErrorKind::kPacingViolation;
      if (contains_ignoring_case(message, "returned no data")) return MarketDataErrorKind::kNoData;
      if (contains_ignoring_case(message, "query cancelled")) return MarketDataErrorKind::kCancelled;
      return MarketDataErrorKind::kFatal;
    case 200: return MarketDataErrorKind::kUnknownSymbol;
    case 354: case 10089: case 10168: case 10186: return MarketDataErrorKind::kNotSubscribed;
    case 10167: return MarketDataErrorKind::kDelayedActive;
    case 420:
      return contains_ignoring_case(message, "pacing") ? MarketDataErrorKind::kPacingViolation : MarketDataErrorKind::kFatal;
    case 10182: return MarketDataErrorKind::kStreamLost;
    default:
      // The rest is what the TWS error-code table says: a code that does not end the request is a
      // notice (2104, 10090, 165, ...); one that does (300, 366, 321, ...) ends it.
      return tws::ends_request(code) ? MarketDataErrorKind::kFatal : MarketDataErrorKind::kInfo;
  }
}

bool ends_market_data_request(MarketDataErrorKind kind) noexcept {
  switch (kind) {
    case MarketDataErrorKind::kInfo:
    case MarketDataErrorKind::kDelayedActive:
    case MarketDataErrorKind::kRateLimit:  // a warning: the request itself may still be served
      return false;
    default:
      return true;
  }
}

}  // namespace rt::ib
