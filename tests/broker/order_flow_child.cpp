// order_flow_child: the process the crash test (RELIABILITY O2) kills with SIGKILL and restarts.
//
//   order_flow_child PORT DB_PATH STEPS
//
// It connects to a running emulator, opens the SQLite store, waits until the order side has
// reconciled with the broker, prints "RECONCILED", waits for one line on stdin (the test checks
// the store in between), then works through a fixed sequence of STEPS orders through the OMS
// choke point: step i has order ref "flow-<i>"; a step whose ref the journal already knows is not
// placed again (it was sent, or reconciliation marked it not sent). Per symbol the sequence
// alternates a market BUY entry and a market SELL exit of the whole position. After each order
// reaches a final state it prints "STEP <i>". At the end it prints "DONE" and exits 0. Its log
// goes to stderr.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

#include "core/logging.hpp"
#include "ib/broker/broker_stack.hpp"
#include "ib/connection_manager.hpp"
#include "ib/pacing/pacing_driver.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::array<const char*, 4> kSymbols{"AAPL", "MSFT", "NVDA", "AMZN"};

asio::awaitable<bool> wait_for(const std::function<bool()>& done, std::chrono::milliseconds deadline) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) co_return false;
    t.expires_after(2ms);
    co_await t.async_wait(kTuple);
  }
  co_return true;
}

void say(const std::string& line) {
  std::cout << line << std::endl;  // flushed: the test reads it at once
}

bool is_done(const rt::trading::Order& o) {
  using rt::trading::OrderStatus;
  return o.filled_quantity >= o.intent.quantity || o.status == OrderStatus::Rejected ||
         o.status == OrderStatus::Inactive || o.status == OrderStatus::Cancelled;
}

asio::awaitable<int> run(rt::ib::BrokerStack& stack, rt::ib::ConnectionManager& connections, int steps) {
  auto ex = co_await asio::this_coro::executor;
  std::function<bool()> ready = [&] { return stack.ready_for_orders(); };
  if (!co_await wait_for(ready, 20s)) {
    say("FAIL not reconciled");
    co_return 2;
  }
  say("RECONCILED");
  {
    asio::posix::stream_descriptor in(ex, ::dup(STDIN_FILENO));
    asio::streambuf buf;
    co_await asio::async_read_until(in, buf, '\n', kTuple);
  }
  for (int i = 0; i < steps; ++i) {
    const std::string ref = "flow-" + std::to_string(i);
    const std::string symbol = kSymbols[static_cast<std::size_t>(i) % kSymbols.size()];
    if (const auto* known = stack.oms().find(ref)) {
      std::function<bool()> settled = [&] {
        const auto* o = stack.oms().find(ref);
        return o == nullptr || is_done(*o);
      };
      (void)co_await wait_for(settled, 5s);
      (void)known;
      say("STEP " + std::to_string(i) + " known");
      continue;
    }
    rt::trading::OrderIntent in;
    in.order_ref = ref;
    in.symbol = symbol;
    in.type = rt::trading::OrderType::Market;
    in.reference_price = rt::Decimal::from_int(100);
    const rt::Decimal held = stack.ledger().quantity(symbol);
    if (held.is_zero()) {
      in.side = rt::trading::Side::Buy;
      in.purpose = rt::trading::OrderPurpose::Entry;
      in.quantity = rt::Decimal::from_int(5 * (i % 3 + 1));
    } else {
      in.side = held.is_negative() ? rt::trading::Side::Buy : rt::trading::Side::Sell;
      in.purpose = rt::trading::OrderPurpose::Exit;
      in.quantity = held.abs();
    }
    std::function<bool()> can_send = [&] { return stack.ready_for_orders(); };
    if (!co_await wait_for(can_send, 20s)) {
      say("FAIL gate closed");
      co_return 3;
    }
    auto placed = stack.oms().submit(in);
    if (!placed) {
      say("STEP " + std::to_string(i) + " refused " + placed.error().message);
      continue;
    }
    say("PLACED " + std::to_string(i));
    std::function<bool()> settled = [&] { return is_done(*stack.oms().find(ref)); };
    if (!co_await wait_for(settled, 10s)) {
      say("FAIL step " + std::to_string(i) + " did not settle");
      co_return 4;
    }
    say("STEP " + std::to_string(i));
  }
  // Let trailing commission reports land before declaring the run complete.
  std::function<bool()> commissions = [&] { return stack.recorder().waiting_commissions() == 0; };
  (void)co_await wait_for(commissions, 2s);
  say("DONE");
  connections.stop();
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: order_flow_child PORT DB_PATH STEPS\n");
    return 64;
  }
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  const std::string db_path = argv[2];
  const int steps = std::atoi(argv[3]);
  // Logs go to stderr (the test keeps them per run); stdout carries only the protocol lines.
  if (!rt::setup_logging("debug")) return 64;

  asio::io_context io;
  rt::SystemClock clock;
  rt::SteadyClock steady;
  rt::ib::ConnectionManagerConfig cm;
  cm.connect.port = port;
  cm.ids.configured_id = 4242;
  cm.connect.tcp_timeout = cm.connect.version_timeout = cm.connect.ready_timeout = 2000ms;
  cm.backoff.initial = 20ms;
  cm.backoff.max = 200ms;
  cm.backoff.min_login_interval = 20ms;
  cm.handshake_lock_dir.reset();
  rt::ib::ConnectionManager connections(io.get_executor(), cm, clock, steady);

  auto scheduler = rt::ib::PacingScheduler::create(rt::ib::PacingPolicy{}, clock);
  if (!scheduler) return 70;
  rt::ib::PacingDriver pacer(io.get_executor(), std::move(*scheduler), clock);

  auto db = rt::store::Database::open(db_path);
  if (!db) {
    std::fprintf(stderr, "open %s: %s\n", db_path.c_str(), db.error().describe().c_str());
    return 71;
  }
  rt::ib::BrokerStackConfig config;
  config.starting_cash = rt::Decimal::from_int(100000);
  config.reconcile.executions_since_day_start = false;  // the emulator's day is simulated
  config.reconcile.step_timeout = 3000ms;
  config.oms.max_entry_orders_per_day = 100000;
  auto stack = rt::ib::BrokerStack::create(io.get_executor(), connections, &pacer, *db, clock, steady, config);
  if (!stack) {
    std::fprintf(stderr, "order side: %s\n", stack.error().describe().c_str());
    return 72;
  }
  (*stack)->start();
  connections.start();
  int rc = 1;
  asio::co_spawn(io, run(**stack, connections, steps), [&](std::exception_ptr e, int code) {
    rc = e ? 5 : code;
    pacer.stop();
    connections.stop();
    io.stop();
  });
  io.run();
  return rc;
}
