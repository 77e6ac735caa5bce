#pragma once
// Test doubles for the trading ports: a recording Broker and an in-memory Journal that share a
// call log, so tests can assert the order of "journal" and "place".
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trading/ports/broker.hpp"
#include "trading/ports/journal.hpp"

namespace rt::trading::testing {

class FakeBroker final : public Broker {
 public:
  explicit FakeBroker(std::vector<std::string>* log = nullptr) : log_(log) {}

  Result<std::int64_t> place(const Order& order) override {
    if (log_) log_->push_back("place " + order.ref());
    placed.push_back(order);
    if (fail_place) return fail(ErrorCode::kDisconnected, "not connected");
    return next_id++;
  }
  Status cancel(const Order& order) override {
    if (log_) log_->push_back("cancel " + order.ref());
    cancelled.push_back(order.ref());
    return {};
  }

  std::vector<Order> placed;
  std::vector<std::string> cancelled;
  bool fail_place = false;
  std::int64_t next_id = 100;

 private:
  std::vector<std::string>* log_;
};

class MemoryJournal final : public Journal {
 public:
  explicit MemoryJournal(std::vector<std::string>* log = nullptr) : log_(log) {}

  Status record_new_order(const Order& order, const OrderEvent& event) override {
    if (log_) log_->push_back("journal " + order.ref());
    if (fail_writes) return fail(ErrorCode::kStorage, "disk I/O error");
    if (orders.contains(order.ref())) return fail(ErrorCode::kStorage, "UNIQUE constraint failed: orders.order_ref");
    orders[order.ref()] = order;
    events.push_back(event);
    return {};
  }
  Status record_transition(const Order& order, const OrderEvent& event) override {
    if (fail_writes) return fail(ErrorCode::kStorage, "disk I/O error");
    orders[order.ref()] = order;
    events.push_back(event);
    return {};
  }
  Status record_denial(const RiskDenial& denial) override {
    if (fail_writes) return fail(ErrorCode::kStorage, "disk I/O error");
    denials.push_back(denial);
    return {};
  }

  std::map<std::string, Order> orders;
  std::vector<OrderEvent> events;
  std::vector<RiskDenial> denials;
  bool fail_writes = false;

 private:
  std::vector<std::string>* log_;
};

}  // namespace rt::trading::testing
