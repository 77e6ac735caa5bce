// Fill-to-ledger rate: the in-memory FIFO ledger alone, and the SQLite path where every fill,
// its lot changes, position and cash are written in one transaction (WAL, synchronous=FULL, and
// synchronous=NORMAL for comparison). Reported as fills/s (items). The database lives in a fresh
// temporary directory per run.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <filesystem>
#include <string>

#include "store/database.hpp"
#include "store/ledger_store.hpp"
#include "trading/portfolio/ledger.hpp"

namespace {

using namespace rt;

constexpr std::array<const char*, 8> kSymbols{"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "ORCL"};

// Per symbol: buy, buy, sell both — fills open lots and close them FIFO, and positions stay small
// as in live trading.
trading::Fill make_fill(std::int64_t i) {
  trading::Fill f;
  f.exec_id = "0000e0d5." + std::to_string(i) + ".01.01";
  f.order_ref = "bench-" + std::to_string(i / 2);
  f.perm_id = 1'000'000 + i;
  f.symbol = kSymbols[static_cast<std::size_t>(i) % kSymbols.size()];
  const std::int64_t round = (i / static_cast<std::int64_t>(kSymbols.size())) % 3;
  f.side = round == 2 ? trading::Side::Sell : trading::Side::Buy;
  f.quantity = Decimal::from_int(round == 2 ? 20 : 10);
  f.price = Decimal::from_raw(150'00000000 + (i % 100) * 1'000000);
  f.commission = Decimal::from_raw(1'00000000);
  f.time = Timestamp{std::chrono::seconds{1'710'511'200 + i}};
  return f;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rt_bench_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] std::string file(const char* name) const { return (path_ / name).string(); }
  [[nodiscard]] bool ok() const { return !path_.empty(); }

 private:
  std::filesystem::path path_;
};

void BM_LedgerApplyInMemory(benchmark::State& state) {
  trading::Ledger ledger(Decimal::from_int(1'000'000));
  std::int64_t i = 0;
  for (auto _ : state) {
    auto r = ledger.apply(make_fill(i++));
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerApplyInMemory);

void store_apply(benchmark::State& state, bool full_sync) {
  TempDir dir;
  if (!dir.ok()) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  auto db = store::Database::open(dir.file("bench.db"));
  if (!db) {
    state.SkipWithError(db.error().message.c_str());
    return;
  }
  if (!full_sync) (void)db->exec("PRAGMA synchronous = NORMAL");
  store::LedgerStore ledger_store(*db);
  if (auto st = ledger_store.set_starting_cash(Decimal::from_int(1'000'000), Timestamp{}); !st) {
    state.SkipWithError(st.error().message.c_str());
    return;
  }
  auto loaded = ledger_store.load_ledger();
  if (!loaded) {
    state.SkipWithError(loaded.error().message.c_str());
    return;
  }
  trading::Ledger ledger = std::move(*loaded);
  std::int64_t i = 0;
  for (auto _ : state) {
    auto r = ledger_store.apply_fill(ledger, make_fill(i++));
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_StoreApplyFillSyncFull(benchmark::State& state) { store_apply(state, true); }
void BM_StoreApplyFillSyncNormal(benchmark::State& state) { store_apply(state, false); }
BENCHMARK(BM_StoreApplyFillSyncFull)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_StoreApplyFillSyncNormal)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
