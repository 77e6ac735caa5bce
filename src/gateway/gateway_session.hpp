#pragma once
// GatewaySession: the server side of one TWS API connection, as a sans-I/O state machine.
// Bytes from the client go in (on_bytes); complete frames to send, and whether to close after
// sending them, come out. It negotiates the version, answers START_API like TWS (managedAccounts,
// nextValidId, farm notices, or 326), serves the session and account requests from the simulated
// accounts, plays the configured faults, and answers malformed input with an ERR_MSG (or, for a
// bad preamble or an over-size frame, a close), never an exception.
//
// Thread: the io_context thread (or a test's thread); not thread-safe. Ownership: borrows the
// GatewayContext, which must outlive the session; holds its client id in the registry from a
// successful START_API until close (on_bytes asking to close, or on_disconnect()).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/broker/broker_event.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/message_rate_limiter.hpp"
#include "gateway/session_market.hpp"
#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::gateway {

struct OrderRejection;

enum class SessionState {
  kAwaitPreamble,  // nothing or part of "API\0..." received
  kAwaitStartApi,  // version sent, waiting for START_API
  kReady,          // START_API accepted: requests are served
  kStalled,        // a fault keeps the session silent; input is read and dropped
  kClosed,         // closed (by the session or the peer); everything else is ignored
};
const char* to_string(SessionState state) noexcept;

struct SessionStats {
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t messages_in = 0;   // complete frames received after the preamble
  std::uint64_t messages_out = 0;  // frames sent, the handshake reply included
  std::uint64_t errors_out = 0;    // ERR_MSG frames among messages_out
  int client_id = -1;              // after START_API, else -1
  int server_version = 0;          // negotiated, 0 before the preamble
};

// Frames to send after a real-time delay (the slow-historical fault), in order.
struct DelayedFrames {
  std::chrono::milliseconds delay{0};
  std::vector<std::string> frames;
};

// What to do after some input: send `frames` in order, then, if `close`, shut down and close.
// `delayed` frames go out after their delay, whatever was sent in between.
struct SessionOutput {
  std::vector<std::string> frames;
  bool close = false;
  std::string close_reason;  // why, for the log; empty when not closing
  std::vector<DelayedFrames> delayed;
};

// Error codes the emulator sends for bad requests (TWS_PROTOCOL.md §5).
inline constexpr int kErrReadingRequest = 320;      // a field could not be parsed
inline constexpr int kErrValidatingRequest = 321;   // well-formed but not acceptable
inline constexpr int kErrProcessingRequest = 322;   // a limit was hit
inline constexpr int kErrClientIdInUse = 326;
inline constexpr int kNoticeAccountDataUnsubscribed = 2100;
inline constexpr std::size_t kMaxAccountSummarySubscriptions = 2;

class GatewaySession {
 public:
  GatewaySession(GatewayContext& context, std::uint64_t session_id);
  ~GatewaySession();
  GatewaySession(const GatewaySession&) = delete;
  GatewaySession& operator=(const GatewaySession&) = delete;

  // Feeds bytes as they arrive (any split). Once the output asks to close, the session is
  // closed and later calls return nothing.
  SessionOutput on_bytes(std::string_view bytes);
  // The peer went away (EOF, error) or the server is stopping: releases the client id.
  void on_disconnect();

  // A connection-level notice pushed by a fault script: ERR_MSG(id -1, code, message) encoded for
  // the negotiated version. Only in kReady; otherwise nothing is sent.
  SessionOutput notice(int code, std::string message);
  // From now on a preamble gets no reply (the session stalls, reading and dropping input), as
  // with the no-version-reply fault. No effect once the preamble was answered.
  void hold_handshake();
  // Frames produced outside on_bytes (fills, cancels and position updates the broker reports on
  // its own time) go to the push handler at once; without one they wait for take_pushed().
  // Frames caused by this session's own input go into that input's output, in order.
  using PushHandler = std::function<void(SessionOutput)>;
  void set_push_handler(PushHandler handler);
  SessionOutput take_pushed();
  // Advances the session's market-data streams to the simulated now (ticks, real-time bars,
  // keepUpToDate bars). Only in kReady.
  SessionOutput poll_market();
  // The simulated instant poll_market() has something to do; nullopt when nothing streams.
  [[nodiscard]] std::optional<Timestamp> next_market_event() const;
  [[nodiscard]] const SessionMarket& market() const { return market_; }

  // True once a START_API frame was received (accepted or answered with 326).
  [[nodiscard]] bool start_api_received() const { return start_api_received_; }

  [[nodiscard]] SessionState state() const { return state_; }
  [[nodiscard]] const SessionStats& stats() const { return stats_; }
  [[nodiscard]] std::uint64_t id() const { return id_; }

 private:
  void handle_preamble(const tws::VersionRange& range, SessionOutput& out);
  void handle_payload(std::string_view payload, SessionOutput& out);
  void handle_request(const tws::Request& request, SessionOutput& out);
  void on_start_api(const tws::StartApi& m, SessionOutput& out);
  void refuse_unserved(const tws::UnknownMessage& m, SessionOutput& out);
  void send_rejection(const OrderRejection& rejection, SessionOutput& out);
  void on_account_summary(const tws::ReqAccountSummary& m, SessionOutput& out);
  void on_cancel_account_summary(const tws::CancelAccountSummary& m);
  void on_positions(SessionOutput& out);
  void on_account_updates(const tws::ReqAccountUpdates& m, SessionOutput& out);

  // Orders (gateway_session_orders.cpp).
  void on_place_order(const tws::PlaceOrder& m, SessionOutput& out);
  void on_cancel_order(const tws::CancelOrder& m, SessionOutput& out);
  void on_global_cancel(SessionOutput& out);
  void on_open_orders(bool all_clients, SessionOutput& out);
  void on_completed_orders(const tws::ReqCompletedOrders& m, SessionOutput& out);
  void on_auto_open_orders(const tws::ReqAutoOpenOrders& m, SessionOutput& out);
  void on_executions(const tws::ReqExecutions& m, SessionOutput& out);
  void on_broker_event(const BrokerEvent& e);

  // P&L subscriptions (gateway_session_pnl.cpp).
  void on_req_pnl(int req_id, const std::string& account, std::int64_t con_id, SessionOutput& out);
  void on_cancel_pnl(int req_id);
  // Sends each subscription's P&L when it changed since it was last sent.
  void push_pnl(SessionOutput& out);
  [[nodiscard]] std::string pnl_frame(int req_id, const std::string& account, std::int64_t con_id) const;
  bool push_portfolio(const std::string& account, const std::string& symbol, SessionOutput& out);

  // Multi-account and reference data (gateway_session_reference.cpp).
  struct AccountUpdatesMulti {
    std::string account;  // "" or "All": every account
    std::string model_code;
    bool ledger_and_nlv = false;
  };
  bool check_multi_account(int req_id, const std::string& account, SessionOutput& out);
  void send_position_multi(int req_id, const Account& account, const tws::Contract& contract, Decimal quantity,
                           Decimal avg_cost, SessionOutput& out);
  void on_positions_multi(const tws::ReqPositionsMulti& m, SessionOutput& out);
  void send_account_updates_multi(int req_id, const AccountUpdatesMulti& sub, SessionOutput& out);
  void on_account_updates_multi(const tws::ReqAccountUpdatesMulti& m, SessionOutput& out);
  // After a fill: the position and the account's values to every matching multi subscription.
  void push_multi(const Account& account, const tws::Contract& contract, const SimPosition* position,
                  SessionOutput& out);
  void answer_reference(const tws::ReqFamilyCodes& m, SessionOutput& out);
  void answer_reference(const tws::ReqUserInfo& m, SessionOutput& out);
  void answer_reference(const tws::ReqMatchingSymbols& m, SessionOutput& out);
  void answer_reference(const tws::ReqMarketRule& m, SessionOutput& out);
  void answer_reference(const tws::ReqSmartComponents& m, SessionOutput& out);
  void answer_reference(const tws::ReqSecDefOptParams& m, SessionOutput& out);
  void answer_reference(const tws::ReqCurrentTimeInMillis& m, SessionOutput& out);
  void push(SessionOutput out);
  void subscribe_broker();
  void unsubscribe_broker();
  [[nodiscard]] std::int64_t next_valid_order_id() const;

  void send(std::string frame, SessionOutput& out);
  template <class M>
  void send_message(const M& m, SessionOutput& out) {
    send(tws::encode(m, server_version_), out);
  }
  void send_error(std::int64_t id, int code, std::string message, SessionOutput& out);
  void send_market(MarketOutput market, SessionOutput& out);
  // Serves a market request through SessionMarket and sends what it answers.
  template <class M>
  void via_market(void (SessionMarket::*serve)(const M&, MarketOutput&), const M& m, SessionOutput& out) {
    MarketOutput mo;
    (market_.*serve)(m, mo);
    send_market(std::move(mo), out);
  }
  [[nodiscard]] std::string encode_response(tws::Response response);
  void close(std::string reason, SessionOutput& out);
  void release_client_id();
  [[nodiscard]] std::string connection_time_text() const;
  [[nodiscard]] const Account* find_account(std::string_view code) const;

  GatewayContext& ctx_;
  std::uint64_t id_;
  SessionState state_ = SessionState::kAwaitPreamble;
  SessionStats stats_;
  std::string preamble_buf_;
  tws::FrameDecoder decoder_;
  int server_version_ = 0;
  std::optional<int> client_id_;  // held in the registry while set
  std::int64_t next_order_id_;
  std::vector<int> account_summary_req_ids_;
  struct PnLSubscription {
    std::string account;
    std::int64_t con_id = 0;  // 0: the account's reqPnL; else one position's reqPnLSingle
    std::string last_frame;   // sent again only when it changes, as TWS does
  };
  std::map<int, PnLSubscription> pnl_subscriptions_;
  bool positions_subscribed_ = false;
  std::map<int, std::string> positions_multi_;  // reqId -> account filter
  std::map<int, AccountUpdatesMulti> account_updates_multi_;
  bool hold_handshake_ = false;
  bool start_api_received_ = false;
  std::optional<std::string> account_updates_account_;
  SessionMarket market_;
  MessageRateLimiter rate_;
  // Orders.
  std::optional<std::uint64_t> broker_token_;  // subscribed to the broker while set
  bool auto_open_orders_ = false;              // client 0 after reqAutoOpenOrders(true)
  SessionOutput* current_out_ = nullptr;       // the output of the on_bytes call in progress
  PushHandler push_handler_;
  SessionOutput pushed_;
};

}  // namespace rt::gateway
