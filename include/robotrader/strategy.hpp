#pragma once
// robotrader's strategy API, version 1: the one surface a strategy is written against, whether it
// is built in, a C++ plugin (a shared library) or Python (the `robotrader` module mirrors it). A
// strategy body runs unchanged in `robotrader backtest`, `robotrader run --sim` and live.
//
//   class SmaCross final : public robotrader::Strategy {
//    public:
//     robotrader::Params defaults() const override { return {{"fast", 10}, {"slow", 20}}; }
//     void on_bar(robotrader::Context& ctx, const robotrader::Bar& bar) override {
//       auto closes = ctx.history(bar.symbol, "close", 21);  // oldest first
//       ...
//       if (ctx.position(bar.symbol) == 0 && crossed_up) ctx.buy(bar.symbol, 100);
//     }
//   };
//
// Orders a strategy asks for go through the same sizing limits, risk engine, kill switch and OMS
// as the built-ins': ctx.buy(symbol, 100) is 100 shares unless a limit clips or denies it, and a
// denial comes back through on_order_denied. A symbol holds one entry, then exits: buying more of
// a held position is refused, as is an order while the symbol's last one is still working.
//
// Threading: every call is made on the trading thread, one at a time; a strategy needs no locks.
// This header depends on the standard library only, so a plugin builds against it alone.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace robotrader {

// Raised on every change that breaks a strategy built against an older header.
inline constexpr int kStrategyApiVersion = 1;

using Time = std::chrono::sys_time<std::chrono::nanoseconds>;  // UTC

// One closed bar of one symbol. Prices as doubles (a strategy's arithmetic); orders and the
// books stay in fixed-point decimals.
struct Bar {
  std::string symbol;
  Time time{};  // the bar's start (its label in IB's bars and in a CSV)
  Time end{};   // when it closed
  double open = 0.0;
  double high = 0.0;
  double low = 0.0;
  double close = 0.0;
  double volume = 0.0;
};

struct Fill {
  std::string symbol;
  std::string side;  // "BUY" or "SELL"
  double qty = 0.0;
  double price = 0.0;
  double commission = 0.0;
};

struct Denial {
  std::string symbol;
  std::string reason;  // which rule, and the numbers behind it
};

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;
using Params = std::map<std::string, ParamValue, std::less<>>;

class Context {
 public:
  virtual ~Context() = default;
  // The last n values of a bar field ("open", "high", "low", "close", "volume") of the symbol,
  // oldest first; fewer while warming up. The current bar is the last value.
  [[nodiscard]] virtual std::vector<double> history(std::string_view symbol, std::string_view field, int n) const = 0;
  // Signed shares held (negative when short).
  [[nodiscard]] virtual double position(std::string_view symbol) const = 0;
  virtual void buy(std::string_view symbol, double qty) = 0;
  virtual void sell(std::string_view symbol, double qty) = 0;
  // Orders the difference between the position and `qty`.
  virtual void target(std::string_view symbol, double qty) = 0;
  // Exits the whole position.
  virtual void close(std::string_view symbol) = 0;
  virtual void log(std::string_view text) = 0;
  // The parameter values in force for this run: the defaults with --param overrides applied.
  [[nodiscard]] virtual const Params& params() const = 0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // The parameters and their defaults; --param name=value overrides them (same type).
  [[nodiscard]] virtual Params defaults() const { return {}; }
  virtual void on_start(Context& ctx) { (void)ctx; }
  virtual void on_bar(Context& ctx, const Bar& bar) = 0;
  virtual void on_fill(Context& ctx, const Fill& fill) { (void)ctx, (void)fill; }
  virtual void on_order_denied(Context& ctx, const Denial& denial) { (void)ctx, (void)denial; }
  virtual void on_stop(Context& ctx) { (void)ctx; }
};

}  // namespace robotrader

// A C++ plugin exports these two functions (extern "C", so any compiler's library can be loaded);
// robotrader refuses a library whose version differs from its own kStrategyApiVersion.
#define ROBOTRADER_STRATEGY_PLUGIN(ClassName)                                                          \
  extern "C" int robotrader_strategy_api_version() { return robotrader::kStrategyApiVersion; }        \
  extern "C" robotrader::Strategy* robotrader_make_strategy(const char* name) {                       \
    return std::string_view(name) == #ClassName ? new ClassName() : nullptr;                          \
  }
