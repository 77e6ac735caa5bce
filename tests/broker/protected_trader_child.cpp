// protected_trader_child: the real trader, as the protection kill test (RELIABILITY P6) runs it, to
// be killed with SIGKILL and restarted against a running emulator whose market clock it shares.
//
//   protected_trader_child PORT DB_PATH ANCHOR_REAL_NS ANCHOR_MARKET_NS SPEED SYMBOL
//
// The market clock reads ANCHOR_MARKET_NS at the real instant ANCHOR_REAL_NS (ns since the epoch,
// system clock) and runs SPEED times faster: the emulator's own clock, so both agree on the market
// time. It trades SYMBOL with sma_cross (3, 8) on 1-minute bars and a 1 % trailing stop held at the
// broker (risk.protection = broker). Every line the trader reports goes to stdout, flushed; the
// log to stderr. Exits 0 when the trader ends, 2 on a startup failure.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/logging.hpp"
#include "runner/trader.hpp"
#include "store/database.hpp"

namespace {

class AnchoredClock final : public rt::Clock {
 public:
  AnchoredClock(rt::Timestamp real, rt::Timestamp market, double speed) : real_(real), market_(market), speed_(speed) {}
  [[nodiscard]] rt::Timestamp now() const override {
    const auto real = wall_.now() - real_;
    return market_ + std::chrono::duration_cast<rt::Duration>(real * speed_);
  }

 private:
  rt::SystemClock wall_;
  rt::Timestamp real_;
  rt::Timestamp market_;
  double speed_;
};

rt::Timestamp at_ns(const char* text) { return rt::Timestamp{rt::Duration{std::strtoll(text, nullptr, 10)}}; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: protected_trader_child PORT DB_PATH ANCHOR_REAL_NS ANCHOR_MARKET_NS SPEED SYMBOL\n";
    return 2;
  }
  if (!rt::setup_logging("info")) return 64;
  const double speed = std::strtod(argv[5], nullptr);
  AnchoredClock market(at_ns(argv[3]), at_ns(argv[4]), speed);
  rt::SystemClock wall;
  rt::SteadyClock steady;
  auto db = rt::store::Database::open(argv[2]);
  if (!db) {
    std::cout << "FAIL " << db.error().describe() << std::endl;
    return 2;
  }
  rt::runner::TraderOptions o;
  o.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  o.clock_speed = speed;
  o.starting_cash = rt::Decimal::from_int(100000);
  o.ready_timeout = std::chrono::seconds(10);
  o.store_poll = std::chrono::milliseconds(50);
  o.config.symbols = {argv[6]};
  o.config.strategy = "sma_cross";
  o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
  o.config.bar_size = "1 min";
  o.config.history_duration = "1 D";
  o.config.risk.cooldown = rt::Duration{0};
  o.config.trailing_stops = true;
  o.config.stop_pct = rt::Decimal::from_int(1);
  o.config.protection = rt::trading::Protection::kBroker;
  o.out = [](const std::string& line) { std::cout << line << std::endl; };
  boost::asio::io_context io;
  rt::runner::Trader trader(io.get_executor(), market, wall, steady, *db, std::move(o));
  int code = 0;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto result = co_await trader.run();
        if (!result) {
          std::cout << "FAIL " << result.error().message << std::endl;
          code = 2;
        }
      },
      boost::asio::detached);
  io.run();
  return code;
}
