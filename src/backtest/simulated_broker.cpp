#include "backtest/simulated_broker.hpp"

#include <algorithm>

namespace rt::backtest {

using trading::BrokerOrderUpdate;
using trading::OrderStatus;

namespace {

// A buy pays the next tick up, a sell receives the next tick down.
Decimal on_tick(trading::Side side, Decimal price, Decimal tick) {
  const Decimal ticks = price / tick;
  Decimal whole = ticks.trunc();
  if (side == trading::Side::Buy && whole != ticks) whole += Decimal::from_int(1);
  return whole * tick;
}

}  // namespace

SimulatedBroker::SimulatedBroker(CostModel costs) : costs_(costs) {}

std::size_t SimulatedBroker::add_symbol(const std::string& symbol) {
  return add_symbol(trading::Instrument::stock(symbol));
}

std::size_t SimulatedBroker::add_symbol(const trading::Instrument& instrument) {
  if (auto it = symbol_index_.find(instrument.name); it != symbol_index_.end()) return it->second;
  const std::size_t index = symbols_.size();
  symbol_index_.emplace(instrument.name, index);
  symbols_.push_back(instrument.name);
  instruments_.push_back(instrument);
  waiting_.emplace_back();
  pending_count_.push_back(0);
  return index;
}

Result<std::int64_t> SimulatedBroker::place(const trading::Order& order) {
  if (order.intent.type != trading::OrderType::Market) {
    return fail(ErrorCode::kBroker, "simulated broker fills market orders only, got " +
                                        std::string(trading::to_string(order.intent.type)));
  }
  const auto it = symbol_index_.find(order.intent.symbol);
  if (it == symbol_index_.end()) {
    return fail(ErrorCode::kBroker, "simulated broker has no market for '" + order.intent.symbol + "'");
  }
  const std::int64_t id = next_order_id_++;
  const std::int64_t perm = next_perm_id_++;
  waiting_[it->second].push_back({order.ref(), id, perm, order.intent.side, order.remaining()});
  ++pending_count_[it->second];
  reports_.emplace_back(BrokerOrderUpdate{order.ref(), perm, id, OrderStatus::Submitted, {}});
  return id;
}

Status SimulatedBroker::cancel(const trading::Order& order) {
  const auto it = symbol_index_.find(order.intent.symbol);
  if (it == symbol_index_.end()) return fail(ErrorCode::kNotFound, "cancel: unknown symbol " + order.intent.symbol);
  auto& list = waiting_[it->second];
  const auto w = std::find_if(list.begin(), list.end(), [&](const Waiting& x) { return x.order_ref == order.ref(); });
  if (w == list.end()) return fail(ErrorCode::kNotFound, "cancel: order " + order.ref() + " is not working");
  reports_.emplace_back(BrokerOrderUpdate{w->order_ref, w->perm_id, w->broker_order_id, OrderStatus::Cancelled,
                                          "cancelled by request"});
  list.erase(w);
  --pending_count_[it->second];
  return {};
}

std::size_t SimulatedBroker::fill_pending(std::size_t symbol, Decimal price, Timestamp time) {
  auto& list = waiting_[symbol];
  const std::size_t n = list.size();
  for (auto& w : list) {
    trading::Fill f;
    f.exec_id = "sim-" + std::to_string(next_exec_++);
    f.order_ref = w.order_ref;
    f.perm_id = w.perm_id;
    f.symbol = symbols_[symbol];
    f.side = w.side;
    f.quantity = w.quantity;
    const auto& inst = instruments_[symbol];
    f.price = costs_.slipped(w.side, price);
    if (inst.type != trading::SecType::kStock && inst.tick_size > Decimal{}) f.price = on_tick(w.side, f.price, inst.tick_size);
    f.commission = costs_.commission(w.quantity, f.price, inst);
    f.time = time;
    reports_.emplace_back(std::move(f));
    reports_.emplace_back(BrokerOrderUpdate{w.order_ref, w.perm_id, w.broker_order_id, OrderStatus::Filled, {}});
  }
  list.clear();
  pending_count_[symbol] = 0;
  return n;
}

}  // namespace rt::backtest
