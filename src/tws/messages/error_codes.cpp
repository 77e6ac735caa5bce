#include "tws/messages/error_codes.hpp"

#include <algorithm>
#include <array>

namespace rt::tws {

namespace {

using S = ErrorSeverity;
using E = ErrorEnds;
using L = LinkEvent;
using F = DataFarm;

// Ascending by code (a test checks it). Meanings follow IB's message-code list; where IB's text is
// a prefix ("...for ticker id:") the id follows it on the wire.
constexpr std::array kTable = {
    ErrorCodeInfo{100, "Max rate of messages per second has been exceeded", S::kWarning, E::kNothing},
    ErrorCodeInfo{101, "Max number of tickers has been reached", S::kRequestError, E::kRequest},
    ErrorCodeInfo{102, "Duplicate ticker ID", S::kRequestError, E::kRequest},
    ErrorCodeInfo{103, "Duplicate order ID", S::kRequestError, E::kRequest},
    // An order modification that is refused leaves the original order working.
    ErrorCodeInfo{105, "Order being modified does not match original order", S::kWarning, E::kNothing},
    ErrorCodeInfo{110, "The price does not conform to the minimum price variation for this contract",
                  S::kWarning, E::kNothing},
    // The text says which: a pacing violation, "HMDS query returned no data", "query cancelled".
    ErrorCodeInfo{162, "Historical market data Service error message", S::kRequestError, E::kRequest},
    ErrorCodeInfo{165, "Historical market Data Service query message", S::kInfo, E::kNothing},
    ErrorCodeInfo{200, "No security definition has been found for the request", S::kRequestError,
                  E::kRequest},
    ErrorCodeInfo{201, "Order rejected - reason:", S::kRequestError, E::kRequest},
    ErrorCodeInfo{202, "Order cancelled - reason:", S::kRequestError, E::kRequest},
    // The answer to cancelling market data for an id with no current subscription: the server holds
    // nothing under that id, so whatever the client held there is over.
    ErrorCodeInfo{300, "Can't find EId with ticker Id:", S::kRequestError, E::kRequest},
    ErrorCodeInfo{309, "Max number (3) of market depth requests has been reached", S::kRequestError,
                  E::kRequest},
    ErrorCodeInfo{310, "Can't find the subscribed market depth with tickerId:", S::kRequestError,
                  E::kRequest},
    ErrorCodeInfo{316, "Market depth data has been HALTED. Please re-subscribe", S::kRequestError,
                  E::kRequest},
    ErrorCodeInfo{320, "Server error when reading an API client request", S::kRequestError, E::kRequest},
    // "Error validating request.-'bP' : cause - ...": the request is refused, no reply follows.
    ErrorCodeInfo{321, "Server error when validating an API client request", S::kRequestError, E::kRequest},
    ErrorCodeInfo{322, "Server error when processing an API client request", S::kRequestError, E::kRequest},
    ErrorCodeInfo{326, "Unable to connect as the client id is already in use", S::kConnection, E::kSession},
    ErrorCodeInfo{329, "Order modify failed. Cannot change to the new order type", S::kWarning, E::kNothing},
    ErrorCodeInfo{354, "Requested market data is not subscribed", S::kRequestError, E::kRequest},
    ErrorCodeInfo{365, "No scanner subscription found for ticker id:", S::kRequestError, E::kRequest},
    // A historical request with this id was cancelled or is not found (also seen when a keepUpToDate
    // stream has silently ended on the server).
    ErrorCodeInfo{366, "No historical data query found for ticker id:", S::kRequestError, E::kRequest},
    ErrorCodeInfo{386, "Duplicate ticker ID for API historical data query", S::kRequestError, E::kRequest},
    // "Warning: your order will not be placed at the exchange until ...": the order stands.
    ErrorCodeInfo{399, "Order message error", S::kWarning, E::kNothing},
    ErrorCodeInfo{404,
                  "Shares for this order are not immediately available for short sale; the order is held",
                  S::kWarning, E::kNothing},
    ErrorCodeInfo{420, "Invalid real-time query", S::kRequestError, E::kRequest},
    ErrorCodeInfo{434, "The order size cannot be zero", S::kWarning, E::kNothing},
    ErrorCodeInfo{492, "Additional permissions are needed for precise scanner results", S::kWarning,
                  E::kNothing},
    ErrorCodeInfo{1100, "Connectivity between IB and the TWS has been lost", S::kConnection, E::kNothing,
                  L::kIbLost},
    ErrorCodeInfo{1101, "Connectivity between IB and TWS has been restored - data lost", S::kConnection,
                  E::kAllSubscriptions, L::kIbRestored},
    ErrorCodeInfo{1102, "Connectivity between IB and TWS has been restored - data maintained", S::kConnection,
                  E::kNothing, L::kIbRestored},
    ErrorCodeInfo{1300, "TWS socket port has been reset and this connection is being dropped", S::kConnection,
                  E::kSession, L::kSocketReset},
    ErrorCodeInfo{2100, "API client has been unsubscribed from account data", S::kWarning, E::kNothing},
    ErrorCodeInfo{2103, "A market data farm is disconnected", S::kWarning, E::kNothing, L::kFarmDown,
                  F::kMarketData},
    ErrorCodeInfo{2104, "Market data farm connection is OK", S::kInfo, E::kNothing, L::kFarmUp, F::kMarketData},
    ErrorCodeInfo{2105, "A historical data farm is disconnected", S::kWarning, E::kNothing, L::kFarmDown,
                  F::kHistorical},
    ErrorCodeInfo{2106, "A historical data farm is connected", S::kInfo, E::kNothing, L::kFarmUp, F::kHistorical},
    ErrorCodeInfo{2107,
                  "A historical data farm connection has become inactive but should be available upon demand",
                  S::kInfo, E::kNothing},
    ErrorCodeInfo{2108,
                  "A market data farm connection has become inactive but should be available upon demand",
                  S::kInfo, E::kNothing},
    ErrorCodeInfo{2109, "Order event warning: the Outside Regular Trading Hours attribute is ignored",
                  S::kWarning, E::kNothing},
    ErrorCodeInfo{2110, "Connectivity between TWS and server is broken. It will be restored automatically",
                  S::kWarning, E::kNothing},
    ErrorCodeInfo{2137, "Cross side warning", S::kWarning, E::kNothing},
    ErrorCodeInfo{2157, "Sec-def data farm connection is broken", S::kWarning, E::kNothing, L::kFarmDown,
                  F::kSecDef},
    ErrorCodeInfo{2158, "Sec-def data farm connection is OK", S::kInfo, E::kNothing, L::kFarmUp, F::kSecDef},
    ErrorCodeInfo{10089, "Requested market data requires additional subscription for API", S::kRequestError,
                  E::kRequest},
    ErrorCodeInfo{10090, "Part of requested market data is not subscribed", S::kWarning, E::kNothing},
    ErrorCodeInfo{10091, "Part of requested market data requires additional subscription for API",
                  S::kWarning, E::kNothing},
    ErrorCodeInfo{10167, "Requested market data is not subscribed. Displaying delayed market data",
                  S::kWarning, E::kNothing},
    ErrorCodeInfo{10168, "Requested market data is not subscribed. Delayed market data is not enabled",
                  S::kRequestError, E::kRequest},
    ErrorCodeInfo{10182, "Failed to request live updates (disconnected)", S::kRequestError, E::kRequest},
    ErrorCodeInfo{10186, "Requested market data is not subscribed. Delayed market data is not enabled",
                  S::kRequestError, E::kRequest},
    ErrorCodeInfo{10197, "No market data during competing live session", S::kRequestError, E::kRequest},
    ErrorCodeInfo{10225, "Bust event occurred, current subscription is deactivated", S::kRequestError,
                  E::kRequest},
};

const ErrorCodeInfo* find(int code) noexcept {
  auto it = std::lower_bound(kTable.begin(), kTable.end(), code,
                             [](const ErrorCodeInfo& e, int c) { return e.code < c; });
  return it != kTable.end() && it->code == code ? &*it : nullptr;
}

}  // namespace

std::span<const ErrorCodeInfo> error_code_table() noexcept {
  return kTable;
}

ErrorCodeInfo describe_error_code(int code) noexcept {
  if (const auto* e = find(code)) return *e;
  if (code >= 2100 && code < 2200) return {code, {}, S::kWarning, E::kNothing};
  return {code, {}, S::kRequestError, E::kRequest};
}

bool is_known_error_code(int code) noexcept {
  return find(code) != nullptr;
}

bool ends_request(int code) noexcept {
  return describe_error_code(code).ends == E::kRequest;
}

std::string_view to_string(ErrorSeverity severity) noexcept {
  switch (severity) {
    case S::kInfo: return "info";
    case S::kWarning: return "warning";
    case S::kRequestError: return "request_error";
    case S::kConnection: return "connection";
  }
  return "unknown";
}

std::string_view to_string(ErrorEnds ends) noexcept {
  switch (ends) {
    case E::kNothing: return "nothing";
    case E::kRequest: return "request";
    case E::kAllSubscriptions: return "all_subscriptions";
    case E::kSession: return "session";
  }
  return "unknown";
}

std::string_view to_string(LinkEvent link) noexcept {
  switch (link) {
    case L::kNone: return "none";
    case L::kIbLost: return "ib_lost";
    case L::kIbRestored: return "ib_restored";
    case L::kSocketReset: return "socket_reset";
    case L::kFarmDown: return "farm_down";
    case L::kFarmUp: return "farm_up";
  }
  return "unknown";
}

}  // namespace rt::tws
