// The market over real loopback TCP: a GatewayServer on a fast simulated clock (600 simulated
// seconds per real second from 2025-01-15 10:00 New York) driven by the raw test client. Waits
// are on frames with deadlines, never sleeps.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>

#include "gateway/gateway_server.hpp"
#include "gateway_test_client.hpp"
#include "market_test_support.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
using testing::RawClient;

constexpr double kSpeed = 600.0;

class MarketServerTest : public ::testing::Test {
 protected:
  void start(GatewayConfig config = {}) {
    config.port = 0;
    config.market.start = testing::market_morning();
    config.market.speed = kSpeed;
    server_ = std::make_unique<GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
    client_ = std::make_unique<RawClient>(io_);
    ASSERT_TRUE(client_->connect(port_));
    client_->handshake(7);
    sv_ = client_->server_version();
  }

  void TearDown() override {
    client_.reset();
    if (server_) server_->stop();
    io_.poll();
  }

  template <class M>
  void send(const M& m) {
    ASSERT_TRUE(client_->send(tws::encode(tws::Request{m}, sv_)));
  }

  // The next frame, decoded; nullopt on timeout or EOF.
  std::optional<tws::Response> next(std::chrono::milliseconds timeout = testing::kDeadline) {
    auto r = client_->read_frame(timeout);
    if (r.status != RawClient::Status::kFrame) return std::nullopt;
    const auto frame = testing::frame_of(r.fields);
    auto decoded = tws::decode_response(std::string_view(frame).substr(4), sv_);
    EXPECT_TRUE(decoded.has_value()) << (decoded ? "" : decoded.error().message);
    if (!decoded) return std::nullopt;
    return *decoded;
  }

  // Reads until `done(response)` holds; every frame read is kept in `seen_`.
  template <class Pred>
  bool read_until(Pred done, std::chrono::milliseconds timeout = testing::kDeadline) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
      if (!r) return false;
      seen_.push_back(*r);
      if (done(*r)) return true;
    }
    return false;
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<GatewayServer> server_;
  std::unique_ptr<RawClient> client_;
  std::vector<tws::Response> seen_;
  std::uint16_t port_ = 0;
  int sv_ = 0;
};

TEST_F(MarketServerTest, RealTimeBarsAggregateToTheHistoricalFiveMinuteBars) {
  start();
  tws::ReqRealTimeBars rt;
  rt.req_id = 1;
  rt.contract = testing::stock("AAPL");
  send(rt);
  // Collect 5-second bars until two whole 5-minute buckets are covered.
  std::map<std::int64_t, tws::RealTimeBar> bars;
  const auto bucket_of = [](std::int64_t t) { return t / 300 * 300; };
  std::int64_t full_bucket = 0;
  ASSERT_TRUE(read_until([&](const tws::Response& r) {
    if (const auto* b = std::get_if<tws::RealTimeBar>(&r)) {
      bars[b->time] = *b;
      const auto first = bars.begin()->first;
      const auto candidate = bucket_of(first) + (first % 300 == 0 ? 0 : 300);
      if (b->time >= candidate + 295) full_bucket = candidate;
    }
    return full_bucket != 0;
  }, 10s));
  // The 5-second bars arrive once each, 5 s apart.
  for (auto it = std::next(bars.begin()); it != bars.end(); ++it) EXPECT_EQ(it->first - std::prev(it)->first, 5);

  auto hist = testing::MarketSessionFixture::history(2, "AAPL", "5 mins", "600 S",
                                                     format_bar_time(Timestamp{std::chrono::seconds(full_bucket + 300)}));
  send(hist);
  ASSERT_TRUE(read_until([](const tws::Response& r) { return std::holds_alternative<tws::HistoricalData>(r); }));
  const auto data = std::get<tws::HistoricalData>(seen_.back());
  ASSERT_EQ(data.bars.size(), 2U);
  const auto& h = data.bars.back();
  EXPECT_EQ(h.date, format_bar_time(Timestamp{std::chrono::seconds(full_bucket)}));
  Decimal high = bars.at(full_bucket).high, low = bars.at(full_bucket).low, volume;
  int count = 0;
  for (std::int64_t t = full_bucket; t < full_bucket + 300; t += 5) {
    const auto& b = bars.at(t);
    high = std::max(high, b.high);
    low = std::min(low, b.low);
    volume += b.volume;
    count += b.count;
  }
  EXPECT_EQ(h.open, bars.at(full_bucket).open);
  EXPECT_EQ(h.close, bars.at(full_bucket + 295).close);
  EXPECT_EQ(h.high, high);
  EXPECT_EQ(h.low, low);
  EXPECT_EQ(h.volume, volume);
  EXPECT_EQ(h.count, count);
  EXPECT_EQ(server_->limits().violations(), 0U);
}

TEST_F(MarketServerTest, StreamingTicksArriveAndStopAfterCancel) {
  start();
  tws::ReqMktData m;
  m.req_id = 5;
  m.contract = testing::stock("MSFT");
  send(m);
  int prices = 0;
  ASSERT_TRUE(read_until([&](const tws::Response& r) {
    if (const auto* p = std::get_if<tws::TickPrice>(&r); p && p->req_id == 5) ++prices;
    return prices >= 30;
  }));
  EXPECT_TRUE(std::holds_alternative<tws::MarketDataType>(seen_.front()));
  send(tws::CancelMktData{5});
  send(tws::ReqCurrentTime{});  // a barrier: ticks sent before the cancel arrive before it
  ASSERT_TRUE(read_until([](const tws::Response& r) { return std::holds_alternative<tws::CurrentTime>(r); }));
  // At 600x a tick would be due every ~2 ms; none comes any more.
  auto after = next(testing::kQuiet);
  EXPECT_FALSE(after.has_value());
}

TEST_F(MarketServerTest, KeepUpToDateStreamsUpdatesOfTheFormingBar) {
  start();
  auto r = testing::MarketSessionFixture::history(9, "IBM", "1 min", "1800 S");
  r.keep_up_to_date = true;
  send(r);
  ASSERT_TRUE(read_until([](const tws::Response& x) { return std::holds_alternative<tws::HistoricalData>(x); }));
  int updates = 0;
  std::string last_date;
  ASSERT_TRUE(read_until([&](const tws::Response& x) {
    if (const auto* u = std::get_if<tws::HistoricalDataUpdate>(&x)) {
      EXPECT_EQ(u->req_id, 9);
      EXPECT_GE(u->bar.date, last_date);
      last_date = u->bar.date;
      ++updates;
    }
    return updates >= 15;
  }));
  send(tws::CancelHistoricalData{9});
  ASSERT_TRUE(read_until([](const tws::Response& x) {
    const auto* e = std::get_if<tws::ErrorMessage>(&x);
    return e && e->id == 9 && e->code == 162;
  }));
}

TEST_F(MarketServerTest, SlowHistoricalReplyArrivesLateWhileAnotherSymbolIsServed) {
  GatewayConfig config;
  ASSERT_TRUE(config.fault_plan.add("slow-historical:600:AAPL").has_value());
  start(std::move(config));
  send(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "1800 S"));
  send(testing::MarketSessionFixture::history(2, "MSFT", "1 min", "1800 S"));
  std::vector<int> order;
  ASSERT_TRUE(read_until([&](const tws::Response& r) {
    if (const auto* h = std::get_if<tws::HistoricalData>(&r)) order.push_back(h->req_id);
    return order.size() == 2;
  }));
  EXPECT_EQ(order, (std::vector<int>{2, 1}));
}

TEST_F(MarketServerTest, ContractDetailsAndUnknownSymbolOverTcp) {
  start();
  tws::ReqContractData cd;
  cd.req_id = 3;
  cd.contract = testing::stock("BRK.B");
  send(cd);
  ASSERT_TRUE(read_until([](const tws::Response& r) { return std::holds_alternative<tws::ContractDataEnd>(r); }));
  const auto details = testing::only<tws::ContractDetails>(seen_);
  ASSERT_EQ(details.size(), 1U);
  EXPECT_EQ(details[0].contract.symbol, "BRK B");
  cd.req_id = 4;
  cd.contract = testing::stock("99999");
  send(cd);
  ASSERT_TRUE(read_until([](const tws::Response& r) {
    const auto* e = std::get_if<tws::ErrorMessage>(&r);
    return e && e->id == 4;
  }));
  EXPECT_EQ(std::get<tws::ErrorMessage>(seen_.back()).code, 200);
  EXPECT_EQ(server_->limits().violations(), 0U);
  EXPECT_EQ(server_->limits().unknown_contracts, 1U);
}

TEST_F(MarketServerTest, MarketClockRunsAtItsSpeedFromItsStart) {
  start();
  const auto sim = server_->market_clock().now();
  EXPECT_GE(sim, testing::market_morning());
  EXPECT_LT(sim, testing::market_morning() + std::chrono::hours(2));
  send(tws::ReqCurrentTime{});
  ASSERT_TRUE(read_until([](const tws::Response& r) { return std::holds_alternative<tws::CurrentTime>(r); }));
  const auto reported = std::get<tws::CurrentTime>(seen_.back()).epoch_seconds;
  EXPECT_GE(reported, epoch_seconds(testing::market_morning()));
}

}  // namespace
}  // namespace rt::gateway
