// `robotrader quote AAPL MSFT ...`: a quick look at live quotes. Resolves each symbol, then either
// takes one snapshot per symbol (--snapshot) or streams quotes, one line per update (a refreshing
// table when stdout is a terminal), until Ctrl-C, --seconds N, or the server closing the
// connection. --delayed falls back to delayed data where live data is not subscribed; --stats
// prints the messages received and their rate (first to last message) at exit. --json: a snapshot
// is one JSON document, a stream one JSON object a line (docs/schemas/quote.schema.json); failures
// then go to stderr only.
#include <CLI/CLI.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <chrono>
#include <csignal>
#include <functional>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <unistd.h>

#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/quote_json.hpp"
#include "apps/commands/table.hpp"
#include "ib/market_data/market_data_stack.hpp"

namespace rt::app {
namespace {

namespace asio = boost::asio;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kFlushEvery = std::chrono::milliseconds(100);
constexpr std::size_t kOutputBuffer = 1 << 18;

std::string clock_text(Timestamp t) {
  if (t == Timestamp{}) return "-";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  auto day_ms = ms % (24LL * 3600 * 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", day_ms / 3600000, day_ms / 60000 % 60,
                day_ms / 1000 % 60, day_ms % 1000);
  return buf;
}

std::string num(Decimal d) { return d.is_zero() ? "-" : d.to_string(); }

// Writes what num(d) returns at `p` (at most 22 bytes) and returns the end, without building
// strings: one quote line per update is the whole job of a piped `quote`.
char* put_num(char* p, Decimal d) {
  if (d.is_zero()) {
    *p++ = '-';
    return p;
  }
  const std::int64_t raw = d.raw();
  if (raw < 0) *p++ = '-';
  const std::uint64_t mag =
      raw < 0 ? static_cast<std::uint64_t>(-(raw + 1)) + 1 : static_cast<std::uint64_t>(raw);
  constexpr auto kScale = static_cast<std::uint64_t>(Decimal::kScale);
  p = std::to_chars(p, p + 20, mag / kScale).ptr;
  std::uint64_t frac = mag % kScale;
  if (frac == 0) return p;
  int n = Decimal::kScaleDigits;
  while (frac % 10 == 0) frac /= 10, --n;
  *p++ = '.';
  for (int i = n - 1; i >= 0; --i, frac /= 10) p[i] = static_cast<char>('0' + frac % 10);
  return p + n;
}

char* put_clock(char* p, Timestamp t) {
  if (t == Timestamp{}) {
    *p++ = '-';
    return p;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const auto day_ms = static_cast<unsigned>(ms % (24LL * 3600 * 1000));
  auto two = [&p](unsigned v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  two(day_ms / 3600000);
  *p++ = ':';
  two(day_ms / 60000 % 60);
  *p++ = ':';
  two(day_ms / 1000 % 60);
  *p++ = '.';
  const unsigned milli = day_ms % 1000;
  *p++ = static_cast<char>('0' + milli / 100);
  two(milli % 100);
  return p;
}

char* put_text(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// "HH:MM:SS.mmm SYM  bid B x S  ask A x S  last L x S[  (delayed)][  HALTED]\n" at `p`.
char* put_line(char* p, std::string_view symbol, const ib::QuoteState& s) {
  const auto& q = s.quote;
  p = put_clock(p, q.time);
  *p++ = ' ';
  p = put_text(p, symbol);
  p = put_num(put_text(p, "  bid "), q.bid);
  p = put_num(put_text(p, " x "), q.bid_size);
  p = put_num(put_text(p, "  ask "), q.ask);
  p = put_num(put_text(p, " x "), q.ask_size);
  p = put_num(put_text(p, "  last "), q.last);
  p = put_num(put_text(p, " x "), q.last_size);
  if (s.delayed) p = put_text(p, "  (delayed)");
  if (s.halted) p = put_text(p, "  HALTED");
  *p++ = '\n';
  return p;
}

// One quote line appended to `out`.
void append_quote_line(std::string& out, std::string_view symbol, const ib::QuoteState& s) {
  const std::size_t at = out.size();
  out.resize_and_overwrite(at + symbol.size() + 256, [&](char* base, std::size_t) {
    return static_cast<std::size_t>(put_line(base + at, symbol, s) - base);
  });
}

// For the message count and the redraw throttle: a coarse monotonic clock (a few milliseconds of
// resolution, read from memory without a clock source) costs a fraction of steady_clock per
// message, and the --stats rate is taken over the whole stream.
std::chrono::steady_clock::time_point coarse_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return std::chrono::steady_clock::time_point{std::chrono::seconds{ts.tv_sec} +
                                               std::chrono::nanoseconds{ts.tv_nsec}};
}

struct QuoteRun {
  ConnectionFlags flags;
  std::vector<std::string> symbols;
  bool snapshot = false;
  bool delayed = false;
  bool stats = false;
  double seconds = 0;  // 0 = until Ctrl-C or the server closes
  int run();
};

int QuoteRun::run() {
  const bool json = flags.json;
  // A failure: the PASS/FAIL line on stdout, or with --json on stderr (stdout carries JSON only).
  auto fail = [json](const std::string& reason) {
    std::fprintf(json ? stderr : stdout, "Result: FAIL: %s\n", reason.c_str());
    return 1;
  };
  std::string why;
  auto port = resolve_port(flags.port, false, why);
  if (!port) return fail(why);
  const bool tty = !json && ::isatty(STDOUT_FILENO) == 1;
  // A pipe or a file gets whole blocks, not a write per line (flushed on a timer and at exit).
  if (!tty) std::setvbuf(stdout, nullptr, _IOFBF, kOutputBuffer);
  return run_to_completion([&]() -> asio::awaitable<int> {
    auto ex = co_await asio::this_coro::executor;
    SystemClock clock;
    SteadyClock steady;
    ib::ConnectionManagerConfig cfg;
    cfg.connect = flags.options(*port);
    cfg.ids.configured_id = flags.client_id;
    ib::MarketDataOptions options;
    options.allow_delayed = delayed;
    auto made = ib::MarketDataStack::create(ex, cfg, ib::PacingPolicy{}, options, clock, steady);
    if (!made) co_return fail(made.error().message);
    auto& stack = **made;
    auto& md = stack.client();
    md.on_notice([](const ib::MarketDataNotice& n) { std::fprintf(stderr, "%s\n", n.message.c_str()); });

    // Shared with the connection's listeners, which may outlive this frame by a few callbacks.
    struct Watch {
      explicit Watch(asio::any_io_executor e) : until(e) {}
      asio::steady_timer until;
      std::string ended_by;
      std::uint64_t messages = 0;  // every message the session hands over (ticks, notices)
      std::optional<std::chrono::steady_clock::time_point> first;
      std::chrono::steady_clock::time_point last{};
      bool watching = false;
    };
    auto watch = std::make_shared<Watch>(ex);
    stack.connections().on_message([watch](const tws::Response&) {
      auto now = coarse_now();
      if (!watch->first) watch->first = now;
      watch->last = now;
      ++watch->messages;
    });
    stack.connections().on_state_change([watch](const ib::StateChange& change) {
      if (!watch->watching) return;
      if (change.to != ib::ConnectionState::kReady && change.to != ib::ConnectionState::kDegraded) {
        watch->ended_by = "the connection ended: " + change.reason;
        watch->until.cancel();
      }
    });

    stack.start();
    if (!co_await stack.connections().wait_ready(flags.timeout())) {
      auto failure = stack.connections().last_failure();
      std::string reason = failure ? failure->describe(flags.host, *port) : "not ready in time";
      stack.stop();
      co_return fail(reason);
    }

    int failed = 0;
    std::vector<ib::ResolvedContract> resolved;
    for (const auto& symbol : symbols) {
      auto r = co_await stack.resolver().resolve(symbol);
      if (!r) {
        std::fprintf(stderr, "%s: %s, skipped\n", symbol.c_str(), r.error().message.c_str());
        ++failed;
        continue;
      }
      resolved.push_back(*r);
    }

    nlohmann::json snapshot_doc = {{"quotes", nlohmann::json::array()}};
    if (snapshot) {
      Table table({"Symbol", "Bid", "Bid size", "Ask", "Ask size", "Last", "Last size", "Time", "Data"});
      for (const auto& c : resolved) {
        auto s = co_await md.snapshot(c.contract);
        if (!s) {
          std::fprintf(stderr, "%s: %s\n", c.contract.symbol.c_str(), s.error().message.c_str());
          ++failed;
          continue;
        }
        const auto& q = s->quote;
        snapshot_doc["quotes"].push_back(quote_json(c.contract.symbol, *s));
        table.add({c.contract.symbol, num(q.bid), num(q.bid_size), num(q.ask), num(q.ask_size), num(q.last),
                   num(q.last_size), clock_text(q.time), s->delayed ? "delayed" : "live"});
      }
      if (!json) table.print(stdout);
    } else if (!resolved.empty()) {
      std::map<std::string, ib::QuoteState, std::less<>> latest;
      auto last_draw = std::chrono::steady_clock::time_point{};
      auto draw = [&] {
        std::printf("\x1b[H\x1b[2J");
        Table table({"Symbol", "Bid", "Bid size", "Ask", "Ask size", "Last", "Last size", "Time", "Data"});
        for (const auto& [sym, s] : latest) {
          const auto& q = s.quote;
          table.add({sym, num(q.bid), num(q.bid_size), num(q.ask), num(q.ask_size), num(q.last), num(q.last_size),
                     clock_text(q.time), s.delayed ? "delayed" : "live"});
        }
        table.print(stdout);
        std::fflush(stdout);
        last_draw = coarse_now();
      };
      std::string pending;
      pending.reserve(kOutputBuffer + 512);
      auto write_pending = [&] {
        std::fwrite(pending.data(), 1, pending.size(), stdout);
        pending.clear();
      };
      for (const auto& c : resolved) {
        auto id = md.stream_quotes(c.contract, [&](std::string_view symbol, const ib::QuoteState& s) {
          if (tty) {
            if (auto it = latest.find(symbol); it != latest.end()) {
              it->second = s;
            } else {
              latest.emplace(std::string(symbol), s);
            }
            if (coarse_now() - last_draw >= std::chrono::milliseconds(200)) draw();
          } else {
            // Lines collect in `pending` and leave in blocks; the flush timer below and the exit
            // write out what a quiet stream leaves behind.
            if (json) {
              pending += quote_json(symbol, s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
              pending += '\n';
            } else {
              append_quote_line(pending, symbol, s);
            }
            if (pending.size() >= kOutputBuffer) write_pending();
          }
        });
        if (!id) {
          std::fprintf(stderr, "%s: %s\n", c.contract.symbol.c_str(), id.error().message.c_str());
          ++failed;
        }
      }
      // Wait for Ctrl-C / SIGTERM, --seconds, or the server closing the connection.
      auto& until = watch->until;
      if (seconds > 0) {
        until.expires_after(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
      } else {
        until.expires_at(asio::steady_timer::time_point::max());
      }
      asio::signal_set signals(ex, SIGINT, SIGTERM);
      signals.async_wait([watch](const boost::system::error_code& ec, int) {
        if (ec) return;
        watch->ended_by = "signal";
        watch->until.cancel();
      });
      // Piped output is written in blocks; this timer flushes what a quiet stream leaves behind,
      // so a reader sees every update within kFlushEvery.
      asio::steady_timer flush_timer(ex);
      bool flushing = !tty;
      std::function<void()> arm_flush = [&] {
        flush_timer.expires_after(kFlushEvery);
        flush_timer.async_wait([&](const boost::system::error_code& fec) {
          if (fec || !flushing) return;
          write_pending();
          std::fflush(stdout);
          arm_flush();
        });
      };
      if (flushing) arm_flush();
      watch->watching = true;
      auto [ec] = co_await until.async_wait(kTuple);
      watch->watching = false;
      flushing = false;
      flush_timer.cancel();
      write_pending();
      std::fflush(stdout);
      if (!ec && watch->ended_by.empty()) watch->ended_by = "--seconds";
      signals.cancel();
      if (tty) draw();
      std::fprintf(stderr, "stopped (%s)\n", watch->ended_by.c_str());
    }
    stack.stop();
    const double span = watch->first ? std::chrono::duration<double>(watch->last - *watch->first).count() : 0.0;
    const double rate = span > 0 ? static_cast<double>(watch->messages) / span : 0.0;
    if (json) {
      if (snapshot) {
        if (stats) snapshot_doc["stats"] = quote_stats_json(watch->messages, span, rate);
        print_json(snapshot_doc);
      } else if (stats) {
        std::printf("%s\n", nlohmann::json{{"stats", quote_stats_json(watch->messages, span, rate)}}.dump().c_str());
        std::fflush(stdout);
      }
    } else if (stats) {
      std::printf("Messages received: %llu over %.3f s (%.1f msg/s)\n",
                  static_cast<unsigned long long>(watch->messages), span, rate);
      std::fflush(stdout);
    }
    co_return failed == 0 ? 0 : 1;
  });
}

}  // namespace

CommandRunner add_quote_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<QuoteRun>();
  auto* cmd = app.add_subcommand("quote", "Show live quotes for one or more symbols");
  cmd->add_option("symbols", run->symbols, "stock symbols (SMART, USD)")->required();
  run->flags.add_to(*cmd);
  cmd->add_flag("--snapshot", run->snapshot, "one snapshot per symbol instead of a stream");
  cmd->add_flag("--delayed", run->delayed, "use delayed data (15-20 min) where live data is not subscribed");
  cmd->add_flag("--stats", run->stats, "print the number of messages received and their rate at exit");
  cmd->add_option("--seconds", run->seconds, "stop after this many seconds (default: until Ctrl-C)")
      ->check(CLI::Range(0.0, 86400.0));
  return [run] { return run->run(); };
}

}  // namespace rt::app
