#pragma once
// MarketDataClient: typed market data over the one persistent TWS session.
//
// - historical_bars(): reqHistoricalData, collected until its end for the negotiated server
//   version (HistoricalAssembler), converted to trading::Bar.
// - snapshot(): a one-shot reqMktData (snapshot=1) until tickSnapshotEnd.
// - stream_quotes(): reqMktData; every tick that changes bid/ask/last or a size calls the callback
//   with the symbol's QuoteState (its quote carries the receive time, RELIABILITY D6).
// - stream_bars(): 5-second real-time bars aggregated by BarAggregator into closed bars of the
//   asked size; each closed bar is judged by BadBarGuard and only accepted bars reach the callback.
//   Quarantined bars are reported as notices (D5). BarStreamOptions name the stream (the
//   instrument's name: "ES.FUT.CME" where the contract says "ES") and what the bars are made of
//   (MIDPOINT for a currency pair, which has no TRADES).
//
// Contract
// - Every request goes through the PacingDriver (D1, D2, D7). Error 162 "pacing violation" is
//   reported to it and the request retried when the historical class resumes (up to
//   `max_pacing_retries`); other symbols carry on. Error 101 hands the stream back to the driver,
//   which re-sends it when a line is free. Error 200 ends that symbol only, as kNotFound (D3).
// - Delayed data (D4): on 354/10089/10168/10186 for a request, when `allow_delayed` is set, the
//   client sends reqMarketDataType(3) (once per session, one message outside the pacer) and retries
//   that symbol; a notice says so once per symbol and session. 10167 and a MARKET_DATA_TYPE of 3/4
//   mark the stream delayed too. Delayed tick types map to the same Quote fields.
// - Streams are registered with the ConnectionManager: they are re-sent with a fresh request id
//   after a reconnect or 1101 without the caller doing anything. cancel() sends the cancel message
//   (through the driver) and removes the registration.
// - Replies are routed by request id only. A tick or bar for a stream id that was cancelled,
//   rotated out or replaced is dropped and counted (late_dropped); a late reply to a timed-out
//   one-shot request is dropped and counted by the session (C13).
// - Error 100 without a request id is left to whoever wires the session's notices to the driver.
// Thread: the trading event loop; every method and callback runs on it. Holds the
// ConnectionManager, PacingDriver and Clock by reference: they must outlive the client. Callbacks
// must not destroy the client.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "ib/market_data/quote_builder.hpp"
#include "trading/bar.hpp"
#include "trading/data/bad_bar_guard.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

class ConnectionManager;
class PacingDriver;

using StreamId = std::uint64_t;

struct MarketDataOptions {
  bool allow_delayed = false;  // fall back to delayed data on a missing subscription (D4)
  std::chrono::milliseconds request_timeout{60000};   // historical request deadline
  std::chrono::milliseconds snapshot_timeout{15000};  // TWS ends a snapshot about 11 s in
  std::chrono::milliseconds pacing_wait{std::chrono::minutes(15)};  // longest wait for the pacer
  int max_pacing_retries = 5;
  trading::BadBarGuardConfig guard;
  std::string realtime_what_to_show = "TRADES";
  bool realtime_use_rth = false;
};

struct HistoricalQuery {
  std::string duration = "1 D";      // "2 D", "3600 S", "1 W", ...
  std::string bar_size = "5 mins";   // a fixed-length TWS bar size
  std::string what_to_show = "TRADES";
  bool use_rth = true;
  std::string end;  // "" = now, else "20250114 16:00:00 US/Eastern" or "20250114-21:00:00"
  std::optional<std::chrono::milliseconds> timeout;  // default: MarketDataOptions::request_timeout
};

enum class NoticeKind : std::uint8_t {
  kDelayedData,     // live data not subscribed: delayed data is used for the symbol
  kNotSubscribed,   // no data permission and no fallback: the symbol is skipped
  kUnknownSymbol,   // error 200: the symbol is skipped
  kPacing,          // a pacing error: the request waits and is retried
  kLineLimit,       // error 101: the stream waits for a market-data line
  kBarQuarantined,  // BadBarGuard refused a closed bar
  kStreamEnded,     // a stream ended on an error
};

const char* to_string(NoticeKind kind) noexcept;

struct MarketDataNotice {
  NoticeKind kind = NoticeKind::kStreamEnded;
  std::string symbol;
  int code = 0;  // the TWS error code, if any
  std::string message;
};

struct MarketDataStats {
  std::uint64_t ticks = 0;            // tick messages for live streams
  std::uint64_t quote_updates = 0;    // callbacks with a changed quote
  std::uint64_t realtime_bars = 0;    // 5-second bars received
  std::uint64_t bars_closed = 0;      // aggregated bars accepted and delivered
  std::uint64_t bars_quarantined = 0;
  std::uint64_t late_dropped = 0;     // stream replies for retired request ids
  std::uint64_t historical_requests = 0;
  std::uint64_t historical_timeouts = 0;
  std::uint64_t pacing_retries = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t delayed_fallbacks = 0;
  std::uint64_t stream_sends = 0;     // reqMktData / reqRealTimeBars sent for streams
  std::uint64_t resubscriptions = 0;  // streams re-applied after a reconnect or 1101
};

struct BarStreamOptions {
  std::string label;         // the symbol callbacks and notices carry; "" = the contract's symbol
  std::string what_to_show;  // "" = MarketDataOptions::realtime_what_to_show
};

using QuoteCallback = std::function<void(std::string_view symbol, const QuoteState& state)>;
using BarCallback = std::function<void(std::string_view symbol, const trading::Bar& bar)>;
using NoticeCallback = std::function<void(const MarketDataNotice& notice)>;

class MarketDataClient {
 public:
  MarketDataClient(boost::asio::any_io_executor executor, ConnectionManager& connections, PacingDriver& pacer,
                   const Clock& clock, MarketDataOptions options = {});
  ~MarketDataClient();
  MarketDataClient(const MarketDataClient&) = delete;
  MarketDataClient& operator=(const MarketDataClient&) = delete;

  boost::asio::awaitable<Result<std::vector<trading::Bar>>> historical_bars(tws::Contract contract,
                                                                           HistoricalQuery query);
  boost::asio::awaitable<Result<QuoteState>> snapshot(tws::Contract contract);

  Result<StreamId> stream_quotes(const tws::Contract& contract, QuoteCallback on_quote);
  Result<StreamId> stream_bars(const tws::Contract& contract, trading::BarSize size, BarCallback on_bar,
                               BarStreamOptions stream = {});
  // Cancels a stream (cancel message through the pacer, registration removed). False if unknown.
  bool cancel(StreamId stream);

  void on_notice(NoticeCallback callback);
  [[nodiscard]] const MarketDataStats& stats() const;
  [[nodiscard]] std::size_t stream_count() const;
  // The latest state of a quote stream, or nullptr.
  [[nodiscard]] const QuoteState* quote_state(StreamId stream) const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::ib
