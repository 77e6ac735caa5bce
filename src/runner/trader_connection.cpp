#include "runner/trader_impl.hpp"

namespace rt::runner {

using namespace std::chrono_literals;

namespace {

bool is_live_port(std::uint16_t port) { return port == 7496 || port == 4001; }

}  // namespace

asio::awaitable<void> Trader::Impl::wait_real(std::chrono::milliseconds d) {
  wake.expires_after(d);
  (void)co_await wake.async_wait(kTuple);
}

asio::awaitable<void> Trader::Impl::sleep_until_market(Timestamp t) {
  // Waits on the steady timer for the market-clock interval at its speed; re-checks the clock.
  while (!stopping) {
    const auto now = market_clock.now();
    if (now >= t) co_return;
    const double real_ns = static_cast<double>((t - now).count()) / std::max(options.clock_speed, 1e-9);
    auto wait = std::chrono::nanoseconds(static_cast<std::int64_t>(real_ns)) + 1ms;
    if (wait > std::chrono::nanoseconds(60s)) wait = 60s;  // re-check now and then (clock jumps)
    wake.expires_after(wait);
    (void)co_await wake.async_wait(kTuple);
  }
}

asio::awaitable<Status> Trader::Impl::adopt_account_cash(const std::string& acct) {
  // A new database knows no cash: size nothing on zero equity, take the account's.
  if (options.starting_cash) co_return Status{};
  auto unknown = broker->cash_unknown();
  if (!unknown) co_return std::unexpected(unknown.error());
  if (!*unknown) co_return Status{};
  auto session = connections->session();
  if (!session) co_return fail(ErrorCode::kDisconnected, "the session closed before the account's cash was read");
  auto rows = co_await session->request_account_summary("TotalCashValue", options.ready_timeout);
  if (!rows) {
    co_return fail(rows.error().code, "could not read the account's cash (TotalCashValue) for a new database: " +
                                          rows.error().message);
  }
  for (const auto& row : *rows) {
    if (row.account != acct || row.tag != "TotalCashValue") continue;
    auto cash = Decimal::parse(row.value);
    if (!cash) {
      co_return fail(ErrorCode::kParse, "account " + acct + ": TotalCashValue '" + row.value + "' is not a number");
    }
    auto adopted = broker->adopt_starting_cash(*cash, market_clock.now());
    if (!adopted) co_return std::unexpected(adopted.error());
    out("starting cash " + money(*cash) + " " + row.currency + " from account " + acct + " (a new database)");
    co_return Status{};
  }
  co_return fail(ErrorCode::kNotFound, "account " + acct + " reported no TotalCashValue: the starting cash of a new "
                                       "database is unknown");
}

asio::awaitable<bool> Trader::Impl::wait_for_connection() {
  const auto since = monotonic.now();
  auto next_note = since;
  bool noted = false;
  const std::string where = config.host + ":" + std::to_string(options.port);
  while (!connections->session()) {
    if (stopping) co_return false;
    const auto now = monotonic.now();
    if (options.connect_wait && now - since >= *options.connect_wait) co_return false;
    // After the first failed attempt, then once a minute: what it waits for and why.
    const auto failure = connections->last_failure();
    if ((failure || connections->state() == ib::ConnectionState::kBackingOff) && now >= next_note) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
      out("waiting for TWS/IB Gateway at " + where + " (" + std::to_string(waited) + " s so far, " +
          (options.connect_wait ? "up to " + std::to_string(options.connect_wait->count() / 1000) + " s"
                                : std::string("until stopped")) +
          "): " + (failure ? failure->describe(config.host, options.port) : std::string("not connected")) + "; " +
          (connections->history().empty() ? std::string() : connections->history().back().reason));
      next_note = now + (noted ? 60s : 60s - (now - since));
      noted = true;
    }
    co_await wait_real(250ms);  // stop() cancels it; a ready session cancels it too
  }
  co_return true;
}

asio::awaitable<Status> Trader::Impl::connect_and_reconcile() {
  auto self = shared_from_this();
  connections->on_state_change([weak = std::weak_ptr<Impl>(self)](const ib::StateChange& change) {
    auto me = weak.lock();
    if (!me || me->stopping) return;
    me->changed();
    if (change.to == ib::ConnectionState::kReady) {
      if (!me->started) me->wake.cancel();  // the startup wait
      return;
    }
    if (change.to == ib::ConnectionState::kDegraded) {
      me->out("connection degraded: " + change.reason);
      return;
    }
    if (change.from == ib::ConnectionState::kReady || change.from == ib::ConnectionState::kDegraded) {
      me->out("connection lost: " + change.reason + "; entries frozen until reconnected and reconciled");
      if (me->desk) (void)me->desk->trip_kill_switch(trading::KillSwitchKind::Connection, "connection lost: " + change.reason,
                                                     me->market_clock.now());
    }
  });
  broker->recorder().set_fill_listener([weak = std::weak_ptr<Impl>(self)](const trading::BookedFill& booked) {
    if (auto me = weak.lock(); me && me->kernel) me->on_fill_booked(booked);
  });
  broker->start();  // the order feed first, then the reconciler
  connections->on_message([weak = std::weak_ptr<Impl>(self)](const tws::Response& m) {
    auto me = weak.lock();
    if (!me || !me->desk) return;
    if (std::holds_alternative<tws::ExecutionData>(m) || std::holds_alternative<tws::CommissionReport>(m)) {
      // A fill or its commission moves the day's P&L: the loss limit is checked then, not only at
      // the next bar boundary.
      me->mark_account();
      me->changed();
    } else if (std::holds_alternative<tws::OpenOrder>(m) || std::holds_alternative<tws::OrderStatus>(m)) {
      me->changed();  // an order acknowledged or changed at the broker
    }
  });
  connections->start();
  if (!co_await wait_for_connection()) {
    if (stopping) co_return fail(ErrorCode::kCancelled, "stopped while waiting for TWS/IB Gateway");
    auto failure = connections->last_failure();
    co_return fail(ErrorCode::kDisconnected,
                   failure ? failure->describe(config.host, options.port) : "the API did not become ready in time");
  }
  // Paper-first: a live account or a live port needs --live AND allow_live = true.
  auto info = connections->session_info();
  const bool live_allowed = options.live_flag && config.allow_live;
  std::string acct = config.account;
  if (acct.empty() && info && !info->accounts.empty()) acct = info->accounts.front();
  if (!live_allowed) {
    if (!acct.starts_with("DU")) {
      co_return fail(ErrorCode::kInvalidArgument,
                     "account '" + acct + "' is not a paper account (DU...): robotrader trades paper accounts only "
                     "unless both --live is given and allow_live = true is set in the configuration");
    }
    if (is_live_port(options.port)) {
      co_return fail(ErrorCode::kInvalidArgument,
                     "port " + std::to_string(options.port) + " is a live trading port (7496 TWS, 4001 Gateway): use "
                     "a paper port (7497, 4002), or give --live together with allow_live = true");
    }
  }
  auto bound = state_store.bind_account(acct, market_clock.now());
  if (!bound) co_return std::unexpected(bound.error());
  if (*bound != acct) {
    co_return fail(ErrorCode::kInvalidArgument,
                   "database " + db.path() + " keeps the books of account " + *bound + ", and this session trades " +
                       acct + ": one account per database (use another --db, or trading.account = \"" + *bound +
                       "\")");
  }
  account_code = acct;
  if (info) {
    if (auto st = state_store.save_client_id(info->client_id, market_clock.now()); !st) {
      out("store error: client id: " + st.error().message);
    }
  }
  if (auto st = pnl->watch_account(acct); !st) co_return st;
  out("connected: server version " + std::to_string(info ? info->server_version : 0) + ", account " + acct +
      (live_allowed ? " (LIVE trading allowed)" : " (paper)") + ", client id " +
      std::to_string(info ? info->client_id : 0));
  if (auto st = co_await adopt_account_cash(acct); !st) co_return st;
  // Reconcile before any order.
  const auto deadline = monotonic.now() + options.ready_timeout;
  while (!gate_open()) {
    if (stopping) co_return fail(ErrorCode::kCancelled, "stopped while reconciling");
    if (monotonic.now() > deadline) {
      auto e = broker->reconciler().last_error();
      co_return fail(ErrorCode::kTimeout, "reconciliation with the broker did not finish: " +
                                              (e ? e->message : broker->gate().reason()));
    }
    co_await wait_real(20ms);
  }
  if (auto r = broker->reconciler().last_report()) {
    out("reconciled: " + std::to_string(r->broker_positions) + " broker positions, " +
        std::to_string(r->broker_open_orders) + " open orders, " + std::to_string(r->broker_executions) +
        " executions today");
    for (const auto& p : r->problems) out("reconcile: " + p);
    apply_mismatches(*r);
  }
  gate_was_open = true;
  reconciles_seen = broker->reconciler().completed();
  keep_protection(true);
  changed();
  co_return Status{};
}

}  // namespace rt::runner
