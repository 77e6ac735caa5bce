// Throughput of the wire codec on a realistic server stream: a session start, then account
// updates, portfolio and position rows, account summary rows, notices and heartbeats, as a
// client sees them after connecting. Reported as messages/s (items) and bytes/s.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace {

using namespace rt;
using namespace rt::tws;

constexpr int kServerVersion = 176;
constexpr std::size_t kReadSize = 4096;  // a typical socket read

Contract stock(std::string symbol, std::int64_t con_id) {
  Contract c;
  c.con_id = con_id;
  c.symbol = symbol;
  c.exchange = "NASDAQ";
  c.local_symbol = std::move(symbol);
  c.trading_class = "NMS";
  return c;
}

std::vector<Response> realistic_messages() {
  std::vector<Response> out = {
      ManagedAccounts{{"DU1234567"}},
      NextValidId{1000},
      ErrorMessage{-1, 2104, "Market data farm connection is OK:usfarm", "", 0},
      ErrorMessage{-1, 2106, "HMDS data farm connection is OK:ushmds", "", 0},
      ErrorMessage{-1, 2158, "Sec-def data farm connection is OK:secdefnj", "", 0},
  };
  const char* keys[] = {"NetLiquidation", "TotalCashValue", "BuyingPower", "AvailableFunds", "ExcessLiquidity",
                        "GrossPositionValue", "InitMarginReq", "MaintMarginReq", "UnrealizedPnL", "RealizedPnL"};
  const char* symbols[] = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "ORCL"};
  for (int cycle = 0; cycle < 50; ++cycle) {
    for (const char* key : keys) {
      out.push_back(AccountValue{key, std::to_string(100000 + cycle) + ".25", "USD", "DU1234567"});
    }
    std::int64_t con_id = 265598;
    for (const char* s : symbols) {
      Contract c = stock(s, con_id++);
      out.push_back(PositionData{"DU1234567", c, Decimal::from_int(100 + cycle), Decimal::parse("150.25").value()});
      Contract pc = c;
      pc.primary_exchange = pc.exchange;
      pc.exchange.clear();
      out.push_back(PortfolioValue{pc, Decimal::from_int(100 + cycle), Decimal::parse("151.37").value(),
                                   Decimal::parse("15137.00").value(), Decimal::parse("150.25").value(),
                                   Decimal::parse("112.00").value(), Decimal{}, "DU1234567"});
    }
    for (int i = 0; i < 4; ++i) out.push_back(AccountSummary{9001, "DU1234567", keys[i], "100000.00", "USD"});
    out.push_back(AccountSummaryEnd{9001});
    out.push_back(PositionEnd{});
    out.push_back(AccountUpdateTime{"14:30"});
    out.push_back(CurrentTime{1736951400 + cycle});
    out.push_back(ErrorMessage{5 + cycle, 200, "No security definition has been found for the request", "", 0});
  }
  out.push_back(AccountDownloadEnd{"DU1234567"});
  return out;
}

struct Stream {
  std::string bytes;
  std::vector<std::string> payloads;
};

const Stream& stream() {
  static const Stream s = [] {
    Stream out;
    for (const auto& m : realistic_messages()) {
      std::string frame = encode(m, kServerVersion);
      out.payloads.push_back(frame.substr(4));
      out.bytes += frame;
    }
    return out;
  }();
  return s;
}

void report(benchmark::State& state, std::size_t messages, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * messages));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["msgs_per_iter"] = static_cast<double>(messages);
}

// Frame reassembly alone: the stream arrives in socket-sized reads.
void BM_FrameDecode(benchmark::State& state) {
  const auto& s = stream();
  for (auto _ : state) {
    FrameDecoder frames;
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.bytes.size(); pos += kReadSize) {
      frames.feed(std::string_view(s.bytes).substr(pos, kReadSize));
      while (auto next = frames.next()) {
        if (!*next) break;
        benchmark::DoNotOptimize(next->value().data());
        ++n;
      }
    }
    if (n != s.payloads.size()) state.SkipWithError("frame count mismatch");
  }
  report(state, s.payloads.size(), s.bytes.size());
}
BENCHMARK(BM_FrameDecode);

// Typed decoding alone, from whole payloads.
void BM_MessageDecode(benchmark::State& state) {
  const auto& s = stream();
  std::size_t payload_bytes = 0;
  for (const auto& p : s.payloads) payload_bytes += p.size();
  for (auto _ : state) {
    for (const auto& p : s.payloads) {
      auto r = decode_response(p, kServerVersion);
      benchmark::DoNotOptimize(r);
    }
  }
  report(state, s.payloads.size(), payload_bytes);
}
BENCHMARK(BM_MessageDecode);

// What the client does per socket read: reassemble, then decode every complete frame.
void BM_FrameAndMessageDecode(benchmark::State& state) {
  const auto& s = stream();
  for (auto _ : state) {
    FrameDecoder frames;
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.bytes.size(); pos += kReadSize) {
      frames.feed(std::string_view(s.bytes).substr(pos, kReadSize));
      while (auto next = frames.next()) {
        if (!*next) break;
        auto r = decode_response(**next, kServerVersion);
        if (!r) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(r);
        ++n;
      }
    }
    if (n != s.payloads.size()) state.SkipWithError("frame count mismatch");
  }
  report(state, s.payloads.size(), s.bytes.size());
}
BENCHMARK(BM_FrameAndMessageDecode);

// The emulator's side: encoding the same messages.
void BM_MessageEncode(benchmark::State& state) {
  const auto messages = realistic_messages();
  std::size_t bytes = stream().bytes.size();
  for (auto _ : state) {
    for (const auto& m : messages) {
      auto frame = encode(m, kServerVersion);
      benchmark::DoNotOptimize(frame);
    }
  }
  report(state, messages.size(), bytes);
}
BENCHMARK(BM_MessageEncode);

}  // namespace

BENCHMARK_MAIN();
