#pragma once
// PacedRequest: one outbound TWS request as the pacing scheduler sees it, and Dispatch: what the
// scheduler hands back when a request (or a rotation of a market-data line) may go out now.
//
// A request is identified by the RequestId the scheduler assigns on enqueue. `tag` is an opaque
// value of the caller's (for example the TWS reqId), echoed in every Dispatch so callers that do
// not use callbacks can act on the id alone.
// Thread: plain values; used on the trading event loop with the scheduler.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rt::ib {

using RequestId = std::uint64_t;
inline constexpr RequestId kNoRequest = 0;

enum class RequestKind : std::uint8_t {
  kOrder,                // placeOrder
  kCancel,               // cancelOrder, reqGlobalCancel
  kMarketData,           // reqMktData (stream or snapshot): holds a market-data line
  kMarketDataCancel,     // cancelMktData: releases the target's line
  kHistorical,           // reqHistoricalData: IB's historical pacing rules, one open slot
  kHistoricalCancel,     // cancelHistoricalData: releases the target's open slot
  kRealTimeBars,         // reqRealTimeBars: holds a line, counts toward the 10-minute limit
  kRealTimeBarsCancel,   // cancelRealTimeBars: releases the target's line
  kContractDetails,      // reqContractDetails
  kAccount,              // account summary, positions, account updates
  kOther,                // anything else (heartbeat, ids, ...): counts toward the message rate only
};
inline constexpr std::size_t kRequestKindCount = 11;

[[nodiscard]] std::string_view to_string(RequestKind kind) noexcept;
[[nodiscard]] inline std::size_t index_of(RequestKind kind) noexcept { return static_cast<std::size_t>(kind); }

// Orders and cancels jump every queue and may use the rate reserve.
[[nodiscard]] bool is_urgent(RequestKind kind) noexcept;
// Market data and real-time bars hold a market-data line while live.
[[nodiscard]] bool holds_line(RequestKind kind) noexcept;
// Cancels that name the request they stop (PacedRequest::target).
[[nodiscard]] bool is_stream_cancel(RequestKind kind) noexcept;

// The identity IB's historical pacing rules look at.
struct HistoricalKey {
  std::string contract;       // symbol+secType+currency, or the conId
  std::string exchange;       // e.g. SMART
  std::string bar_size;       // e.g. "5 secs", "1 min", "1 day"
  std::string duration;       // e.g. "3600 S", "1 D"
  std::string what_to_show;   // e.g. TRADES, MIDPOINT, BID_ASK
  std::string end_date_time;  // "" means now
  bool use_rth = true;

  // Same contract, bar size, duration, whatToShow, end and useRTH: "identical" for the 15 s rule.
  [[nodiscard]] std::string identical_key() const;
  // Contract + exchange + whatToShow: the unit of the "5 within 2 s" rule.
  [[nodiscard]] std::string contract_key() const;
};

struct PacedRequest {
  RequestKind kind = RequestKind::kOther;
  int priority = 0;  // higher goes first within its class tier
  std::int64_t tag = 0;
  std::string label;  // a symbol or a short description, for reports
  std::optional<HistoricalKey> historical;  // required for kHistorical
  RequestId target = kNoRequest;            // required for the three stream cancels
  bool snapshot = false;  // kMarketData: one-shot, holds a line until on_snapshot_end()
  bool pinned = false;    // kMarketData: never rotated out to make room for others
  // Sends the request on the session. For a market-data stream it is called again when the stream
  // rotates back in (DispatchAction::kResubscribe).
  std::function<void()> send;
  // kMarketData streams: sends cancelMktData when the stream is rotated out of its line.
  std::function<void()> cancel;
};

enum class DispatchAction : std::uint8_t {
  kSend,         // send the request now
  kResubscribe,  // a rotated-out (or reset) stream gets its line back: send it again
  kRotateOut,    // give up this stream's line for now: send its cancel; it will come back
};

[[nodiscard]] std::string_view to_string(DispatchAction action) noexcept;

struct Dispatch {
  RequestId id = kNoRequest;
  RequestKind kind = RequestKind::kOther;
  DispatchAction action = DispatchAction::kSend;
  std::int64_t tag = 0;
  std::string label;
  std::function<void()> callback;  // the request's send (or, for kRotateOut, cancel); may be empty
};

}  // namespace rt::ib
