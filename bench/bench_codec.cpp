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

// --- market data, history and orders ---

constexpr int kOrderServerVersion = 193;

// A quote stream as a busy reqMktData line produces it: price ticks, each followed by its size,
// plus volume; eight symbols, 2,000 messages.
std::vector<std::string> tick_payloads() {
  std::vector<std::string> out;
  for (int i = 0; i < 250; ++i) {
    for (int sym = 0; sym < 8; ++sym) {
      const int req_id = 1001 + sym;
      Decimal px = Decimal::parse("150.25").value() + Decimal::from_raw(static_cast<std::int64_t>(i % 17) * 1'000'000);
      Response m = (i + sym) % 4 == 0 ? Response{TickPrice{req_id, i % 2 ? tick::kBid : tick::kAsk, px,
                                                           Decimal::from_int(100 + i), 0}}
                   : (i + sym) % 4 == 1 ? Response{TickSize{req_id, i % 2 ? tick::kBidSize : tick::kAskSize,
                                                            Decimal::from_int(200 + i)}}
                   : (i + sym) % 4 == 2 ? Response{TickPrice{req_id, tick::kLast, px, Decimal::from_int(5), 1}}
                                        : Response{TickSize{req_id, tick::kVolume, Decimal::from_int(123456 + i)}};
      out.push_back(encode(m, kOrderServerVersion).substr(4));
    }
  }
  return out;
}

void BM_TickStreamDecode(benchmark::State& state) {
  static const auto payloads = tick_payloads();
  std::size_t bytes = 0;
  for (const auto& p : payloads) bytes += p.size();
  for (auto _ : state) {
    for (const auto& p : payloads) {
      auto r = decode_response(p, kOrderServerVersion);
      if (!r) state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(r);
    }
  }
  report(state, payloads.size(), bytes);
}
BENCHMARK(BM_TickStreamDecode);

// One reqHistoricalData reply of 2,000 one-minute bars (about 5 trading days of RTH minutes).
std::string historical_payload() {
  HistoricalData m{2001, "20250108 09:30:00 US/Eastern", "20250115 16:00:00 US/Eastern", {}};
  for (int i = 0; i < 2000; ++i) {
    Decimal base = Decimal::parse("150.25").value() + Decimal::from_raw(static_cast<std::int64_t>(i % 97) * 1'000'000);
    m.bars.push_back(HistoricalBar{"20250108 " + std::to_string(9 + i / 60 % 7) + ":" + std::to_string(i % 60) +
                                       ":00 US/Eastern",
                                   base, base + Decimal::parse("0.35").value(), base - Decimal::parse("0.2").value(),
                                   base + Decimal::parse("0.1").value(), Decimal::from_int(10000 + i),
                                   base + Decimal::parse("0.05").value(), 50 + i % 30});
  }
  return encode(m, kOrderServerVersion).substr(4);
}

void BM_HistoricalReplyDecode(benchmark::State& state) {
  static const auto payload = historical_payload();
  for (auto _ : state) {
    auto r = decode_response(payload, kOrderServerVersion);
    if (!r || std::get<HistoricalData>(*r).bars.size() != 2000) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 2000));  // bars
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
  state.counters["bars_per_iter"] = 2000;
}
BENCHMARK(BM_HistoricalReplyDecode);

PlaceOrder stop_order() {
  PlaceOrder m;
  m.order_id = 1002;
  m.contract.con_id = 265598;
  m.contract.symbol = "AAPL";
  m.contract.primary_exchange = "NASDAQ";
  m.order.action = "BUY";
  m.order.total_quantity = Decimal::from_int(1);
  m.order.order_type = "STP";
  m.order.aux_price = Decimal::from_int(140);
  m.order.tif = "GTC";
  m.order.account = "DU1234567";
  m.order.order_ref = "rt-000042";
  m.order.outside_rth = true;
  return m;
}

void BM_PlaceOrderEncode(benchmark::State& state) {
  const PlaceOrder m = stop_order();
  std::size_t bytes = encode(m, kOrderServerVersion).size();
  for (auto _ : state) {
    auto frame = encode(m, kOrderServerVersion);
    benchmark::DoNotOptimize(frame);
  }
  report(state, 1, bytes);
}
BENCHMARK(BM_PlaceOrderEncode);

// The emulator's side: parsing the 118-field order.
void BM_PlaceOrderDecode(benchmark::State& state) {
  const std::string payload = encode(stop_order(), kOrderServerVersion).substr(4);
  for (auto _ : state) {
    auto r = decode_request(payload, kOrderServerVersion);
    if (!r) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  report(state, 1, payload.size());
}
BENCHMARK(BM_PlaceOrderDecode);

// The client's side of an order's life: the 133-field openOrder.
void BM_OpenOrderDecode(benchmark::State& state) {
  OpenOrder m;
  m.order_id = 1002;
  m.contract.con_id = 265598;
  m.contract.symbol = "AAPL";
  m.order = stop_order().order;
  m.order.perm_id = 123456789;
  m.state.status = "Submitted";
  const std::string payload = encode(m, kOrderServerVersion).substr(4);
  for (auto _ : state) {
    auto r = decode_response(payload, kOrderServerVersion);
    if (!r) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  report(state, 1, payload.size());
}
BENCHMARK(BM_OpenOrderDecode);

}  // namespace

BENCHMARK_MAIN();
