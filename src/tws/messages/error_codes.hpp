#pragma once
// The one table of TWS error codes (IB's "Message Codes" list): what each code means, how serious it
// is, and what it ends. The client session, the pacing scheduler and the market-data classification
// all read it, so a code cannot mean one thing to one of them and another thing to the next.
//
// "Ends" says what is over on the server once the code arrives: the request on the error's id, every
// market-data subscription of the session, or the session itself. A code not in the table is treated
// like its neighbours: 2100-2199 are warnings that end nothing, anything else ends its request.
// Pure data and functions, callable from any thread.
#include <span>
#include <string_view>

namespace rt::tws {

enum class ErrorSeverity {
  kInfo,          // a notification; nothing is wrong (2104 "market data farm connection is OK")
  kWarning,       // worth knowing; the request carries on (10167 delayed data, 2103 a farm is down)
  kRequestError,  // the request on the error's id failed or was refused (200, 321, 354)
  kConnection,    // about the session or TWS's link to IB (1100, 1101, 1102, 1300, 326)
};

enum class ErrorEnds {
  kNothing,           // every request stays as it was
  kRequest,           // the request on the error's id is over on the server
  kAllSubscriptions,  // every market-data subscription of the session is lost (1101)
  kSession,           // the connection is being dropped or refused (1300, 326)
};

// What a session notice (id -1) says about the session's links, for whoever keeps the session.
enum class LinkEvent {
  kNone,
  kIbLost,       // TWS lost its link to IB; the session stays up, degraded (1100)
  kIbRestored,   // the link to IB is back; `ends` says whether subscriptions survived (1101, 1102)
  kSocketReset,  // TWS drops this connection (1300)
  kFarmDown,     // a data farm is broken (2103, 2105, 2157); `farm` says which kind
  kFarmUp,       // a data farm is connected again (2104, 2106, 2158)
};

enum class DataFarm { kNone, kMarketData, kHistorical, kSecDef };

struct ErrorCodeInfo {
  int code = 0;
  std::string_view meaning;  // IB's text, shortened
  ErrorSeverity severity = ErrorSeverity::kRequestError;
  ErrorEnds ends = ErrorEnds::kRequest;
  LinkEvent link = LinkEvent::kNone;
  DataFarm farm = DataFarm::kNone;
  bool operator==(const ErrorCodeInfo&) const = default;
};

// Every code the table names, in ascending order.
std::span<const ErrorCodeInfo> error_code_table() noexcept;

// The entry for `code`; a code not in the table gets the rule for its range (see above) and an
// empty meaning.
ErrorCodeInfo describe_error_code(int code) noexcept;

// True when the table names `code`.
bool is_known_error_code(int code) noexcept;

// True when the request on the error's id is over on the server once `code` arrives.
bool ends_request(int code) noexcept;

std::string_view to_string(ErrorSeverity severity) noexcept;
std::string_view to_string(ErrorEnds ends) noexcept;
std::string_view to_string(LinkEvent link) noexcept;

}  // namespace rt::tws
