#include "gateway/gateway_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <type_traits>
#include <utility>
#include <variant>

#include "gateway/account_report.hpp"
#include "gateway/unserved_requests.hpp"
#include "tws/wire/field_reader.hpp"

namespace rt::gateway {
namespace {

constexpr int kSetServerLogLevel = 14;

// Connection-time zone label. The clock is UTC; TWS prints its own locale's zone here.
constexpr const char* kZone = "UTC";

struct CivilTime {
  int year;
  unsigned month, day;
  long hours, minutes, seconds;
};

CivilTime civil(Timestamp t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{secs - day};
  return CivilTime{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                   static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count())};
}

std::string hh_mm(Timestamp t) {
  const auto c = civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", c.hours, c.minutes);
  return buf;
}

std::int64_t epoch_millis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

struct FarmNotice {
  int code;
  const char* text;
};
constexpr FarmNotice kFarmNotices[] = {
    {2104, "Market data farm connection is OK:usfarm"},
    {2106, "HMDS data farm connection is OK:ushmds"},
    {2158, "Sec-def data farm connection is OK:secdefnj"},
};

}  // namespace

const char* to_string(SessionState state) noexcept {
  switch (state) {
    case SessionState::kAwaitPreamble: return "await-preamble";
    case SessionState::kAwaitStartApi: return "await-start-api";
    case SessionState::kReady: return "ready";
    case SessionState::kStalled: return "stalled";
    case SessionState::kClosed: return "closed";
  }
  return "unknown";
}

GatewaySession::GatewaySession(GatewayContext& context, std::uint64_t session_id)
    : ctx_(context),
      id_(session_id),
      decoder_(context.config.max_payload),
      next_order_id_(context.config.first_order_id),
      market_(context),
      rate_(context.config.market.max_msg_rate) {}

GatewaySession::~GatewaySession() { release_client_id(); }

SessionOutput GatewaySession::on_bytes(std::string_view bytes) {
  SessionOutput out;
  if (state_ == SessionState::kClosed) return out;
  // Broker events caused by this input join its output, in order.
  struct CurrentOutput {
    SessionOutput*& slot;
    ~CurrentOutput() { slot = nullptr; }
  } current{current_out_ = &out};
  stats_.bytes_in += bytes.size();
  if (state_ == SessionState::kStalled) return out;  // read and dropped

  if (state_ == SessionState::kAwaitPreamble) {
    preamble_buf_.append(bytes);
    std::size_t consumed = 0;
    auto preamble = tws::decode_preamble(preamble_buf_, consumed);
    if (!preamble) {
      close("bad preamble: " + preamble.error().message, out);
      return out;
    }
    if (!*preamble) return out;  // incomplete
    handle_preamble(**preamble, out);
    if (state_ != SessionState::kAwaitStartApi) return out;  // closed or stalled
    decoder_.feed(std::string_view(preamble_buf_).substr(consumed));
    preamble_buf_.clear();
    preamble_buf_.shrink_to_fit();
  } else {
    decoder_.feed(bytes);
  }

  while (state_ == SessionState::kAwaitStartApi || state_ == SessionState::kReady) {
    auto frame = decoder_.next();
    if (!frame) {
      close("bad frame: " + frame.error().message, out);
      break;
    }
    if (!*frame) break;
    handle_payload(**frame, out);
  }
  return out;
}

void GatewaySession::on_disconnect() {
  if (state_ != SessionState::kClosed) {
    spdlog::debug("gateway session {}: peer disconnected in state {}", id_, to_string(state_));
  }
  state_ = SessionState::kClosed;
  release_client_id();
}

SessionOutput GatewaySession::notice(int code, std::string message) {
  SessionOutput out;
  if (state_ == SessionState::kReady) send_error(-1, code, std::move(message), out);
  return out;
}

void GatewaySession::hold_handshake() { hold_handshake_ = true; }

void GatewaySession::handle_preamble(const tws::VersionRange& range, SessionOutput& out) {
  const int negotiated = std::min(range.max, ctx_.config.server_version);
  spdlog::debug("gateway session {}: client offers v{}..{}, negotiated {}", id_, range.min, range.max, negotiated);
  if (negotiated < range.min || negotiated < kMinServerVersion) {
    close("cannot serve client range v" + std::to_string(range.min) + ".." + std::to_string(range.max) +
              " (server max " + std::to_string(ctx_.config.server_version) + ")",
          out);
    return;
  }
  if (ctx_.config.has_fault(Fault::kCloseAfterPreamble)) {
    close("fault close-after-preamble", out);
    return;
  }
  server_version_ = negotiated;
  stats_.server_version = negotiated;
  market_.set_server_version(negotiated);
  if (ctx_.config.has_fault(Fault::kNoVersionReply) || hold_handshake_) {
    spdlog::info("gateway session {}: fault {}, staying silent", id_,
                 hold_handshake_ ? "zombie limit reached" : "no-version-reply");
    state_ = SessionState::kStalled;
    return;
  }
  send(tws::encode(tws::HandshakeReply{negotiated, connection_time_text()}), out);
  state_ = SessionState::kAwaitStartApi;
}

void GatewaySession::handle_payload(std::string_view payload, SessionOutput& out) {
  ++stats_.messages_in;
  if (state_ == SessionState::kReady) {
    const auto verdict = rate_.on_message(ctx_.wall_clock.now());
    if (verdict != RateVerdict::kAllowed) {
      if (verdict == RateVerdict::kRejected) return;
      ++ctx_.limits.message_rate;
      send_error(-1, kErrMaxRate,
                 "Max rate of messages per second has been exceeded:max=" +
                     std::to_string(ctx_.config.market.max_msg_rate) + " rec=" +
                     std::to_string(ctx_.config.market.max_msg_rate + 1) + " (" + std::to_string(rate_.violations()) +
                     ")",
                 out);
      if (verdict == RateVerdict::kDropSession) {
        ++ctx_.limits.sessions_dropped;
        close("message rate exceeded " + std::to_string(rate_.violations()) + " times", out);
      }
      return;
    }
  }
  auto request = tws::decode_request(payload, server_version_);
  if (!request) {
    spdlog::warn("gateway session {}: bad request {}: {}", id_, tws::describe_payload(payload),
                 request.error().message);
    send_error(-1, kErrReadingRequest, "Error reading request: " + request.error().message, out);
    return;
  }
  handle_request(*request, out);
}

void GatewaySession::handle_request(const tws::Request& request, SessionOutput& out) {
  if (state_ == SessionState::kAwaitStartApi && !std::holds_alternative<tws::StartApi>(request)) {
    send_error(-1, kErrValidatingRequest, "Error validating request: the API is not started; START_API must come first",
               out);
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, tws::StartApi>) {
          on_start_api(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqIds>) {
          send_message(tws::NextValidId{next_valid_order_id()}, out);
        } else if constexpr (std::is_same_v<T, tws::PlaceOrder>) {
          on_place_order(m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelOrder>) {
          on_cancel_order(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqGlobalCancel>) {
          on_global_cancel(out);
        } else if constexpr (std::is_same_v<T, tws::ReqOpenOrders>) {
          on_open_orders(false, out);
        } else if constexpr (std::is_same_v<T, tws::ReqAllOpenOrders>) {
          on_open_orders(true, out);
        } else if constexpr (std::is_same_v<T, tws::ReqAutoOpenOrders>) {
          on_auto_open_orders(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqExecutions>) {
          on_executions(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqCompletedOrders>) {
          on_completed_orders(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqCurrentTime>) {
          send_message(tws::CurrentTime{epoch_seconds(ctx_.clock.now())}, out);
        } else if constexpr (std::is_same_v<T, tws::ReqManagedAccts>) {
          send_message(tws::ManagedAccounts{ctx_.config.accounts}, out);
        } else if constexpr (std::is_same_v<T, tws::ReqAccountSummary>) {
          on_account_summary(m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelAccountSummary>) {
          on_cancel_account_summary(m);
        } else if constexpr (std::is_same_v<T, tws::ReqPnL>) {
          on_req_pnl(m.req_id, m.account, 0, out);
        } else if constexpr (std::is_same_v<T, tws::ReqPnLSingle>) {
          if (m.con_id <= 0) {
            send_error(m.req_id, kErrValidatingRequest, "Error validating request: reqPnLSingle needs a conId", out);
          } else {
            on_req_pnl(m.req_id, m.account, m.con_id, out);
          }
        } else if constexpr (std::is_same_v<T, tws::CancelPnL> || std::is_same_v<T, tws::CancelPnLSingle>) {
          on_cancel_pnl(m.req_id);
        } else if constexpr (std::is_same_v<T, tws::ReqPositions>) {
          on_positions(out);
        } else if constexpr (std::is_same_v<T, tws::CancelPositions>) {
          positions_subscribed_ = false;
        } else if constexpr (std::is_same_v<T, tws::ReqAccountUpdates>) {
          on_account_updates(m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqContractData>) {
          via_market(&SessionMarket::on_contract_details, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqMarketDataType>) {
          market_.on_market_data_type(m);
        } else if constexpr (std::is_same_v<T, tws::ReqMktData>) {
          via_market(&SessionMarket::on_mkt_data, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelMktData>) {
          via_market(&SessionMarket::on_cancel_mkt_data, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqHistoricalData>) {
          via_market(&SessionMarket::on_historical, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelHistoricalData>) {
          via_market(&SessionMarket::on_cancel_historical, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqRealTimeBars>) {
          via_market(&SessionMarket::on_real_time_bars, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelRealTimeBars>) {
          market_.on_cancel_real_time_bars(m);
        } else if constexpr (std::is_same_v<T, tws::ReqPositionsMulti>) {
          on_positions_multi(m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelPositionsMulti>) {
          positions_multi_.erase(m.req_id);
        } else if constexpr (std::is_same_v<T, tws::ReqAccountUpdatesMulti>) {
          on_account_updates_multi(m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelAccountUpdatesMulti>) {
          account_updates_multi_.erase(m.req_id);
        } else if constexpr (requires { answer_reference(m, out); }) {
          answer_reference(m, out);  // reference data (gateway_session_reference.cpp)
        } else if constexpr (std::is_same_v<T, tws::ReqMktDepth>) {
          via_market(&SessionMarket::on_mkt_depth, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelMktDepth>) {
          via_market(&SessionMarket::on_cancel_mkt_depth, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqTickByTick>) {
          via_market(&SessionMarket::on_tick_by_tick, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelTickByTick>) {
          via_market(&SessionMarket::on_cancel_tick_by_tick, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqHeadTimestamp>) {
          via_market(&SessionMarket::on_head_timestamp, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqHistoricalTicks>) {
          via_market(&SessionMarket::on_historical_ticks, m, out);
        } else if constexpr (std::is_same_v<T, tws::ReqHistogramData>) {
          via_market(&SessionMarket::on_histogram, m, out);
        } else if constexpr (std::is_same_v<T, tws::CancelHistogramData>) {
          // The histogram is answered at once: nothing is left to cancel.
        } else if constexpr (std::is_same_v<T, tws::CancelHeadTimestamp>) {
          // The head timestamp is answered at once: nothing is left to cancel.
        } else if constexpr (std::is_same_v<T, tws::UnknownMessage>) {
          refuse_unserved(m, out);
        } else {
          // Typed requests the emulator does not serve yet (orders): refused like an unknown id,
          // so the client is not left waiting.
          spdlog::info("gateway session {}: unsupported request", id_);
          send_error(-1, kErrValidatingRequest, "Error validating request: this request is not supported by this gateway",
                     out);
        }
      },
      request);
}

// A request the emulator does not serve is refused on its own request id when it has one, so the
// client's request ends now; an id TWS does not know either is refused on -1.
void GatewaySession::refuse_unserved(const tws::UnknownMessage& m, SessionOutput& out) {
  if (m.msg_id == kSetServerLogLevel) return;  // TWS sets its log level and answers nothing
  const auto known = unserved_request(m.msg_id);
  std::int64_t id = -1;
  if (known && known->req_id_field >= 0) {
    tws::FieldReader reader(m.payload, known->name);
    (void)reader.skip(1 + known->req_id_field, "before reqId");
    if (auto req_id = reader.read_int("reqId")) id = *req_id;
  }
  spdlog::info("gateway session {}: unsupported message id {} ({})", id_, m.msg_id,
               known ? known->name : std::string_view("unknown to TWS"));
  send_error(id, kErrValidatingRequest,
             "Error validating request: " +
                 (known ? std::string(known->name) : "message id " + std::to_string(m.msg_id)) +
                 " is not supported by this gateway",
             out);
}

void GatewaySession::on_start_api(const tws::StartApi& m, SessionOutput& out) {
  if (state_ != SessionState::kAwaitStartApi) {
    send_error(-1, kErrValidatingRequest, "Error validating request: START_API was already received", out);
    return;
  }
  stats_.client_id = m.client_id;
  start_api_received_ = true;
  if (ctx_.config.has_fault(Fault::kClientIdInUse) || !ctx_.clients.claim(m.client_id)) {
    send_error(-1, kErrClientIdInUse,
               "Unable to connect as the client id is already in use. Retry with a unique client id.", out);
    close("client id " + std::to_string(m.client_id) + " is already in use", out);
    return;
  }
  client_id_ = m.client_id;
  if (ctx_.config.has_fault(Fault::kNoNextValidId)) {
    spdlog::info("gateway session {}: fault no-next-valid-id, client {} left waiting", id_, m.client_id);
    state_ = SessionState::kStalled;
    return;
  }
  state_ = SessionState::kReady;
  spdlog::info("gateway session {}: client {} started the API at server version {}", id_, m.client_id,
               server_version_);
  subscribe_broker();
  send_message(tws::ManagedAccounts{ctx_.config.accounts}, out);
  send_message(tws::NextValidId{next_valid_order_id()}, out);
  for (const auto& notice : kFarmNotices) send_error(-1, notice.code, notice.text, out);
}

void GatewaySession::on_account_summary(const tws::ReqAccountSummary& m, SessionOutput& out) {
  if (m.group != "All") {
    send_error(m.req_id, kErrValidatingRequest,
               "Error validating request: account group '" + m.group + "' is not known (use All)", out);
    return;
  }
  if (std::find(account_summary_req_ids_.begin(), account_summary_req_ids_.end(), m.req_id) !=
      account_summary_req_ids_.end()) {
    send_error(m.req_id, kErrProcessingRequest,
               "Error processing request: account summary request id " + std::to_string(m.req_id) +
                   " is already active",
               out);
    return;
  }
  if (account_summary_req_ids_.size() >= kMaxAccountSummarySubscriptions) {
    send_error(m.req_id, kErrProcessingRequest,
               "Error processing request: Maximum number of account summary requests exceeded", out);
    return;
  }
  account_summary_req_ids_.push_back(m.req_id);
  for (const auto& account : ctx_.accounts) {
    for (auto& row : account_summary_values(account, m.tags)) {
      send_message(tws::AccountSummary{m.req_id, account.code(), std::move(row.tag), std::move(row.value),
                                       std::move(row.currency)},
                   out);
    }
  }
  send_message(tws::AccountSummaryEnd{m.req_id}, out);
}

void GatewaySession::on_cancel_account_summary(const tws::CancelAccountSummary& m) {
  std::erase(account_summary_req_ids_, m.req_id);
}

void GatewaySession::on_positions(SessionOutput& out) {
  positions_subscribed_ = true;
  for (const auto& account : ctx_.accounts) {
    for (const auto& p : account.positions()) {
      tws::PositionData m;
      m.account = account.code();
      m.contract = p.contract;
      // Position messages carry the primary exchange in the exchange field.
      m.contract.exchange = p.contract.primary_exchange;
      m.contract.primary_exchange.clear();
      m.position = p.quantity;
      m.avg_cost = p.average_cost;
      send_message(m, out);
    }
  }
  send_message(tws::PositionEnd{}, out);
}

void GatewaySession::on_account_updates(const tws::ReqAccountUpdates& m, SessionOutput& out) {
  if (!m.subscribe) {
    account_updates_account_.reset();
    return;
  }
  const Account* account = nullptr;
  if (m.account.empty()) {
    if (ctx_.accounts.size() != 1) {
      send_error(-1, kErrValidatingRequest,
                 "Error validating request: an account code is required when several accounts are managed", out);
      return;
    }
    account = &ctx_.accounts.front();
  } else {
    account = find_account(m.account);
    if (account == nullptr) {
      send_error(-1, kErrValidatingRequest,
                 "Error validating request: account '" + m.account + "' is not managed by this gateway", out);
      return;
    }
  }
  if (account_updates_account_ && *account_updates_account_ != account->code()) {
    send_error(-1, kNoticeAccountDataUnsubscribed, "API client has been unsubscribed from account data.", out);
  }
  account_updates_account_ = account->code();
  for (auto& row : account_update_values(*account)) {
    send_message(tws::AccountValue{std::move(row.tag), std::move(row.value), std::move(row.currency), account->code()},
                 out);
  }
  for (const auto& p : account->positions()) {
    tws::PortfolioValue v;
    v.contract = p.contract;
    v.contract.exchange.clear();  // the portfolio message carries only the primary exchange
    v.position = p.quantity;
    v.market_price = p.mark_price;
    v.market_value = p.market_value();
    v.average_cost = p.average_cost;
    v.unrealized_pnl = p.unrealized_pnl();
    v.realized_pnl = Decimal{};
    v.account = account->code();
    send_message(v, out);
  }
  send_message(tws::AccountUpdateTime{hh_mm(ctx_.clock.now())}, out);
  send_message(tws::AccountDownloadEnd{account->code()}, out);
}

SessionOutput GatewaySession::poll_market() {
  SessionOutput out;
  if (state_ != SessionState::kReady) return out;
  MarketOutput mo;
  market_.poll(mo);
  send_market(std::move(mo), out);
  return out;
}

std::optional<Timestamp> GatewaySession::next_market_event() const {
  if (state_ != SessionState::kReady) return std::nullopt;
  return market_.next_due();
}

std::string GatewaySession::encode_response(tws::Response response) {
  if (auto* e = std::get_if<tws::ErrorMessage>(&response)) {
    ++stats_.errors_out;
    e->error_time_ms = epoch_millis(ctx_.clock.now());
  }
  return tws::encode(response, server_version_);
}

void GatewaySession::send_market(MarketOutput market, SessionOutput& out) {
  for (auto& m : market.messages) send(encode_response(std::move(m)), out);
  for (auto& d : market.delayed) {
    DelayedFrames frames;
    frames.delay = d.delay;
    for (auto& m : d.messages) {
      auto frame = encode_response(std::move(m));
      ++stats_.messages_out;
      stats_.bytes_out += frame.size();
      frames.frames.push_back(std::move(frame));
    }
    out.delayed.push_back(std::move(frames));
  }
}

void GatewaySession::send(std::string frame, SessionOutput& out) {
  ++stats_.messages_out;
  stats_.bytes_out += frame.size();
  out.frames.push_back(std::move(frame));
}

void GatewaySession::send_error(std::int64_t id, int code, std::string message, SessionOutput& out) {
  ++stats_.errors_out;
  tws::ErrorMessage m;
  m.id = id;
  m.code = code;
  m.message = std::move(message);
  m.error_time_ms = epoch_millis(ctx_.clock.now());
  send_message(m, out);
}

void GatewaySession::close(std::string reason, SessionOutput& out) {
  spdlog::info("gateway session {}: closing: {}", id_, reason);
  state_ = SessionState::kClosed;
  out.close = true;
  out.close_reason = std::move(reason);
  release_client_id();
}

void GatewaySession::release_client_id() {
  unsubscribe_broker();
  if (client_id_) {
    ctx_.clients.release(*client_id_);
    client_id_.reset();
  }
}

std::string GatewaySession::connection_time_text() const {
  const auto c = civil(ctx_.clock.now());
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u %02ld:%02ld:%02ld %s", c.year, c.month, c.day, c.hours, c.minutes,
                c.seconds, kZone);
  return buf;
}

const Account* GatewaySession::find_account(std::string_view code) const {
  for (const auto& a : ctx_.accounts) {
    if (a.code() == code) return &a;
  }
  return nullptr;
}

}  // namespace rt::gateway
