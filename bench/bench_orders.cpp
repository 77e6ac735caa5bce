// bench_orders: the order bridge's own work, on top of what bench_codec (placeOrder bytes) and
// bench_ledger (LedgerStore::apply_fill alone) measure:
// - BM_PlaceOrderBuildEncodeDecode: trading::Order -> placeOrder (build_place_order) -> frame at
//   SV 193 -> decoded as the emulator does: one order out, per iteration.
// - BM_ExecutionToLedger: execDetails mapped to a Fill, written through FillRecorder (one SQLite
//   transaction, synchronous=FULL as in production), then its commissionReport as its own
//   transaction: one execution with its commission, per iteration.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "ib/broker/fill_recorder.hpp"
#include "ib/broker/order_event_mapper.hpp"
#include "ib/broker/place_order_builder.hpp"
#include "store/database.hpp"
#include "store/ledger_store.hpp"
#include "tws/messages/codec.hpp"

namespace rt {
namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

void BM_PlaceOrderBuildEncodeDecode(benchmark::State& state) {
  trading::Order o;
  o.intent.order_ref = "rt-1736953200000000000-17";
  o.intent.symbol = "AAPL";
  o.intent.quantity = d("100");
  o.intent.type = trading::OrderType::StopLimit;
  o.intent.stop_price = d("187.5");
  o.intent.limit_price = d("187.25");
  o.intent.tif = trading::TimeInForce::Gtc;
  ib::OrderRoute route;
  route.account = "DU1234567";
  std::int64_t id = 1000;
  for (auto _ : state) {
    auto m = ib::build_place_order(o, ++id, route);
    std::string frame = tws::encode(*m, 193);
    auto back = tws::decode_request(std::string_view(frame).substr(4), 193);
    benchmark::DoNotOptimize(back);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlaceOrderBuildEncodeDecode);

void BM_ExecutionToLedger(benchmark::State& state) {
  std::string pattern = (std::filesystem::temp_directory_path() / "rt_bench_orders_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  {
    auto db = store::Database::open(pattern + "/bench.db");
    if (!db) {
      state.SkipWithError(db.error().message.c_str());
      return;
    }
    store::LedgerStore store(*db);
    (void)store.set_starting_cash(Decimal::from_int(10'000'000), Timestamp{});
    auto ledger = store.load_ledger();
    ManualClock clock;
    ib::FillRecorder recorder(store, *ledger, clock);
    tws::ExecutionData e;
    e.contract.symbol = "AAPL";
    e.shares = d("10");
    e.price = d("187.25");
    e.order_ref = "rt-1";
    e.time = "20250115 09:35:00 US/Eastern";
    std::int64_t i = 0;
    for (auto _ : state) {
      e.exec_id = "0000e0d5.6798a1b2.01." + std::to_string(++i);
      e.side = i % 2 == 0 ? "SLD" : "BOT";  // alternate so lots open and close
      auto fill = ib::to_fill(e, Timestamp{});
      auto w = recorder.apply_fill(*fill);
      auto c = recorder.apply_commission(e.exec_id, d("1.00"));
      if (!w || !c) {
        state.SkipWithError("store write failed");
        break;
      }
    }
    state.SetItemsProcessed(state.iterations());
  }
  std::error_code ec;
  std::filesystem::remove_all(pattern, ec);
}
BENCHMARK(BM_ExecutionToLedger)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace rt

BENCHMARK_MAIN();
