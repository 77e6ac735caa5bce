#include "ib/market_data/market_data_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "ib/connection_manager.hpp"
#include "ib/market_data/historical_assembler.hpp"
#include "ib/market_data/market_data_error.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "trading/data/bar_aggregator.hpp"

namespace rt::ib {

namespace asio = boost::asio;

const char* to_string(NoticeKind kind) noexcept {
  switch (kind) {
    case NoticeKind::kDelayedData: return "delayed_data";
    case NoticeKind::kNotSubscribed: return "not_subscribed";
    case NoticeKind::kUnknownSymbol: return "unknown_symbol";
    case NoticeKind::kPacing: return "pacing";
    case NoticeKind::kLineLimit: return "line_limit";
    case NoticeKind::kBarQuarantined: return "bar_quarantined";
    case NoticeKind::kStreamEnded: return "stream_ended";
  }
  return "unknown";
}

namespace {

// The request id a stream reply carries (tickerId / reqId), if it is a stream reply.
std::optional<int> stream_reply_id(const tws::Response& r) {
  if (auto* m = std::get_if<tws::ErrorMessage>(&r)) return static_cast<int>(m->id);
  if (auto* m = std::get_if<tws::TickPrice>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::TickSize>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::TickString>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::TickGeneric>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::TickReqParams>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::MarketDataType>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::RealTimeBar>(&r)) return m->req_id;
  if (auto* m = std::get_if<tws::HistoricalDataUpdate>(&r)) return m->req_id;
  return std::nullopt;
}

std::string delayed_message(const std::string& symbol) {
  return symbol + ": live data not subscribed, using delayed data (15-20 min)";
}

}  // namespace

struct MarketDataClient::Impl : std::enable_shared_from_this<Impl> {
  enum class Kind : std::uint8_t { kQuotes, kBars };

  struct Stream {
    StreamId id = 0;
    Kind kind = Kind::kQuotes;
    tws::Contract contract;
    std::string symbol;
    std::string what_to_show;  // real-time bars
    QuoteCallback on_quote;
    BarCallback on_bar;
    QuoteBuilder quote;
    std::optional<trading::BarAggregator> aggregator;
    trading::BadBarGuard guard;
    RequestId pacer_id = kNoRequest;
    int req_id = 0;  // the wire id on `session`, 0 when none
    std::weak_ptr<tws::ClientSession> session;
    SubscriptionId subscription = 0;
    bool delayed = false;
    int applies = 0;
  };

  Impl(asio::any_io_executor ex, ConnectionManager& cm, PacingDriver& p, const Clock& c, MarketDataOptions o)
      : executor(std::move(ex)), connections(cm), pacer(p), clock(c), options(std::move(o)) {}

  asio::any_io_executor executor;
  ConnectionManager& connections;
  PacingDriver& pacer;
  const Clock& clock;
  MarketDataOptions options;
  MarketDataStats stats;
  std::vector<NoticeCallback> notice_listeners;

  StreamId next_stream = 1;
  std::map<StreamId, std::unique_ptr<Stream>> streams;
  std::unordered_map<int, StreamId> by_req_id;  // wire ids of the current session
  std::unordered_set<int> retired_ids;          // cancelled or replaced wire ids of the current session
  std::weak_ptr<tws::ClientSession> current;    // the session the two maps above belong to
  std::weak_ptr<tws::ClientSession> delayed_session;  // where reqMarketDataType(3) was sent
  std::set<std::string> delayed_announced;            // symbols told about, for `current`
  bool stopped = false;

  void notify(NoticeKind kind, const std::string& symbol, int code, std::string message) {
    MarketDataNotice n{kind, symbol, code, std::move(message)};
    spdlog::info("market data: {}", n.message);
    auto listeners = notice_listeners;
    for (auto& l : listeners) l(n);
  }

  // A new session: the wire ids of the old one mean nothing any more.
  void note_session(const std::shared_ptr<tws::ClientSession>& s) {
    if (current.lock() == s) return;
    current = s;
    by_req_id.clear();
    retired_ids.clear();
    delayed_announced.clear();
  }

  Stream* find(StreamId id) {
    auto it = streams.find(id);
    return it == streams.end() ? nullptr : it->second.get();
  }

  bool wire_is_current(const Stream& st) const {
    auto s = st.session.lock();
    return st.req_id != 0 && s && s == current.lock() && s->is_connected();
  }

  // Forgets the stream's wire id; later replies for it are dropped and counted.
  void retire_wire(Stream& st) {
    if (st.req_id != 0 && st.session.lock() == current.lock()) {
      by_req_id.erase(st.req_id);
      retired_ids.insert(st.req_id);
    }
    st.req_id = 0;
    st.session.reset();
  }

  std::string cancel_frame(const Stream& st, int server_version) const {
    if (st.kind == Kind::kQuotes) return tws::encode(tws::CancelMktData{st.req_id}, server_version);
    return tws::encode(tws::CancelRealTimeBars{st.req_id}, server_version);
  }

  void send_delayed_type(tws::ClientSession& s) {
    tws::ReqMarketDataType type;
    type.market_data_type = tws::market_data_type::kDelayed;
    (void)s.send(tws::encode(type, s.info().server_version));
  }

  // The pacer lets the stream's request go (first send, or a line given back after a rotation).
  void send_stream(StreamId id) {
    Stream* st = find(id);
    auto s = connections.session();
    if (!st || !s) return;  // no session: the ConnectionManager re-applies the stream on connect
    note_session(s);
    if (wire_is_current(*st)) {  // already live here (e.g. re-queued by a session reset): replace it
      (void)s->send(cancel_frame(*st, s->info().server_version));
      retire_wire(*st);
    }
    if (st->delayed && delayed_session.lock() != s) {
      send_delayed_type(*s);
      delayed_session = s;
    }
    const int sv = s->info().server_version;
    st->req_id = s->next_request_id();
    st->session = s;
    by_req_id[st->req_id] = id;
    std::string frame;
    if (st->kind == Kind::kQuotes) {
      tws::ReqMktData req;
      req.req_id = st->req_id;
      req.contract = st->contract;
      frame = tws::encode(req, sv);
    } else {
      tws::ReqRealTimeBars req;
      req.req_id = st->req_id;
      req.contract = st->contract;
      req.what_to_show = st->what_to_show;
      req.use_rth = options.realtime_use_rth;
      frame = tws::encode(req, sv);
    }
    ++stats.stream_sends;
    (void)s->send(std::move(frame));
  }

  // The pacer takes the stream's line away for a while (rotation): cancel it on the wire.
  void rotate_out(StreamId id) {
    Stream* st = find(id);
    if (!st) return;
    if (wire_is_current(*st)) {
      auto s = st->session.lock();
      (void)s->send(cancel_frame(*st, s->info().server_version));
    }
    retire_wire(*st);
  }

  void submit_stream(Stream& st) {
    PacedRequest paced;
    paced.kind = st.kind == Kind::kQuotes ? RequestKind::kMarketData : RequestKind::kRealTimeBars;
    paced.label = st.symbol;
    paced.tag = static_cast<std::int64_t>(st.id);
    std::weak_ptr<Impl> weak = shared_from_this();
    const StreamId id = st.id;
    paced.send = [weak, id] {
      if (auto self = weak.lock()) self->send_stream(id);
    };
    paced.cancel = [weak, id] {
      if (auto self = weak.lock()) self->rotate_out(id);
    };
    auto submitted = pacer.submit(std::move(paced));
    if (!submitted) {
      notify(NoticeKind::kStreamEnded, st.symbol, 0, st.symbol + ": stream not queued: " + submitted.error().message);
      st.pacer_id = kNoRequest;
      return;
    }
    st.pacer_id = *submitted;
  }

  // Drops whatever the pacer holds for the stream and queues it afresh.
  void resubmit(Stream& st) {
    if (st.pacer_id != kNoRequest) pacer.on_request_failed(st.pacer_id);
    st.pacer_id = kNoRequest;
    retire_wire(st);
    submit_stream(st);
  }

  // ConnectionManager: a session is ready (connect, reconnect) or 1101 lost the streams.
  void apply(StreamId id, tws::ClientSession& session) {
    Stream* st = find(id);
    if (!st) return;
    note_session(session.shared_from_this());
    if (st->applies++ > 0) ++stats.resubscriptions;
    if (st->delayed && delayed_session.lock().get() != &session) {
      send_delayed_type(session);
      delayed_session = session.shared_from_this();
    }
    resubmit(*st);
  }

  // Ends a stream for good (an error the client cannot fix).
  void end_stream(StreamId id) {
    Stream* st = find(id);
    if (!st) return;
    if (st->pacer_id != kNoRequest) pacer.on_request_failed(st->pacer_id);
    retire_wire(*st);
    auto sub = st->subscription;
    streams.erase(id);
    connections.unsubscribe(sub);
  }

  bool cancel(StreamId id) {
    Stream* st = find(id);
    if (!st) return false;
    if (st->pacer_id != kNoRequest && !pacer.withdraw(st->pacer_id)) {
      // Live: its cancel goes through the pacer, which frees the line when it is sent.
      PacedRequest paced;
      paced.kind = st->kind == Kind::kQuotes ? RequestKind::kMarketDataCancel : RequestKind::kRealTimeBarsCancel;
      paced.target = st->pacer_id;
      paced.label = st->symbol;
      if (wire_is_current(*st)) {
        std::weak_ptr<tws::ClientSession> session = st->session;
        auto s = session.lock();
        std::string frame = cancel_frame(*st, s->info().server_version);
        paced.send = [session, frame] {
          if (auto live = session.lock(); live && live->is_connected()) (void)live->send(frame);
        };
      }
      if (!pacer.submit(std::move(paced))) pacer.on_request_failed(st->pacer_id);
    }
    st->pacer_id = kNoRequest;
    retire_wire(*st);
    auto sub = st->subscription;
    streams.erase(id);
    connections.unsubscribe(sub);
    return true;
  }

  void announce_delayed(const std::string& symbol) {
    if (!delayed_announced.insert(symbol).second) return;
    ++stats.delayed_fallbacks;
    notify(NoticeKind::kDelayedData, symbol, 0, delayed_message(symbol));
  }

  void on_stream_error(Stream& st, const tws::ErrorMessage& err) {
    const auto kind = classify_market_data_error(err.code, err.message);
    const std::string text = st.symbol + ": error " + std::to_string(err.code) + ": " + err.message;
    switch (kind) {
      case MarketDataErrorKind::kInfo:
        return;
      case MarketDataErrorKind::kDelayedActive:
        st.delayed = true;
        announce_delayed(st.symbol);
        return;
      case MarketDataErrorKind::kRateLimit:
        (void)pacer.on_pacing_error(err.code, st.pacer_id, err.message);
        notify(NoticeKind::kPacing, st.symbol, err.code, text);
        return;
      case MarketDataErrorKind::kNotSubscribed:
        if (options.allow_delayed && !st.delayed) {
          st.delayed = true;
          announce_delayed(st.symbol);
          if (auto s = connections.session(); s && delayed_session.lock() != s) {
            send_delayed_type(*s);
            delayed_session = s;
          }
          resubmit(st);
          return;
        }
        notify(NoticeKind::kNotSubscribed, st.symbol, err.code, text);
        end_stream(st.id);
        return;
      case MarketDataErrorKind::kLineLimit: {
        auto reaction = pacer.on_pacing_error(err.code, st.pacer_id, err.message);
        retire_wire(st);  // the scheduler re-queues the stream and sends it again when a line frees up
        notify(NoticeKind::kLineLimit, st.symbol, err.code, text + " (" + reaction.reason + ")");
        return;
      }
      case MarketDataErrorKind::kPacingViolation: {
        auto reaction = pacer.on_pacing_error(err.code, st.pacer_id, err.message);
        retire_wire(st);
        notify(NoticeKind::kPacing, st.symbol, err.code, text + " (" + reaction.reason + ")");
        if (reaction.action == PacingAction::kAbandoned) {
          st.pacer_id = kNoRequest;
          end_stream(st.id);
        } else if (reaction.action != PacingAction::kRetryLater) {
          resubmit(st);
        }
        return;
      }
      case MarketDataErrorKind::kStreamLost:
        resubmit(st);
        return;
      case MarketDataErrorKind::kUnknownSymbol:
        notify(NoticeKind::kUnknownSymbol, st.symbol, err.code, "unknown symbol '" + st.symbol + "': " + err.message);
        end_stream(st.id);
        return;
      default:
        notify(NoticeKind::kStreamEnded, st.symbol, err.code, text);
        end_stream(st.id);
        return;
    }
  }

  void on_realtime_bar(Stream& st, const tws::RealTimeBar& rtb) {
    ++stats.realtime_bars;
    if (!st.aggregator) return;
    const trading::Bar small = to_bar(rtb);
    std::optional<trading::Bar> closed[2] = {st.aggregator->on_bar(small), st.aggregator->flush(small.end())};
    const StreamId id = st.id;
    for (auto& bar : closed) {
      if (!bar) continue;
      Stream* live = find(id);  // a callback may have cancelled the stream
      if (!live) return;
      auto verdict = live->guard.check(*bar);
      if (verdict.quarantined()) {
        ++stats.bars_quarantined;
        notify(NoticeKind::kBarQuarantined, live->symbol, 0,
               live->symbol + ": bar at " + std::to_string(epoch_seconds(bar->start)) + " quarantined: " + verdict.reason);
        continue;
      }
      ++stats.bars_closed;
      if (live->on_bar) live->on_bar(live->symbol, *bar);
    }
  }

  void on_message(const tws::Response& r) {
    auto id = stream_reply_id(r);
    if (!id || *id < 0) return;
    auto s = connections.session();
    if (!s || current.lock() != s) return;  // nothing of ours is live on this session yet
    auto it = by_req_id.find(*id);
    if (it == by_req_id.end()) {
      if (retired_ids.contains(*id)) ++stats.late_dropped;
      return;
    }
    Stream* st = find(it->second);
    if (!st) return;
    if (auto* err = std::get_if<tws::ErrorMessage>(&r)) {
      on_stream_error(*st, *err);
      return;
    }
    if (auto* type = std::get_if<tws::MarketDataType>(&r)) {
      if (type->market_data_type == tws::market_data_type::kDelayed ||
          type->market_data_type == tws::market_data_type::kDelayedFrozen) {
        st->delayed = true;
        announce_delayed(st->symbol);
      }
      return;
    }
    if (auto* rtb = std::get_if<tws::RealTimeBar>(&r)) {
      on_realtime_bar(*st, *rtb);
      return;
    }
    if (st->kind != Kind::kQuotes) return;
    const bool is_tick = std::holds_alternative<tws::TickPrice>(r) || std::holds_alternative<tws::TickSize>(r) ||
                         std::holds_alternative<tws::TickString>(r) || std::holds_alternative<tws::TickGeneric>(r);
    if (!is_tick) return;
    ++stats.ticks;
    if (st->quote.apply(r, clock.now())) {
      ++stats.quote_updates;
      if (st->on_quote) st->on_quote(st->symbol, st->quote.state());
    }
  }

  Result<StreamId> add_stream(std::unique_ptr<Stream> st) {
    if (st->symbol.empty()) return fail(ErrorCode::kInvalidArgument, "a stream needs a contract with a symbol");
    const StreamId id = next_stream++;
    st->id = id;
    const std::string name = std::string(st->kind == Kind::kQuotes ? "quotes " : "bars ") + st->symbol;
    streams.emplace(id, std::move(st));
    std::weak_ptr<Impl> weak = shared_from_this();
    Subscription sub;
    sub.name = name;
    sub.apply = [weak, id](tws::ClientSession& session) {
      if (auto self = weak.lock()) self->apply(id, session);
    };
    // cancel() handles the wire and the pacer itself, connected or not.
    auto sub_id = connections.subscribe(std::move(sub));
    if (Stream* live = find(id)) live->subscription = sub_id;
    return id;
  }
};

MarketDataClient::MarketDataClient(asio::any_io_executor executor, ConnectionManager& connections, PacingDriver& pacer,
                                   const Clock& clock, MarketDataOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), connections, pacer, clock, std::move(options))) {
  std::weak_ptr<Impl> weak = impl_;
  connections.on_message([weak](const tws::Response& r) {
    if (auto self = weak.lock()) self->on_message(r);
  });
}

MarketDataClient::~MarketDataClient() {
  std::vector<StreamId> ids;
  for (auto& [id, st] : impl_->streams) ids.push_back(id);
  for (auto id : ids) impl_->cancel(id);
}

void MarketDataClient::on_notice(NoticeCallback callback) { impl_->notice_listeners.push_back(std::move(callback)); }
const MarketDataStats& MarketDataClient::stats() const { return impl_->stats; }
std::size_t MarketDataClient::stream_count() const { return impl_->streams.size(); }
bool MarketDataClient::cancel(StreamId stream) { return impl_->cancel(stream); }

const QuoteState* MarketDataClient::quote_state(StreamId stream) const {
  auto* st = impl_->find(stream);
  return st ? &st->quote.state() : nullptr;
}

Result<StreamId> MarketDataClient::stream_quotes(const tws::Contract& contract, QuoteCallback on_quote) {
  auto st = std::make_unique<Impl::Stream>();
  st->kind = Impl::Kind::kQuotes;
  st->contract = contract;
  st->symbol = contract.symbol;
  st->on_quote = std::move(on_quote);
  st->delayed = false;
  return impl_->add_stream(std::move(st));
}

Result<StreamId> MarketDataClient::stream_bars(const tws::Contract& contract, trading::BarSize size,
                                               BarCallback on_bar, BarStreamOptions stream) {
  auto st = std::make_unique<Impl::Stream>();
  st->kind = Impl::Kind::kBars;
  st->contract = contract;
  st->symbol = stream.label.empty() ? contract.symbol : std::move(stream.label);
  st->what_to_show =
      stream.what_to_show.empty() ? impl_->options.realtime_what_to_show : std::move(stream.what_to_show);
  st->on_bar = std::move(on_bar);
  st->aggregator.emplace(size);
  // TRADES bars: an interval without a trade has no bar, as in IB's history.
  st->aggregator->ignore_tradeless_input(st->what_to_show == "TRADES");
  st->guard = trading::BadBarGuard(impl_->options.guard);
  return impl_->add_stream(std::move(st));
}

asio::awaitable<Result<std::vector<trading::Bar>>> MarketDataClient::historical_bars(tws::Contract contract,
                                                                                    HistoricalQuery query) {
  auto self = impl_;
  auto& im = *self;
  auto size = trading::BarSize::parse(query.bar_size);
  if (!size) co_return std::unexpected(size.error());
  const std::string symbol = contract.symbol;
  HistoricalKey key;
  key.contract = contract.con_id != 0 ? std::to_string(contract.con_id)
                                      : contract.symbol + ":" + contract.sec_type + ":" + contract.currency;
  key.exchange = contract.exchange;
  key.bar_size = query.bar_size;
  key.duration = query.duration;
  key.what_to_show = query.what_to_show;
  key.end_date_time = query.end;
  key.use_rth = query.use_rth;

  for (int attempt = 0;; ++attempt) {
    PacedRequest paced;
    paced.kind = RequestKind::kHistorical;
    paced.label = symbol;
    paced.historical = key;
    auto grant = co_await im.pacer.acquire(std::move(paced), im.options.pacing_wait);
    if (!grant) co_return std::unexpected(grant.error());
    auto session = im.connections.session();
    if (!session) {
      im.pacer.on_request_failed(*grant);
      co_return fail(ErrorCode::kDisconnected, "historical bars for '" + symbol + "': not connected");
    }
    const int sv = session->info().server_version;
    const int req_id = session->next_request_id();
    tws::ReqHistoricalData req;
    req.req_id = req_id;
    req.contract = contract;
    req.end_date_time = query.end;
    req.bar_size = query.bar_size;
    req.duration = query.duration;
    req.use_rth = query.use_rth;
    req.what_to_show = query.what_to_show;
    req.format_date = 2;
    std::string frame = tws::encode(req, sv);
    HistoricalAssembler assembler(sv);
    std::function<bool(const tws::Response&)> on_reply = [&assembler](const tws::Response& r) {
      return assembler.on_reply(r);
    };
    ++im.stats.historical_requests;
    const auto timeout = query.timeout.value_or(im.options.request_timeout);
    auto status = co_await session->request(req_id, std::move(frame), on_reply, timeout);
    if (status) {
      im.pacer.on_historical_done(*grant);
      std::vector<trading::Bar> bars;
      bars.reserve(assembler.bars().size());
      for (const auto& b : assembler.bars()) {
        auto bar = to_bar(b, size->length());
        if (!bar) co_return fail(ErrorCode::kParse, "historical bars for '" + symbol + "': " + bar.error().message);
        bars.push_back(*bar);
      }
      co_return bars;
    }
    const Error err = status.error();
    if (err.code == ErrorCode::kTimeout) {
      ++im.stats.historical_timeouts;
      if (session->is_connected()) {
        tws::CancelHistoricalData cancel;
        cancel.req_id = req_id;
        (void)session->send(tws::encode(cancel, sv));
      }
      im.pacer.on_historical_done(*grant);
      co_return fail(ErrorCode::kTimeout, "historical bars for '" + symbol + "': " + err.message);
    }
    if (err.code != ErrorCode::kBroker) {
      im.pacer.on_request_failed(*grant);
      co_return fail(err.code, "historical bars for '" + symbol + "': " + err.message);
    }
    const auto kind = classify_market_data_error(err.broker_code, err.message);
    auto reaction = im.pacer.on_pacing_error(err.broker_code, *grant, err.message);
    if (kind == MarketDataErrorKind::kPacingViolation) {
      // The scheduler re-queued the request; this coroutine re-acquires it instead, so take it back.
      im.pacer.withdraw(*grant);
      im.notify(NoticeKind::kPacing, symbol, err.broker_code,
                symbol + ": historical pacing violation, retrying later (" + reaction.reason + ")");
      if (reaction.action == PacingAction::kAbandoned || attempt + 1 >= im.options.max_pacing_retries) {
        co_return fail(ErrorCode::kBroker, "historical bars for '" + symbol + "': gave up after " +
                                               std::to_string(attempt + 1) + " pacing violations", err.broker_code);
      }
      ++im.stats.pacing_retries;
      continue;
    }
    im.pacer.on_request_failed(*grant);
    if (kind == MarketDataErrorKind::kNoData) co_return std::vector<trading::Bar>{};
    if (kind == MarketDataErrorKind::kUnknownSymbol) {
      im.notify(NoticeKind::kUnknownSymbol, symbol, err.broker_code, "unknown symbol '" + symbol + "': " + err.message);
      co_return fail(ErrorCode::kNotFound, "unknown symbol '" + symbol + "': " + err.message, err.broker_code);
    }
    co_return fail(ErrorCode::kBroker, "historical bars for '" + symbol + "': " + err.message, err.broker_code);
  }
}

asio::awaitable<Result<QuoteState>> MarketDataClient::snapshot(tws::Contract contract) {
  auto self = impl_;
  auto& im = *self;
  const std::string symbol = contract.symbol;
  bool delayed = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    PacedRequest paced;
    paced.kind = RequestKind::kMarketData;
    paced.snapshot = true;
    paced.label = symbol;
    auto grant = co_await im.pacer.acquire(std::move(paced), im.options.pacing_wait);
    if (!grant) co_return std::unexpected(grant.error());
    auto session = im.connections.session();
    if (!session) {
      im.pacer.on_request_failed(*grant);
      co_return fail(ErrorCode::kDisconnected, "snapshot for '" + symbol + "': not connected");
    }
    im.note_session(session);
    if (delayed && im.delayed_session.lock() != session) {
      im.send_delayed_type(*session);
      im.delayed_session = session;
    }
    const int sv = session->info().server_version;
    const int req_id = session->next_request_id();
    tws::ReqMktData req;
    req.req_id = req_id;
    req.contract = contract;
    req.snapshot = true;
    std::string frame = tws::encode(req, sv);
    QuoteBuilder builder;
    const Clock& clock = im.clock;
    std::function<bool(const tws::Response&)> on_reply = [&builder, &clock](const tws::Response& r) {
      if (std::holds_alternative<tws::TickSnapshotEnd>(r)) return true;
      (void)builder.apply(r, clock.now());
      return false;
    };
    ++im.stats.snapshots;
    auto status = co_await session->request(req_id, std::move(frame), on_reply, im.options.snapshot_timeout);
    if (status || (status.error().code == ErrorCode::kTimeout && builder.ticks() > 0)) {
      im.pacer.on_snapshot_end(*grant);
      if (builder.state().delayed) im.announce_delayed(symbol);
      co_return builder.state();
    }
    const Error err = status.error();
    if (err.code == ErrorCode::kBroker) {
      const auto kind = classify_market_data_error(err.broker_code, err.message);
      (void)im.pacer.on_pacing_error(err.broker_code, *grant, err.message);
      im.pacer.on_request_failed(*grant);
      if (kind == MarketDataErrorKind::kNotSubscribed && im.options.allow_delayed && !delayed) {
        delayed = true;
        im.announce_delayed(symbol);
        continue;
      }
      if (kind == MarketDataErrorKind::kUnknownSymbol) {
        im.notify(NoticeKind::kUnknownSymbol, symbol, err.broker_code, "unknown symbol '" + symbol + "': " + err.message);
        co_return fail(ErrorCode::kNotFound, "unknown symbol '" + symbol + "': " + err.message, err.broker_code);
      }
      co_return fail(ErrorCode::kBroker, "snapshot for '" + symbol + "': " + err.message, err.broker_code);
    }
    im.pacer.on_request_failed(*grant);
    co_return fail(err.code, "snapshot for '" + symbol + "': " + err.message);
  }
  co_return fail(ErrorCode::kBroker, "snapshot for '" + symbol + "': no data, live or delayed");
}

}  // namespace rt::ib
