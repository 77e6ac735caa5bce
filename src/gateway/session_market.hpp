#pragma once
// SessionMarket: the market-data side of one GatewaySession: contract details, market data type,
// streaming and snapshot quotes, historical bars (with keepUpToDate), real-time bars, their
// cancels, and the IB limits on them (market data lines, historical pacing, delayed-only
// symbols). Requests come in as typed messages; replies go out as typed responses, to be encoded
// by the session. Streams advance in poll(), which the server calls when next_due() is reached.
//
// Replies for a symbol named by the slow-historical fault are returned in MarketOutput::delayed
// with the real-time delay to wait before sending them (RELIABILITY C13).
//
// Thread: the io_context thread (or a test's thread); not thread-safe. Ownership: borrows the
// GatewayContext (market, limits, config), which outlives the session.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/contract_directory.hpp"
#include "gateway/historical_pacer.hpp"
#include "gateway/historical_query.hpp"
#include "gateway/market_model.hpp"
#include "tws/messages/codec.hpp"

namespace rt::gateway {

struct GatewayContext;

// Error codes of the market-data side (TWS_PROTOCOL.md section 5).
inline constexpr int kErrMaxRate = 100;
inline constexpr int kErrMaxTickers = 101;
inline constexpr int kErrHistorical = 162;
inline constexpr int kErrNoSecDefinition = 200;
inline constexpr int kErrTickerNotFound = 300;
inline constexpr int kErrMaxDepthRequests = 309;
inline constexpr int kErrNotSubscribed = 354;
inline constexpr int kErrNoHistoricalQuery = 366;
inline constexpr int kNoticeDelayedData = 10167;
inline constexpr int kErrMaxTickByTick = 10190;
inline constexpr std::size_t kMaxDepthRequests = 3;        // IB's default depth allowance
inline constexpr std::size_t kMaxTickByTickRequests = 5;   // ... and tick-by-tick allowance

// The simulated interval between streamed quote updates, keepUpToDate updates and real-time bars.
inline constexpr std::chrono::seconds kTickInterval{1};
inline constexpr std::chrono::seconds kUpdateInterval{5};
inline constexpr std::chrono::seconds kRealTimeBar{5};

struct MarketOutput {
  struct Delayed {
    std::chrono::milliseconds delay{0};  // real time
    std::vector<tws::Response> messages;
  };
  std::vector<tws::Response> messages;
  std::vector<Delayed> delayed;
};

class SessionMarket {
 public:
  explicit SessionMarket(GatewayContext& context);

  // The negotiated server version (layouts that depend on it: HISTORICAL_DATA_END from 196).
  void set_server_version(int server_version) { server_version_ = server_version; }

  void on_contract_details(const tws::ReqContractData& m, MarketOutput& out);
  void on_market_data_type(const tws::ReqMarketDataType& m);
  void on_mkt_data(const tws::ReqMktData& m, MarketOutput& out);
  void on_cancel_mkt_data(const tws::CancelMktData& m, MarketOutput& out);
  void on_historical(const tws::ReqHistoricalData& m, MarketOutput& out);
  void on_cancel_historical(const tws::CancelHistoricalData& m, MarketOutput& out);
  void on_real_time_bars(const tws::ReqRealTimeBars& m, MarketOutput& out);
  void on_cancel_real_time_bars(const tws::CancelRealTimeBars& m);
  // Depth, tick-by-tick and the head timestamp (session_depth.cpp).
  void on_mkt_depth(const tws::ReqMktDepth& m, MarketOutput& out);
  void on_cancel_mkt_depth(const tws::CancelMktDepth& m, MarketOutput& out);
  void on_tick_by_tick(const tws::ReqTickByTick& m, MarketOutput& out);
  void on_cancel_tick_by_tick(const tws::CancelTickByTick& m, MarketOutput& out);
  void on_head_timestamp(const tws::ReqHeadTimestamp& m, MarketOutput& out);
  void on_historical_ticks(const tws::ReqHistoricalTicks& m, MarketOutput& out);
  void on_histogram(const tws::ReqHistogramData& m, MarketOutput& out);

  // Advances every stream to the simulated now: changed ticks, completed 5-second bars, the
  // forming keepUpToDate bar.
  void poll(MarketOutput& out);
  // The simulated instant the next stream event is due; nullopt when nothing streams.
  [[nodiscard]] std::optional<Timestamp> next_due() const;

  [[nodiscard]] std::size_t lines_in_use() const { return ticks_.size() + bars_.size(); }
  [[nodiscard]] std::size_t streams() const {
    return ticks_.size() + bars_.size() + updates_.size() + depth_.size() + tick_by_tick_.size();
  }

 private:
  struct TickStream {
    MarketModel* model = nullptr;
    bool delayed = false;
    bool rt_volume = false;  // generic tick 233 requested
    std::optional<Quote> sent;  // the values last sent
    Timestamp next;
  };
  // The mute-symbol fault: true while `symbol`'s streams are silent on this session.
  [[nodiscard]] bool muted(const std::string& symbol) const;

  struct BarStream {
    MarketModel* model = nullptr;
    PriceKind kind = PriceKind::kTrades;
    Timestamp next_start;  // the next 5-second bar to send
  };
  struct UpdateStream {
    MarketModel* model = nullptr;
    HistoricalQuery query;
    Timestamp next;
    std::optional<Timestamp> bucket;  // the bar the last update was for
  };

  // An order book of `rows` levels a side, built around the quote (session_depth.cpp).
  struct DepthRow {
    Decimal price, size;
    bool operator==(const DepthRow&) const = default;
  };
  struct DepthStream {
    MarketModel* model = nullptr;
    int rows = 5;
    bool smart = false;
    std::vector<DepthRow> bids, asks;  // as last sent
    Timestamp next;
  };
  struct TickByTickStream {
    MarketModel* model = nullptr;
    int type = 2;  // tws::TickByTick tick types
    std::string exchange;
    std::optional<Quote> sent;
    Timestamp next;
  };
  void poll_depth(Timestamp t, MarketOutput& out);
  void send_depth(int req_id, DepthStream& s, const Quote& q, MarketOutput& out) const;
  void send_tick_by_tick(int req_id, TickByTickStream& s, const Quote& q, MarketOutput& out) const;

  static void error(MarketOutput& out, int id, int code, std::string text);
  // The contract a request names, or nullopt after answering 200 for its id (and counting it).
  std::optional<StockContract> resolve_for(const tws::Contract& contract, int req_id, MarketOutput& out);
  // 322 for a request id already streaming.
  static bool duplicate(bool in_use, int req_id, MarketOutput& out);
  void send_ticks(int req_id, TickStream& stream, const Quote& q, MarketOutput& out) const;
  [[nodiscard]] std::optional<std::chrono::milliseconds> slow_delay(const std::string& symbol) const;
  [[nodiscard]] bool lines_full() const;
  [[nodiscard]] Timestamp now() const;
  [[nodiscard]] Timestamp next_tick_time(MarketModel& model, Timestamp after) const;

  GatewayContext& ctx_;
  Timestamp opened_;  // real time the session opened (the mute-symbol fault counts from it)
  int server_version_ = 0;
  int requested_type_ = 1;  // reqMarketDataType
  HistoricalPacer pacer_;
  std::map<int, TickStream> ticks_;
  std::map<int, BarStream> bars_;
  std::map<int, UpdateStream> updates_;
  std::map<int, DepthStream> depth_;
  std::map<int, TickByTickStream> tick_by_tick_;
};

}  // namespace rt::gateway
