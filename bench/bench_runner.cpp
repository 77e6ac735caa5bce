// The trader on simulated time against the in-process emulator:
// - BM_RunnerSymbols/N: N symbols traded for 20 real seconds of a simulated day (speed 300):
//   CPU seconds per real second, peak RSS, bars and orders; the kernel's tick-to-order latency
//   (5-second bar decoded and delivered -> order handed to the broker) as p50/p99 counters.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <vector>

#include "gateway/gateway_server.hpp"
#include "runner/trader.hpp"

namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long max_rss_kb() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::vector<std::string> symbols(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string s;
    int k = i;
    for (int j = 0; j < 3; ++j, k /= 26) s += static_cast<char>('A' + k % 26);
    out.push_back("S" + s);
  }
  return out;
}

void BM_RunnerSymbols(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<double> latencies_us;
  double cpu = 0, wall = 0;
  std::int64_t bars = 0, orders = 0;
  for (auto _ : state) {
    asio::io_context io;
    rt::SystemClock clock;
    rt::SteadyClock steady;
    rt::gateway::GatewayConfig g;
    g.port = 0;
    g.market.speed = 300;
    g.market.start = rt::gateway::parse_new_york_time("2025-01-15 09:35").value();
    rt::gateway::GatewayServer server(io, g, clock, steady);
    const auto port = server.start().value();
    const auto path = std::filesystem::temp_directory_path() / ("rt-bench-runner-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    auto db = rt::store::Database::open(path.string()).value();
    rt::runner::TraderOptions o;
    o.config.symbols = symbols(n);
    o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
    o.config.bar_size = "1 min";
    o.config.history_duration = "1 D";
    o.config.risk.max_open_positions = 1000;
    o.port = port;
    o.clock_speed = 300;
    o.starting_cash = g.starting_cash;
    o.out = [](const std::string&) {};
    rt::runner::Trader trader(io.get_executor(), server.market_clock(), clock, steady, db, o);
    trader.on_order_latency([&](std::chrono::nanoseconds d) { latencies_us.push_back(static_cast<double>(d.count()) / 1e3); });
    asio::steady_timer until(io, 20s);
    until.async_wait([&](boost::system::error_code) { trader.stop("bench"); });
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    asio::co_spawn(io, trader.run(), [&](std::exception_ptr, rt::Result<rt::runner::TraderSummary> r) {
      if (r) {
        bars += r->bars;
        orders += r->orders;
      }
      server.stop();
      io.stop();
    });
    io.run();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu += cpu_seconds() - c0;
    std::filesystem::remove(path);
  }
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty() ? 0.0 : latencies_us[static_cast<std::size_t>(p * static_cast<double>(latencies_us.size() - 1))];
  };
  state.counters["cpu_per_wall"] = wall > 0 ? cpu / wall : 0;
  state.counters["max_rss_mb"] = static_cast<double>(max_rss_kb()) / 1024.0;
  state.counters["bars"] = static_cast<double>(bars);
  state.counters["orders"] = static_cast<double>(orders);
  state.counters["tick_to_order_p50_us"] = pct(0.50);
  state.counters["tick_to_order_p99_us"] = pct(0.99);
}
BENCHMARK(BM_RunnerSymbols)->Arg(100)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
