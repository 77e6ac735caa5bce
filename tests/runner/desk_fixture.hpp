#pragma once
// A TradingDesk over an in-memory journal, a ledger and a broker that only counts: for the desk's
// and the kernel's tests.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backtest/memory_journal.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::trading {

class CountingBroker final : public Broker {
 public:
  Result<std::int64_t> place(const Order& order) override {
    placed.push_back(order);
    return static_cast<std::int64_t>(placed.size());
  }
  Status cancel(const Order& order) override {
    cancelled.push_back(order);
    return {};
  }
  Status modify(const Order& order) override {
    modified.push_back(order);
    return {};
  }
  std::vector<Order> placed;
  std::vector<Order> cancelled;
  std::vector<Order> modified;
};

class LedgerAccount final : public DeskAccount {
 public:
  LedgerAccount(const Ledger& ledger, const Oms*& oms) : ledger_(ledger), oms_(oms) {}
  Decimal equity() const override { return ledger_.equity(); }
  Decimal cash() const override { return ledger_.cash(); }
  Decimal held(const std::string& s) const override { return ledger_.quantity(s); }
  bool has_working_order(const std::string& s) const override {
    for (const auto& o : oms_->open_orders()) {
      if (o.intent.symbol == s && o.intent.purpose != OrderPurpose::Protect) return true;
    }
    return false;
  }
  void open_positions(std::map<std::string, RiskPosition>& out) const override {
    for (const auto& p : ledger_.positions()) {
      if (!p.quantity.is_zero()) out[p.symbol] = RiskPosition{p.quantity, p.avg_cost, std::nullopt, p.mark};
    }
  }

 private:
  const Ledger& ledger_;
  const Oms*& oms_;
};

struct Desk {
  explicit Desk(const std::function<void(DeskConfig&)>& configure = {}) {
    limits.max_open_positions = 50;
    limits.max_daily_notional = Decimal::from_int(10'000'000);
    oms_ptr = &oms;
    DeskConfig c;
    c.trailing_stop_pct = Decimal::from_int(5);
    if (configure) configure(c);
    desk = TradingDesk::create(limits, c, clock, oms, journal, account).value();
  }
  ManualClock clock{Timestamp{std::chrono::seconds(1'736'951'400)}};  // 2025-01-15 14:30 UTC
  RiskLimits limits;
  CountingBroker broker;
  backtest::MemoryJournal journal;
  Ledger ledger{Decimal::from_int(1'000'000)};
  Oms oms{clock, broker, journal, [this](const std::string& s) { return ledger.quantity(s); }, OmsConfig{}};
  const Oms* oms_ptr = nullptr;
  LedgerAccount account{ledger, oms_ptr};
  std::unique_ptr<TradingDesk> desk;

  PriceView price(double p) { return PriceView{Decimal::from_double(p), clock.now(), PriceQuality::Fresh}; }
  void fill(const std::string& symbol, Side side, int qty, double price) {
    static int exec = 0;
    Fill f;
    f.exec_id = "e" + std::to_string(++exec);
    f.symbol = symbol;
    f.side = side;
    f.quantity = Decimal::from_int(qty);
    f.price = Decimal::from_double(price);
    f.time = clock.now();
    const Decimal before = ledger.quantity(symbol);
    ASSERT_TRUE(ledger.apply(f));
    desk->on_position(symbol, before, ledger.quantity(symbol), f.price, f.time, side);
  }
};

}  // namespace rt::trading
