// Market data against the emulator over loopback TCP, with IB's limits enforced the way TWS does
// (historical pacing 162, message rate 100, 100 market-data lines 101): the production stack
// (ConnectionManager, PacingDriver, ContractResolver, MarketDataClient) must never provoke one
// (D1, D2, D7), must recover from one it is forced into, and must never hand one symbol's late
// reply to another (C13).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "ib/market_data/market_data_stack.hpp"
#include "support/emulator_fixture.hpp"
#include "support/io_runner.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::ib {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Wednesday 15 January 2025, 10:00 New York: the market is open and has an hour of history.
Timestamp market_morning() {
  using namespace std::chrono;
  return trading::EasternTime::to_utc(trading::Date{year{2025}, month{1}, day{15}}, hours(10));
}

std::string symbol_name(int i) {
  // Plausible US tickers the emulator resolves: letters only.
  std::string s = "Q";
  for (int n = i; ; n /= 26) {
    s += static_cast<char>('A' + n % 26);
    if (n < 26) break;
  }
  return s;
}

class MarketDataEmulatorTest : public test::EmulatorFixture {
 protected:
  void TearDown() override {
    if (stack_) stack_->stop();
    stack_.reset();
    if (server_) server_->stop();
    io_.restart();
    io_.poll();
    EmulatorFixture::TearDown();
  }

  // A market that is open, ten times faster than real time.
  void start_market(const std::vector<std::string>& faults = {}) {
    gateway::GatewayConfig config;
    config.market.start = market_morning();
    config.market.speed = 10;
    start_gateway(std::move(config), faults);
  }

  // IB's published limits unless a test loosens one on purpose.
  // `clock` dates instrument names and the front month (the emulator's market day, for futures).
  void make_stack(PacingPolicy pacing = {}, MarketDataOptions options = {}, const Clock* clock = nullptr) {
    ConnectionManagerConfig c = fast_config(2000ms, 200ms, 2000ms);
    c.ids.configured_id = 7;
    c.heartbeat_interval = 5s;
    auto made = MarketDataStack::create(io_.get_executor(), c, pacing, std::move(options),
                                        clock != nullptr ? *clock : clock_, steady_);
    ASSERT_TRUE(made.has_value()) << made.error().message;
    stack_ = std::move(*made);
    stack_->client().on_notice([this](const MarketDataNotice& n) { notices_.push_back(n); });
    stack_->start();
  }

  [[nodiscard]] const gateway::LimitCounters& limits() const { return server_->limits(); }

  void run(std::function<asio::awaitable<void>()> body, std::chrono::seconds limit = 90s) {
    test::run_coroutine(io_, std::move(body), limit);
  }

  ManualClock market_day_;  // outlives the stack, which reads it until TearDown
  std::unique_ptr<MarketDataStack> stack_;
  std::vector<MarketDataNotice> notices_;
};

// Instrument names resolve to what TWS lists: a future without a month to its front month with
// the exchange's terms, a month named outright, a currency pair as CASH; a name that cannot be read
// is refused before any request, and an unlisted month is TWS's "no security definition".
TEST_F(MarketDataEmulatorTest, FuturesAndCurrencyNamesResolveToTheListedContracts) {
  start_market();
  market_day_.set(market_morning());  // 15 January 2025: March is the front month
  make_stack({}, {}, &market_day_);
  run([&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await stack_->connections().wait_ready(5s));
    auto& resolver = stack_->resolver();
    auto front = co_await resolver.resolve(std::string("ES.FUT.CME"));
    CO_ASSERT(front.has_value(), front ? "" : front.error().message);
    EXPECT_EQ(front->contract.local_symbol, "ESH5");
    EXPECT_EQ(front->contract.sec_type, "FUT");
    EXPECT_EQ(front->contract.last_trade_date_or_contract_month, "20250321");
    EXPECT_NE(front->contract.con_id, 0);
    EXPECT_EQ(front->instrument.name, "ES.FUT.CME");
    EXPECT_EQ(front->instrument.local_symbol, "ESH5");
    EXPECT_EQ(front->instrument.contract_month, "202503");
    EXPECT_EQ(front->instrument.multiplier, Decimal::from_int(50));
    EXPECT_EQ(front->instrument.tick_size, *Decimal::parse("0.25"));

    auto june = co_await resolver.resolve(std::string("ESM5"));
    CO_ASSERT(june.has_value(), june ? "" : june.error().message);
    EXPECT_EQ(june->contract.local_symbol, "ESM5");
    EXPECT_NE(june->contract.con_id, front->contract.con_id);

    auto pair = co_await resolver.resolve(std::string("EUR.USD"));
    CO_ASSERT(pair.has_value(), pair ? "" : pair.error().message);
    EXPECT_EQ(pair->contract.sec_type, "CASH");
    EXPECT_EQ(pair->contract.exchange, "IDEALPRO");
    EXPECT_EQ(pair->contract.local_symbol, "EUR.USD");
    EXPECT_EQ(pair->instrument.type, trading::SecType::kCash);

    const auto sent = resolver.requests_sent();
    auto unreadable = co_await resolver.resolve(std::string("ESF5"));
    CO_ASSERT(!unreadable.has_value());
    EXPECT_EQ(unreadable.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(resolver.requests_sent(), sent) << "a name that cannot be read sends nothing";

    auto unlisted = co_await resolver.resolve(std::string("ESZ9"));
    CO_ASSERT(!unlisted.has_value());
    EXPECT_EQ(unlisted.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unlisted.error().broker_code, 200);
  });
}

// D1, D2: fifty symbols resolved, streamed and each fetched twice (5-minute and 30-second bars,
// the latter counting toward IB's 60-per-10-minutes rule), all at once.
TEST_F(MarketDataEmulatorTest, FiftySymbolsStreamedAndFetchedConcurrentlyProvokeNoPacingViolation) {
  start_market();
  make_stack();
  run([&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await stack_->connections().wait_ready(5s));
    auto& md = stack_->client();
    std::set<std::string> quoted;
    std::map<std::string, std::size_t> five_min;
    std::map<std::string, std::size_t> thirty_sec;
    int done = 0;
    int failed = 0;
    std::string first_failure;
    for (int i = 0; i < 50; ++i) {
      const std::string symbol = symbol_name(i);
      asio::co_spawn(
          io_,
          [&, symbol]() -> asio::awaitable<void> {
            auto resolved = co_await stack_->resolver().resolve(symbol);
            if (!resolved) {
              ++failed;
              first_failure = resolved.error().message;
              ++done;
              co_return;
            }
            (void)md.stream_quotes(resolved->contract, [&](std::string_view sym, const QuoteState&) {
              quoted.insert(std::string(sym));
            });
            HistoricalQuery coarse;
            coarse.duration = "3600 S";
            coarse.bar_size = "5 mins";
            HistoricalQuery fine;
            fine.duration = "1800 S";
            fine.bar_size = "30 secs";
            for (auto* q : {&coarse, &fine}) {
              auto bars = co_await md.historical_bars(resolved->contract, *q);
              if (!bars) {
                ++failed;
                first_failure = bars.error().message;
              } else {
                (q == &coarse ? five_min : thirty_sec)[symbol] = bars->size();
              }
            }
            ++done;
          },
          asio::detached);
    }
    const bool finished = co_await test::eventually([&] { return done == 50 && quoted.size() == 50U; }, 80s);
    CO_ASSERT(finished, "done " + std::to_string(done) + ", quoted " + std::to_string(quoted.size()));
    EXPECT_EQ(failed, 0) << first_failure;
    EXPECT_EQ(five_min.size(), 50U);
    EXPECT_EQ(thirty_sec.size(), 50U);
    for (const auto& [sym, n] : five_min) EXPECT_GE(n, 6U) << sym;
    for (const auto& [sym, n] : thirty_sec) EXPECT_GE(n, 30U) << sym;
    EXPECT_EQ(limits().historical_pacing, 0U);
    EXPECT_EQ(limits().historical_open, 0U);
    EXPECT_EQ(limits().message_rate, 0U);
    EXPECT_EQ(limits().market_data_lines, 0U);
    EXPECT_EQ(stack_->client().stats().pacing_retries, 0U);
  });
}

// D1: a client pacer loosened on purpose (ten requests for one contract in 2 s where IB allows
// five) provokes real 162s from the emulator; each is retried after the backoff and every request
// still gets its bars.
TEST_F(MarketDataEmulatorTest, AForcedPacingViolationIsRetriedAndEveryRequestCompletes) {
  start_market();
  PacingPolicy loose;
  loose.same_contract_max = 10;
  loose.historical_backoff_initial = 500ms;
  loose.historical_backoff_max = 2s;
  make_stack(loose);
  run([&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await stack_->connections().wait_ready(5s));
    auto resolved = co_await stack_->resolver().resolve("AAPL");
    CO_ASSERT(resolved.has_value(), resolved.error().message);
    auto& md = stack_->client();
    int done = 0;
    int ok = 0;
    std::string first_failure;
    for (int i = 0; i < 8; ++i) {
      HistoricalQuery q;  // eight different requests: the identical-request rule is not the point
      q.duration = std::to_string(600 * (i + 1)) + " S";
      q.bar_size = "1 min";
      asio::co_spawn(
          io_,
          [&, q]() -> asio::awaitable<void> {
            auto bars = co_await md.historical_bars(resolved->contract, q);
            if (bars && !bars->empty()) {
              ++ok;
            } else if (!bars) {
              first_failure = bars.error().message;
            }
            ++done;
          },
          asio::detached);
    }
    const bool finished = co_await test::eventually([&] { return done == 8; }, 60s);
    CO_ASSERT(finished, "done " + std::to_string(done));
    EXPECT_EQ(ok, 8) << first_failure;
    EXPECT_GE(limits().historical_pacing, 1U) << "the loosened pacer should have provoked a 162";
    EXPECT_GE(md.stats().pacing_retries, 1U);
    int pacing_notices = 0;
    for (const auto& n : notices_) pacing_notices += n.kind == NoticeKind::kPacing ? 1 : 0;
    EXPECT_GE(pacing_notices, 1);
  });
}

// D7: 150 symbols and the emulator's 100 lines: the first 100 stream, the other 50 wait in the
// pacer and take turns (round-robin rotation) without a single 101 from the server.
TEST_F(MarketDataEmulatorTest, HundredFiftySymbolsOnAHundredLinesTakeTurnsWithoutError101) {
  start_market();
  PacingPolicy pacing;
  pacing.rotation_dwell = 2s;
  pacing.rotation_rest = 1s;
  make_stack(pacing);
  run([&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await stack_->connections().wait_ready(5s));
    auto& md = stack_->client();
    std::set<std::string> quoted;
    for (int i = 0; i < 150; ++i) {
      auto stream = md.stream_quotes(ContractResolver::stock(symbol_name(i)),
                                     [&](std::string_view sym, const QuoteState&) { quoted.insert(std::string(sym)); });
      CO_ASSERT(stream.has_value(), stream.error().message);
    }
    const bool hundred = co_await test::eventually([&] { return quoted.size() >= 100U; }, 20s);
    CO_ASSERT(hundred, "quoted " + std::to_string(quoted.size()));
    EXPECT_LE(stack_->pacer().scheduler().lines_in_use(), 100);
    const bool all = co_await test::eventually([&] { return quoted.size() == 150U; }, 60s);
    EXPECT_TRUE(all) << "quoted " << quoted.size();
    EXPECT_EQ(limits().market_data_lines, 0U);
    EXPECT_EQ(limits().message_rate, 0U);
    EXPECT_GE(stack_->pacer().scheduler().stats().rotations_out, 1U);
  });
}

// C13: one symbol's historical request times out; its reply arrives late while another symbol's
// request is waiting. The waiting request gets only its own bars; the late reply is dropped and
// counted.
TEST_F(MarketDataEmulatorTest, ALateHistoricalReplyIsDroppedAndNeverHandedToTheNextSymbol) {
  start_market({"slow-historical:800"});
  make_stack();
  run([&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await stack_->connections().wait_ready(5s));
    auto& md = stack_->client();
    HistoricalQuery slow;
    slow.duration = "3600 S";
    slow.bar_size = "1 min";
    slow.timeout = 200ms;
    auto timed_out = co_await md.historical_bars(ContractResolver::stock("ORCL"), slow);
    CO_ASSERT(!timed_out.has_value());
    EXPECT_EQ(timed_out.error().code, ErrorCode::kTimeout);
    // ORCL's 60 one-minute bars land about 600 ms from now, while MSFT's request waits for its own.
    HistoricalQuery waiting;
    waiting.duration = "3600 S";
    waiting.bar_size = "5 mins";
    waiting.timeout = 5s;
    auto msft = co_await md.historical_bars(ContractResolver::stock("MSFT"), waiting);
    CO_ASSERT(msft.has_value(), msft.error().message);
    CO_ASSERT(!msft->empty());
    EXPECT_LE(msft->size(), 13U) << "one-minute bars were handed to the five-minute request";
    for (const auto& bar : *msft) EXPECT_EQ(bar.length, std::chrono::minutes(5));
    for (std::size_t i = 1; i < msft->size(); ++i) {
      EXPECT_EQ((*msft)[i].start - (*msft)[i - 1].start, std::chrono::minutes(5));
    }
    auto session = stack_->connections().session();
    CO_ASSERT(session != nullptr);
    EXPECT_GE(session->stats().late_replies_dropped, 1U);
    EXPECT_EQ(md.stats().historical_timeouts, 1U);
  });
}

}  // namespace
}  // namespace rt::ib
