#pragma once
// ApiStrategy: a strategy written on the public API (include/robotrader/strategy.hpp: a C++
// plugin, or Python through the embedded interpreter) driven as one of the kernel's strategies.
// Per closed bar it keeps the symbol's history, calls on_bar with a Context, and turns what the
// strategy asked for into one Signal carrying its quantity:
//   buy(q) / sell(q)  ->  +q / -q shares
//   target(q)         ->  q minus the position
//   close()           ->  the whole position out
// several calls on one bar add up; the sum's sign is the side. What the desk did not send comes
// back through on_order_denied, after on_bar returns (never inside it).
//
// A strategy that throws is stopped: the exception is logged with the symbol and the callback,
// and from then on the symbol's bars give no Signal (its stop and its exits at the broker stay),
// failure() says why. Nothing else of the run is touched.
// Single-threaded, as the kernel.
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "robotrader/strategy.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

// The defaults with the text overrides applied, each converted to its default's type. Fails on an
// unknown name (naming the known ones) or a value of the wrong type.
Result<robotrader::Params> resolve_params(std::string_view strategy, const robotrader::Params& defaults,
                                          const StrategyParams& overrides);
// "fast=10 slow=20", and one value as --param would give it.
std::string to_string(const robotrader::Params& params);
std::string to_string(const robotrader::ParamValue& value);

class ApiStrategy final : public Strategy {
 public:
  // `keep` holds what the strategy's code lives in (a loaded library), released after it.
  ApiStrategy(std::unique_ptr<robotrader::Strategy> strategy, robotrader::Params params, std::string name,
              std::shared_ptr<void> keep = nullptr);
  ~ApiStrategy() override;

  Signal on_bar(const Bar& bar) override;
  [[nodiscard]] int warmup_bars() const override { return 0; }
  [[nodiscard]] std::string_view name() const override { return name_; }
  void attach(StrategyHost host) override;
  void on_fill(const Fill& fill) override;
  void on_denied(std::string_view reason) override;
  void on_stop() override;

  [[nodiscard]] std::string_view failure() const override { return failure_ ? *failure_ : std::string_view{}; }
  [[nodiscard]] const robotrader::Params& params() const { return params_; }
  [[nodiscard]] StrategyParams params_in_force() const override;

 private:
  class Context;
  struct Row {
    double open, high, low, close, volume;
  };
  // Runs one callback; an exception stops the strategy.
  template <typename F>
  void guarded(const char* callback, F&& f);
  void deliver_denials();

  std::shared_ptr<void> keep_;
  std::unique_ptr<robotrader::Strategy> strategy_;
  robotrader::Params params_;
  std::string name_;
  StrategyHost host_;
  std::unique_ptr<Context> context_;
  std::deque<Row> history_;
  std::size_t keep_bars_ = 256;  // grows to the longest history asked for
  // What the strategy asked for on the current bar.
  double delta_ = 0.0;
  bool asked_ = false;
  bool close_all_ = false;
  std::vector<robotrader::Denial> denials_;
  std::optional<std::string> failure_;
  bool started_ = false;
};

}  // namespace rt::trading
