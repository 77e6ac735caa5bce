// bench_bar_to_order: a 5-second bar's arrival to the placeOrder frame written on a loopback TCP
// socket, in process, through the code the live trader runs: the BarAggregator (5-second bars
// into 1-minute bars; the first 5-second bar of a minute closes the one before), trading::Kernel
// (strategy, decision), TradingDesk (sizing, RiskEngine, kill switch), Oms::submit (journal
// first, then the broker), and a Broker that builds the placeOrder (ib::build_place_order),
// encodes its frame at server version 200 and sends it (one send(2), as the client session's
// write). Per order the time from the 5-second bar to the frame's send is sampled, and p50/p99
// reported as counters:
// - BM_BarToOrderFrame/0: the journal in memory (the in-memory part of the path);
// - BM_BarToOrderFrame/1: the journal on a SQLite file, synchronous=FULL as in production (each
//   order durable before it is sent).
// A strategy that alternates Buy and Sell makes every bar an order; each order is filled (ledger,
// OMS, kernel) outside the timed span, so the next bar's signal trades again.
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backtest/memory_journal.hpp"
#include "ib/broker/place_order_builder.hpp"
#include "runner/live_account.hpp"
#include "store/database.hpp"
#include "store/order_journal.hpp"
#include "trading/data/bar_aggregator.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/oms/oms.hpp"
#include "trading/portfolio/ledger.hpp"
#include "tws/messages/codec.hpp"

namespace rt {
namespace {

using Steady = std::chrono::steady_clock;

class Alternating final : public trading::Strategy {
 public:
  trading::Signal on_bar(const trading::Bar&) override {
    buy_ = !buy_;
    return trading::Signal{buy_ ? trading::SignalSide::kBuy : trading::SignalSide::kSell, 1.0, "alternate"};
  }
  int warmup_bars() const override { return 0; }
  std::string_view name() const override { return "alternate"; }

 private:
  bool buy_ = false;
};

// A connected loopback TCP pair; the far end is drained after each order, outside the timed span.
struct LoopbackPair {
  int client = -1;
  int server = -1;
  LoopbackPair() {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 1) != 0 || ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      if (listener >= 0) ::close(listener);
      return;
    }
    client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) server = ::accept(listener, nullptr, nullptr);
    ::close(listener);
  }
  ~LoopbackPair() {
    if (client >= 0) ::close(client);
    if (server >= 0) ::close(server);
  }
  [[nodiscard]] bool ok() const { return client >= 0 && server >= 0; }
  void drain() const {
    char buf[4096];
    while (::recv(server, buf, sizeof buf, MSG_DONTWAIT) > 0) {
    }
  }
};

// The broker end of the path: the frame on the socket, and when send(2) returned.
class FrameBroker final : public trading::Broker {
 public:
  explicit FrameBroker(int fd) : fd_(fd) {}
  Result<std::int64_t> place(const trading::Order& order) override {
    auto m = ib::build_place_order(order, ++id_, route_);
    if (!m) return std::unexpected(m.error());
    frame_ = tws::encode(*m, 200);
    if (::send(fd_, frame_.data(), frame_.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(frame_.size())) {
      return fail(ErrorCode::kDisconnected, "send failed");
    }
    sent_at_ = Steady::now();
    return id_;
  }
  Status cancel(const trading::Order&) override { return {}; }
  [[nodiscard]] Steady::time_point sent_at() const { return sent_at_; }
  [[nodiscard]] std::size_t frame_size() const { return frame_.size(); }

 private:
  int fd_;
  ib::OrderRoute route_{"DU1234567", "SMART", "USD", "", std::nullopt};
  std::int64_t id_ = 0;
  std::string frame_;
  Steady::time_point sent_at_{};
};

trading::RiskLimits open_limits() {
  trading::RiskLimits l;
  l.max_open_positions = 1000;
  l.max_position_pct = Decimal::from_int(50);
  l.max_order_notional = Decimal::from_int(1'000'000'000);
  l.max_daily_notional = Decimal::from_int(1'000'000'000);
  l.max_leverage = Decimal::from_int(10);
  l.max_portfolio_heat_pct = Decimal::from_int(100);
  l.daily_loss_limit_pct = Decimal::from_int(100);
  l.cooldown = Duration{0};
  l.max_quote_age = std::chrono::minutes(10);
  return l;
}

void run(benchmark::State& state, trading::Journal& journal) {
  ManualClock clock(Timestamp{std::chrono::seconds(1'736'951'400)});  // 2025-01-15 14:30 UTC
  trading::Ledger ledger(Decimal::from_int(1'000'000));
  LoopbackPair socket;
  if (!socket.ok()) {
    state.SkipWithError("no loopback socket");
    return;
  }
  FrameBroker broker(socket.client);
  trading::OmsConfig oc;  // the OMS's own daily caps are not what this measures
  oc.max_entry_orders_per_day = std::int64_t{1} << 40;
  oc.max_entry_notional_per_day = Decimal::from_int(1'000'000'000);
  trading::Oms oms(clock, broker, journal, [&](const std::string& s) { return ledger.quantity(s); }, std::move(oc));
  runner::LiveAccount account(ledger, oms);
  trading::DeskConfig dc;
  dc.sizing.method = trading::SizingMethod::kShares;
  auto made = trading::TradingDesk::create(open_limits(), dc, clock, oms, journal, account);
  if (!made) {
    state.SkipWithError(made.error().message.c_str());
    return;
  }
  auto& desk = *made;
  trading::KernelConfig kc;
  kc.make_strategy = [](const std::string&) -> Result<std::unique_ptr<trading::Strategy>> {
    return std::make_unique<Alternating>();
  };
  auto kernel = trading::Kernel::create(std::move(kc), *desk).value();
  const trading::SymbolId id = kernel->add("AAPL").value();

  std::vector<double> micros;
  micros.reserve(1 << 16);
  // 5-second bars into 1-minute bars, as the trader streams them.
  trading::BarAggregator minutes(*trading::BarSize::parse("1 min"));
  trading::Bar small;
  small.length = std::chrono::seconds(5);
  small.open = small.high = small.low = small.close = Decimal::from_int(187);
  small.volume = Decimal::from_int(100);
  small.start = clock.now();
  std::int64_t exec = 0;
  for (auto _ : state) {
    // The minute's other eleven 5-second bars, untimed: only the one that closes it is the path.
    state.PauseTiming();
    for (int i = 0; i < 11; ++i) {
      small.start += small.length;
      (void)minutes.on_bar(small);
    }
    small.start += small.length;
    clock.set(small.end());
    state.ResumeTiming();
    const auto arrived = Steady::now();
    auto closed = minutes.on_bar(small);
    if (!closed) {
      state.SkipWithError("the minute did not close");
      break;
    }
    auto decision = kernel->on_bar(id, *closed);
    if (!decision) {
      state.SkipWithError("the strategy held");
      break;
    }
    const auto outcome = kernel->act(*decision, clock.now());
    if (outcome.action != trading::DeskAction::kSubmitted) {
      state.SkipWithError(("no order: " + outcome.detail).c_str());
      break;
    }
    micros.push_back(std::chrono::duration<double, std::micro>(broker.sent_at() - arrived).count());

    state.PauseTiming();
    socket.drain();
    const trading::Order* order = oms.find(outcome.detail);
    trading::Fill fill;
    fill.exec_id = "e" + std::to_string(++exec);
    fill.order_ref = outcome.detail;
    fill.symbol = "AAPL";
    fill.side = order->intent.side;
    fill.quantity = order->intent.quantity;
    fill.price = closed->close;
    fill.time = clock.now();
    const Decimal before = ledger.quantity("AAPL");
    (void)oms.on_fill(fill);
    auto delta = ledger.apply(fill);
    if (!delta) {
      state.SkipWithError("the ledger refused the fill");
      break;
    }
    kernel->on_fill(id, trading::BookedFill{fill, before, ledger.quantity("AAPL"), delta->realized});
    oms.forget_final_orders();
    desk->start_day();  // the daily notional cap is not what this measures
    state.ResumeTiming();
  }
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
  state.counters["frame_bytes"] = static_cast<double>(broker.frame_size());
  state.SetItemsProcessed(static_cast<std::int64_t>(micros.size()));
}

void BM_BarToOrderFrame(benchmark::State& state) {
  if (state.range(0) == 0) {
    backtest::MemoryJournal journal(false);
    run(state, journal);
    return;
  }
  std::string dir = (std::filesystem::temp_directory_path() / "rt_bench_bar_to_order_XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  {
    auto db = store::Database::open(dir + "/journal.db");
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      return;
    }
    store::OrderJournal journal(*db);
    run(state, journal);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_BarToOrderFrame)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace rt

BENCHMARK_MAIN();
