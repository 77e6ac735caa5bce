#include "ib/broker/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <map>
#include <utility>

#include "ib/broker/order_event_mapper.hpp"

namespace rt::ib {

namespace asio = boost::asio;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct Reconciler::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::any_io_executor ex, ConnectionManager& c, IbBroker& b, trading::Oms& o, FillRecorder& r,
       store::OrderJournal& j, OrderGate& g, const Clock& cl, const MonotonicClock& mono, ReconcilerConfig cfg)
      : executor(ex),
        connections(c),
        broker(b),
        oms(o),
        recorder(r),
        journal(j),
        gate(g),
        clock(cl),
        monotonic(mono),
        config(cfg),
        wake(ex) {}

  asio::any_io_executor executor;
  ConnectionManager& connections;
  IbBroker& broker;
  trading::Oms& oms;
  FillRecorder& recorder;
  store::OrderJournal& journal;
  OrderGate& gate;
  const Clock& clock;
  const MonotonicClock& monotonic;  // the step deadlines
  ReconcilerConfig config;
  asio::steady_timer wake;
  bool stopped = false;

  // Scheduling: every ready session asks for one run.
  std::uint64_t wanted = 0;
  std::uint64_t served = 0;
  bool running = false;

  // Collection of the replies of the run in progress.
  bool collecting_orders = false;
  bool orders_done = false;
  std::vector<tws::OpenOrder> open_orders;
  std::map<std::int64_t, tws::OrderStatus> statuses;  // by perm id (order id when perm id is 0)
  int exec_req_id = 0;
  bool collecting_execs = false;
  bool execs_done = false;
  std::optional<Error> exec_error;
  std::vector<tws::ExecutionData> executions;

  std::uint64_t runs = 0;
  std::uint64_t completed = 0;
  std::uint64_t failures = 0;
  std::optional<ReconcileReport> last_report;
  std::optional<Error> last_error;

  void handle(const tws::Response& r) {
    if (auto* o = std::get_if<tws::OpenOrder>(&r)) {
      if (collecting_orders) open_orders.push_back(*o);
    } else if (auto* s = std::get_if<tws::OrderStatus>(&r)) {
      if (collecting_orders) statuses.insert_or_assign(s->perm_id != 0 ? s->perm_id : -s->order_id, *s);
    } else if (std::holds_alternative<tws::OpenOrderEnd>(r)) {
      if (collecting_orders) {
        orders_done = true;
        wake.cancel();
      }
    } else if (auto* e = std::get_if<tws::ExecutionData>(&r)) {
      if (collecting_execs && e->req_id == exec_req_id) executions.push_back(*e);
    } else if (auto* end = std::get_if<tws::ExecutionDataEnd>(&r)) {
      if (collecting_execs && end->req_id == exec_req_id) {
        execs_done = true;
        wake.cancel();
      }
    } else if (auto* err = std::get_if<tws::ErrorMessage>(&r)) {
      if (collecting_execs && err->id == exec_req_id && err->id > 0 && !(err->code >= 2100 && err->code < 2200)) {
        exec_error = Error{ErrorCode::kBroker, "reqExecutions: TWS " + std::to_string(err->code) + ": " + err->message,
                           err->code};
        execs_done = true;
        wake.cancel();
      }
    }
  }

  void on_state(const StateChange& change) {
    if (change.to == ConnectionState::kReady) {
      request_run();
    } else {
      gate.close(std::string("connection ") + to_string(change.to) + ": " + change.reason);
      wake.cancel();  // a run waiting on the old session gives up at once
    }
  }

  void request_run() {
    ++wanted;
    gate.close("reconciling with the broker");
    if (running || stopped) return;
    running = true;
    asio::co_spawn(executor, run_loop(shared_from_this()), asio::detached);
  }

  // Waits until `done()` or the deadline, or until the session `s` ends.
  asio::awaitable<bool> wait_until(const std::function<bool()>& done, const std::shared_ptr<tws::ClientSession>& s) {
    const auto deadline = monotonic.now() + config.step_timeout;
    while (!done()) {
      if (stopped || !s->is_connected() || connections.session() != s) co_return false;
      const auto now = monotonic.now();
      if (now >= deadline) co_return false;
      wake.expires_after(deadline - now);
      co_await wake.async_wait(kTuple);
    }
    co_return true;
  }

  asio::awaitable<void> pause(std::chrono::milliseconds d) {
    asio::steady_timer t(executor, d);
    co_await t.async_wait(kTuple);
  }

  static asio::awaitable<void> run_loop(std::shared_ptr<Impl> self) {
    while (!self->stopped && self->served < self->wanted) {
      const std::uint64_t target = self->wanted;
      for (int attempt = 1;; ++attempt) {
        auto r = co_await self->reconcile_once();
        if (self->stopped) break;
        if (r) break;
        auto s = self->connections.session();
        if (self->wanted != target || !s || !s->is_connected()) break;  // a later ready will ask again
        if (attempt >= self->config.max_attempts) {
          spdlog::error("orders: reconciliation failed {} times on this session; orders stay held: {}", attempt,
                        r.error().message);
          break;
        }
        co_await self->pause(self->config.retry_delay);
      }
      self->served = target;
    }
    self->running = false;
  }

  Result<std::string> fail_run(Error e) {
    ++failures;
    collecting_orders = false;
    collecting_execs = false;
    last_error = e;
    if (stopped) return std::unexpected(std::move(e));  // the borrowed objects may be gone
    gate.close("reconciliation failed: " + e.message);
    spdlog::warn("orders: reconciliation failed: {}", e.message);
    return std::unexpected(std::move(e));
  }

  asio::awaitable<Result<ReconcileReport>> reconcile_once() {
    auto self = shared_from_this();
    ++runs;
    gate.close("reconciling with the broker");
    auto s = connections.session();
    if (!s || !s->is_connected()) {
      co_return std::unexpected(fail_run(Error{ErrorCode::kDisconnected, "not connected to TWS"}).error());
    }
    const int sv = s->info().server_version;

    // 1. Order ids: never below what the broker or the journal has seen.
    auto nid = co_await s->request_next_valid_id(config.step_timeout);
    if (stopped) co_return std::unexpected(fail_run(Error{ErrorCode::kCancelled, "reconciler stopped"}).error());
    if (!nid) co_return std::unexpected(fail_run(Error{nid.error().code, "reqIds: " + nid.error().message}).error());
    broker.on_next_valid_id(*nid);

    // 2. Positions.
    auto positions = co_await s->request_positions(config.step_timeout);
    if (stopped) co_return std::unexpected(fail_run(Error{ErrorCode::kCancelled, "reconciler stopped"}).error());
    if (!positions) {
      co_return std::unexpected(fail_run(Error{positions.error().code, "reqPositions: " + positions.error().message}).error());
    }

    // 3. Open orders (every client's, so orders placed elsewhere are seen).
    open_orders.clear();
    statuses.clear();
    orders_done = false;
    collecting_orders = true;
    std::string orders_frame = config.all_clients ? tws::encode(tws::ReqAllOpenOrders{}, sv)
                                                  : tws::encode(tws::ReqOpenOrders{}, sv);
    if (auto st = s->send(std::move(orders_frame)); !st) co_return std::unexpected(fail_run(st.error()).error());
    std::function<bool()> orders_complete = [this] { return orders_done; };
    bool got_orders = co_await wait_until(orders_complete, s);
    collecting_orders = false;
    if (stopped) co_return std::unexpected(fail_run(Error{ErrorCode::kCancelled, "reconciler stopped"}).error());
    if (!got_orders) {
      co_return std::unexpected(
          fail_run(Error{s->is_connected() ? ErrorCode::kTimeout : ErrorCode::kDisconnected,
                         "open orders: no openOrderEnd within " + std::to_string(config.step_timeout.count()) + " ms"})
              .error());
    }

    // 4. Executions.
    executions.clear();
    exec_error.reset();
    execs_done = false;
    exec_req_id = s->next_request_id();
    collecting_execs = true;
    tws::ReqExecutions req;
    req.req_id = exec_req_id;
    req.filter.client_id = 0;  // every client: ids change between runs
    req.filter.account = broker.account();
    if (config.executions_since_day_start) req.filter.time = execution_filter_since_day_start(clock.now());
    std::string exec_frame = tws::encode(req, sv);
    if (auto st = s->send(std::move(exec_frame)); !st) co_return std::unexpected(fail_run(st.error()).error());
    std::function<bool()> execs_complete = [this] { return execs_done; };
    bool got_execs = co_await wait_until(execs_complete, s);
    collecting_execs = false;
    if (stopped) co_return std::unexpected(fail_run(Error{ErrorCode::kCancelled, "reconciler stopped"}).error());
    if (!got_execs) {
      co_return std::unexpected(
          fail_run(Error{s->is_connected() ? ErrorCode::kTimeout : ErrorCode::kDisconnected,
                         "executions: no execDetailsEnd within " + std::to_string(config.step_timeout.count()) + " ms"})
              .error());
    }
    if (exec_error) co_return std::unexpected(fail_run(*exec_error).error());
    if (connections.session() != s || !s->is_connected()) {
      co_return std::unexpected(fail_run(Error{ErrorCode::kDisconnected, "session ended while reconciling"}).error());
    }

    // 5. Build the input, plan, apply.
    auto report = apply(*s, *positions);
    if (!report) co_return std::unexpected(fail_run(report.error()).error());
    ++completed;
    last_error.reset();
    last_report = *report;
    gate.open();
    spdlog::info("orders: reconciled run {}: {} open orders, {} executions, {} positions at the broker; {} problems",
                 report->run, report->broker_open_orders, report->broker_executions, report->broker_positions,
                 report->problems.size());
    co_return *report;
  }

  Result<ReconcileReport> apply(const tws::ClientSession& s, const std::vector<tws::PositionData>& positions) {
    const Timestamp now = clock.now();
    const std::string account = broker.account();
    ReconcileReport report;
    report.at = now;
    report.run = runs;

    auto journaled = journal.load_orders();
    if (!journaled) return std::unexpected(journaled.error());
    trading::ReconcileInput in;
    in.journal_orders = std::move(*journaled);
    for (const auto& o : in.journal_orders) {
      if (o.broker_order_id > 0 && !o.external) broker.note_used_order_id(o.broker_order_id);
    }

    for (const auto& open : open_orders) {
      const tws::OrderStatus* st = nullptr;
      auto key = open.order.perm_id != 0 ? open.order.perm_id : -open.order_id;
      if (auto it = statuses.find(key); it != statuses.end()) st = &it->second;
      auto b = to_broker_open_order(open, st);
      if (!b) {
        report.problems.push_back("unreadable open order: " + b.error().message);
        continue;
      }
      if (open.order.client_id == s.info().client_id && open.order_id > 0) {
        b->modifiable = true;
        broker.note_used_order_id(open.order_id);
        if (!b->order_ref.empty()) broker.remember(open.order_id, b->order_ref);
      }
      in.broker_orders.push_back(std::move(*b));
    }
    for (const auto& p : positions) {
      if (!account.empty() && !p.account.empty() && p.account != account) continue;
      in.broker_positions.push_back(to_broker_position(p));
    }
    for (const auto& e : executions) {
      if (!account.empty() && !e.account.empty() && e.account != account) continue;
      auto f = to_fill(e, now);
      if (!f) {
        report.problems.push_back("unreadable execution: " + f.error().message);
        continue;
      }
      in.broker_executions.push_back(std::move(*f));
    }
    const trading::LedgerState ledger = recorder.ledger().state();
    in.ledger_exec_ids = ledger.exec_ids;
    auto taken = journal.load_applied_exec_ids();
    if (!taken) return std::unexpected(taken.error());
    in.order_exec_ids.insert(taken->begin(), taken->end());
    for (const auto& [symbol, p] : ledger.positions) {
      in.ledger_positions.push_back(trading::BrokerPosition{symbol, p.quantity, p.avg_cost});
    }
    report.broker_open_orders = in.broker_orders.size();
    report.broker_executions = in.broker_executions.size();
    report.broker_positions = in.broker_positions.size();

    trading::ReconcilePlan plan = trading::reconcile(in);
    for (auto& m : plan.fills_to_apply) m.fill.order_ref = m.order_ref;
    for (auto& m : plan.order_fills_to_apply) m.fill.order_ref = m.order_ref;

    // Missing fills go to the ledger store first (each in its own transaction), then the OMS.
    for (const auto& m : plan.fills_to_apply) {
      auto w = recorder.apply_fill(m.fill);
      if (!w) {
        recorder.publish();
        return std::unexpected(Error{w.error().code, "fill " + m.fill.exec_id + " not stored: " + w.error().message});
      }
    }
    auto events = oms.apply_reconciliation(plan);
    recorder.publish();
    if (!events) report.problems.push_back("external order not recorded: " + events.error().message);

    for (const auto& b : plan.external_orders) {
      report.problems.push_back("external order at the broker (perm id " + std::to_string(b.perm_id) + ", ref '" +
                                b.order_ref + "'): " + std::string(trading::to_string(b.side)) + " " +
                                b.quantity.to_string() + " " + b.symbol + ", flagged, not traded");
    }
    for (const auto& f : plan.external_fills) {
      report.problems.push_back("execution " + f.fill.exec_id + " of an order the journal does not know: " +
                                std::string(trading::to_string(f.fill.side)) + " " + f.fill.quantity.to_string() +
                                " " + f.fill.symbol + ", not applied");
    }
    for (const auto& m : plan.order_fills_to_apply) {
      report.problems.push_back("execution " + m.fill.exec_id + " was in the ledger but not on order " +
                                m.order_ref + " (stopped between the two writes): applied to the order");
    }
    for (const auto& ref : plan.not_sent) {
      report.problems.push_back("order " + ref + " was journaled but never reached the broker: marked Inactive");
    }
    for (const auto& ref : plan.gone_at_broker) {
      report.problems.push_back("order " + ref + " is no longer open at the broker: marked Inactive");
    }
    for (const auto& m : plan.position_mismatches) {
      report.problems.push_back("position mismatch in " + m.symbol + ": broker " + m.broker_quantity.to_string() +
                                ", ledger " + m.expected_quantity.to_string());
    }
    for (const auto& line : report.problems) spdlog::warn("orders: reconcile: {}", line);
    report.plan = std::move(plan);
    return report;
  }
};

Reconciler::Reconciler(asio::any_io_executor executor, ConnectionManager& connections, IbBroker& broker,
                       trading::Oms& oms, FillRecorder& recorder, store::OrderJournal& journal, OrderGate& gate,
                       const Clock& clock, const MonotonicClock& monotonic, ReconcilerConfig config)
    : impl_(std::make_shared<Impl>(executor, connections, broker, oms, recorder, journal, gate, clock, monotonic,
                                   config)) {}

Reconciler::~Reconciler() {
  impl_->stopped = true;
  impl_->wake.cancel();
}

void Reconciler::attach() {
  std::weak_ptr<Impl> weak = impl_;
  impl_->connections.on_message([weak](const tws::Response& r) {
    if (auto self = weak.lock(); self && !self->stopped) self->handle(r);
  });
  impl_->connections.on_state_change([weak](const StateChange& c) {
    if (auto self = weak.lock(); self && !self->stopped) self->on_state(c);
  });
  if (impl_->connections.state() == ConnectionState::kReady) impl_->request_run();
}

asio::awaitable<Result<ReconcileReport>> Reconciler::reconcile_once() {
  auto self = impl_;
  co_return co_await self->reconcile_once();
}

bool Reconciler::ready_for_orders() const { return impl_->gate.is_open(); }
std::optional<ReconcileReport> Reconciler::last_report() const { return impl_->last_report; }
std::uint64_t Reconciler::completed() const { return impl_->completed; }
std::uint64_t Reconciler::failures() const { return impl_->failures; }
std::optional<Error> Reconciler::last_error() const { return impl_->last_error; }

}  // namespace rt::ib
