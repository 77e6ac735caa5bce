#pragma once
// OrderGate: whether new orders may be sent now. Closed at start, on every disconnect and while a
// reconciliation runs; opened only when a reconciliation with the broker has completed on the
// current session (RELIABILITY O2, O9). IbBroker refuses to place while it is closed, so nothing new
// reaches the broker before open orders and executions were re-read; the runner checks it too
// before asking strategies for entries.
// Plain value type; lives on the trading event loop. Owned by whoever wires the order side
// (BrokerStack); IbBroker and Reconciler borrow it.
#include <cstdint>
#include <string>
#include <utility>

namespace rt::ib {

class OrderGate {
 public:
  [[nodiscard]] bool is_open() const { return open_; }
  // Why it is closed ("" while open).
  [[nodiscard]] const std::string& reason() const { return reason_; }
  // How many times it has been opened.
  [[nodiscard]] std::uint64_t openings() const { return openings_; }

  void open() {
    if (!open_) ++openings_;
    open_ = true;
    reason_.clear();
  }
  void close(std::string reason) {
    open_ = false;
    reason_ = std::move(reason);
  }

 private:
  bool open_ = false;
  std::string reason_ = "not reconciled with the broker yet";
  std::uint64_t openings_ = 0;
};

}  // namespace rt::ib
