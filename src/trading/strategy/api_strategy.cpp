#include "trading/strategy/api_strategy.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <utility>

namespace rt::trading {

namespace {

constexpr std::size_t kMaxHistory = 100'000;

double shares(Decimal d) { return d.to_double(); }

std::string type_name(const robotrader::ParamValue& v) {
  switch (v.index()) {
    case 0: return "an integer";
    case 1: return "a number";
    case 2: return "true or false";
    default: return "text";
  }
}

}  // namespace

std::string failure_summary(std::string_view failure) {
  const auto first_end = failure.find('\n');
  if (first_end == std::string_view::npos) return std::string(failure);
  std::string_view rest = failure;
  while (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
  const std::string_view last = rest.substr(rest.rfind('\n') + 1);
  const std::string_view head = failure.substr(0, first_end);
  const auto raised = head.find("raised: ");
  return std::string(raised == std::string_view::npos ? head.substr(0, 0) : head.substr(0, raised + 8)) +
         std::string(last);
}

Result<robotrader::Params> resolve_params(std::string_view strategy, const robotrader::Params& defaults,
                                          const StrategyParams& overrides) {
  robotrader::Params out = defaults;
  for (const auto& [key, text] : overrides) {
    auto it = out.find(key);
    if (it == out.end()) {
      std::string known;
      for (const auto& [k, v] : defaults) known += (known.empty() ? "" : ", ") + k;
      return fail(ErrorCode::kInvalidArgument, std::string(strategy) + ": unknown parameter '" + key + "' (" +
                                                   (known.empty() ? "it takes none" : "known: " + known) + ")");
    }
    auto bad = [&] {
      return fail(ErrorCode::kInvalidArgument, std::string(strategy) + ": parameter " + key + " = '" + text +
                                                   "' is not " + type_name(it->second));
    };
    switch (it->second.index()) {
      case 0: {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || p != text.data() + text.size()) return bad();
        it->second = v;
        break;
      }
      case 1: {
        double v = 0.0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || p != text.data() + text.size() || !std::isfinite(v)) return bad();
        it->second = v;
        break;
      }
      case 2:
        if (text == "true") it->second = true;
        else if (text == "false") it->second = false;
        else return bad();
        break;
      default: it->second = text; break;
    }
  }
  return out;
}

std::string to_string(const robotrader::ParamValue& v) {
  switch (v.index()) {
    case 0: return std::to_string(std::get<0>(v));
    case 1: {
      char buf[32];
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, std::get<1>(v));
      return std::string(buf, ec == std::errc{} ? p : buf);
    }
    case 2: return std::get<2>(v) ? "true" : "false";
    default: return std::get<3>(v);
  }
}

std::string to_string(const robotrader::Params& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : " ") + k + "=" + to_string(v);
  return out;
}

StrategyParams ApiStrategy::params_in_force() const {
  StrategyParams out;
  for (const auto& [k, v] : params_) out[k] = to_string(v);
  return out;
}

class ApiStrategy::Context final : public robotrader::Context {
 public:
  explicit Context(ApiStrategy& owner) : owner_(owner) {}

  std::vector<double> history(std::string_view symbol, std::string_view field, int n) const override {
    double Row::*member = nullptr;
    if (field == "open") member = &Row::open;
    else if (field == "high") member = &Row::high;
    else if (field == "low") member = &Row::low;
    else if (field == "close") member = &Row::close;
    else if (field == "volume") member = &Row::volume;
    else throw std::invalid_argument("history field '" + std::string(field) + "': one of open, high, low, close, volume");
    std::vector<double> out;
    if (symbol != owner_.host_.symbol || n <= 0) return out;
    const auto want = static_cast<std::size_t>(n);
    if (want > owner_.keep_bars_) owner_.keep_bars_ = std::min(want, kMaxHistory);
    const auto& h = owner_.history_;
    const std::size_t count = std::min(want, h.size());
    out.reserve(count);
    for (std::size_t i = h.size() - count; i < h.size(); ++i) out.push_back(h[i].*member);
    return out;
  }
  double position(std::string_view symbol) const override {
    return owner_.host_.position ? shares(owner_.host_.position(std::string(symbol))) : 0.0;
  }
  void buy(std::string_view symbol, double qty) override { ask(symbol, qty, +1.0); }
  void sell(std::string_view symbol, double qty) override { ask(symbol, qty, -1.0); }
  void target(std::string_view symbol, double qty) override {
    if (!mine(symbol, "target")) return;
    if (!std::isfinite(qty)) return deny(symbol, "target " + std::to_string(qty) + ": not a number of shares");
    owner_.delta_ = qty - position(symbol);
    owner_.close_all_ = false;
    owner_.asked_ = true;
  }
  void close(std::string_view symbol) override {
    if (!mine(symbol, "close")) return;
    owner_.delta_ = -position(symbol);
    owner_.close_all_ = true;
    owner_.asked_ = true;
  }
  void log(std::string_view text) override {
    if (owner_.host_.log) owner_.host_.log(owner_.name_ + " " + owner_.host_.symbol + ": " + std::string(text));
  }
  const robotrader::Params& params() const override { return owner_.params_; }

 private:
  void ask(std::string_view symbol, double qty, double sign) {
    if (!mine(symbol, sign > 0 ? "buy" : "sell")) return;
    if (!std::isfinite(qty) || qty <= 0.0) {
      return deny(symbol, std::string(sign > 0 ? "buy " : "sell ") + std::to_string(qty) +
                              ": the quantity must be a positive number of shares");
    }
    owner_.delta_ += sign * qty;
    owner_.close_all_ = false;
    owner_.asked_ = true;
  }
  bool mine(std::string_view symbol, const char* what) {
    if (symbol == owner_.host_.symbol) return true;
    deny(symbol, std::string(what) + " " + std::string(symbol) + " from the bars of " + owner_.host_.symbol +
                     ": a strategy orders the symbol whose bars it is given");
    return false;
  }
  void deny(std::string_view symbol, std::string reason) {
    owner_.denials_.push_back(robotrader::Denial{std::string(symbol), std::move(reason)});
  }

  ApiStrategy& owner_;
};

ApiStrategy::ApiStrategy(std::unique_ptr<robotrader::Strategy> strategy, robotrader::Params params, std::string name,
                         std::shared_ptr<void> keep)
    : keep_(std::move(keep)),
      strategy_(std::move(strategy)),
      params_(std::move(params)),
      name_(std::move(name)),
      context_(std::make_unique<Context>(*this)) {}

ApiStrategy::~ApiStrategy() {
  // The strategy's code may live in `keep_`: destroy it first.
  strategy_.reset();
}

template <typename F>
void ApiStrategy::guarded(const char* callback, F&& f) {
  if (failure_) return;
  try {
    f();
  } catch (const std::exception& e) {
    failure_ = std::string(callback) + " raised: " + e.what();
  } catch (...) {
    failure_ = std::string(callback) + " raised an exception that is not a std::exception";
  }
  if (failure_ && host_.log) {
    host_.log("STRATEGY FAILED " + name_ + " " + host_.symbol + ": " + *failure_ +
              "; the symbol takes no new order from it");
  }
}

void ApiStrategy::attach(StrategyHost host) {
  host_ = std::move(host);
  if (started_) return;
  started_ = true;
  guarded("on_start", [&] { strategy_->on_start(*context_); });
}

Signal ApiStrategy::on_bar(const Bar& bar) {
  if (failure_) return Signal::hold();
  history_.push_back(Row{bar.open.to_double(), bar.high.to_double(), bar.low.to_double(), bar.close.to_double(),
                         bar.volume.to_double()});
  while (history_.size() > keep_bars_) history_.pop_front();
  robotrader::Bar b;
  b.symbol = host_.symbol;
  b.time = bar.start;
  b.end = bar.end();
  const Row& r = history_.back();
  b.open = r.open, b.high = r.high, b.low = r.low, b.close = r.close, b.volume = r.volume;
  delta_ = 0.0;
  asked_ = false;
  close_all_ = false;
  guarded("on_bar", [&] { strategy_->on_bar(*context_, b); });
  // What on_bar asked for; a denial's callback below cannot add to it.
  const double delta = delta_;
  const bool asked = asked_;
  const bool close_all = close_all_;
  deliver_denials();
  if (failure_ || !asked || delta == 0.0 || !std::isfinite(delta)) return Signal::hold();
  const bool buy = delta > 0.0;
  if (close_all) return Signal{buy ? SignalSide::kBuy : SignalSide::kSell, 1.0, name_ + " close"};
  Signal s{buy ? SignalSide::kBuy : SignalSide::kSell, 1.0, name_ + (buy ? " buy" : " sell")};
  s.quantity = Decimal::from_double(std::fabs(delta));
  return s;
}

void ApiStrategy::on_fill(const Fill& fill) {
  const robotrader::Fill f{fill.symbol, fill.side == Side::Buy ? "BUY" : "SELL", fill.quantity.to_double(),
                           fill.price.to_double(), fill.commission.to_double()};
  guarded("on_fill", [&] { strategy_->on_fill(*context_, f); });
  deliver_denials();
}

void ApiStrategy::on_denied(std::string_view reason) {
  denials_.push_back(robotrader::Denial{host_.symbol, std::string(reason)});
  deliver_denials();
}

void ApiStrategy::deliver_denials() {
  // A denial's callback may order again: that waits for the next bar (orders leave on bars only).
  while (!denials_.empty() && !failure_) {
    auto pending = std::move(denials_);
    denials_.clear();
    for (const auto& d : pending) guarded("on_order_denied", [&] { strategy_->on_order_denied(*context_, d); });
  }
  denials_.clear();
}

void ApiStrategy::on_stop() {
  guarded("on_stop", [&] { strategy_->on_stop(*context_); });
}

}  // namespace rt::trading
