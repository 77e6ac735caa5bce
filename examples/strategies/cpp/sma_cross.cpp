// SmaCross as a C++ plugin: buys `shares` when the fast simple moving average of the closes
// crosses above the slow one, and closes the position when it crosses below.
//
//   cmake -S . -B build && cmake --build build
//   robotrader backtest --data orcl.csv --strategy build/libsma_cross.so:SmaCross --param fast=10
#include <robotrader/strategy.hpp>

#include <numeric>
#include <vector>

class SmaCross final : public robotrader::Strategy {
 public:
  robotrader::Params defaults() const override {
    return {{"fast", std::int64_t{10}}, {"slow", std::int64_t{20}}, {"shares", std::int64_t{100}}};
  }

  void on_bar(robotrader::Context& ctx, const robotrader::Bar& bar) override {
    const auto fast = static_cast<int>(std::get<std::int64_t>(ctx.params().at("fast")));
    const auto slow = static_cast<int>(std::get<std::int64_t>(ctx.params().at("slow")));
    const std::vector<double> closes = ctx.history(bar.symbol, "close", slow);
    if (static_cast<int>(closes.size()) < slow) return;  // warming up
    const double diff = mean(closes, fast) - mean(closes, slow);
    const int sign = diff > 0 ? 1 : (diff < 0 ? -1 : 0);
    const int previous = last_sign_;
    const bool primed = primed_;
    primed_ = true;
    if (sign != 0) last_sign_ = sign;
    if (!primed || sign == 0 || previous == 0 || sign == previous) return;  // no crossing
    const double held = ctx.position(bar.symbol);
    if (sign > 0 && held == 0) ctx.buy(bar.symbol, static_cast<double>(std::get<std::int64_t>(ctx.params().at("shares"))));
    if (sign < 0 && held > 0) ctx.close(bar.symbol);
  }

 private:
  // The mean of the last n values.
  static double mean(const std::vector<double>& v, int n) {
    return std::accumulate(v.end() - n, v.end(), 0.0) / n;
  }
  int last_sign_ = 0;
  bool primed_ = false;
};

ROBOTRADER_STRATEGY_PLUGIN(SmaCross)
