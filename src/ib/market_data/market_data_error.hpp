#pragma once
// What a TWS error code means for one market-data request (the table in tws/messages/error_codes.hpp,
// RELIABILITY D1-D4, D7): pacing errors slow the scheduler and retry, an unknown symbol ends that symbol only, a
// missing subscription may fall back to delayed data, informational codes leave the request alive.
// Pure functions, callable from any thread.
#include <string_view>

namespace rt::ib {

enum class MarketDataErrorKind {
  kInfo,             // the request stays alive: a code the error table says ends nothing (2104, 10090, ...)
  kDelayedActive,    // 10167: delayed ticks follow on the same id
  kPacingViolation,  // 162 "...pacing violation" or 420 "...pacing...": back off and retry (D1)
  kRateLimit,        // 100: the overall message rate was exceeded; slow down (D2)
  kLineLimit,        // 101: no market-data line free; wait for one (D7)
  kUnknownSymbol,    // 200: no security definition; report and skip that symbol (D3)
  kNotSubscribed,    // 354, 10089, 10168, 10186: no live data permission; delayed may help (D4)
  kNoData,           // 162 "HMDS query returned no data": an empty answer, not a failure
  kCancelled,        // 162 "query cancelled": the request was cancelled on the server
  kStreamLost,       // 10182: a keepUpToDate stream lost its farm; resubscribe
  kFatal,            // anything else that ends the request (321, 300, 366, ...)
};

const char* to_string(MarketDataErrorKind kind) noexcept;

// Classifies one error for a request. `message` matters only for 162 and 420.
MarketDataErrorKind classify_market_data_error(int code, std::string_view message) noexcept;

// True for the kinds after which the request is over on the server.
bool ends_market_data_request(MarketDataErrorKind kind) noexcept;

}  // namespace rt::ib
