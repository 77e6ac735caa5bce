#include "trading/strategy/strategy_factory.hpp"

#include "trading/strategy/breakout.hpp"
#include "trading/strategy/mean_reversion.hpp"
#include "trading/strategy/momentum.hpp"
#include "trading/strategy/sma_cross.hpp"

namespace rt::trading {

namespace {

template <class S, class Config>
Result<std::unique_ptr<Strategy>> build(const StrategyParams& params) {
  auto config = Config::from_params(params);
  if (!config) return std::unexpected(config.error());
  return std::unique_ptr<Strategy>(std::make_unique<S>(*config));
}

}  // namespace

Result<std::unique_ptr<Strategy>> make_strategy(std::string_view name, const StrategyParams& params) {
  if (name == SmaCross::kName) return build<SmaCross, SmaCrossConfig>(params);
  if (name == Momentum::kName) return build<Momentum, MomentumConfig>(params);
  if (name == MeanReversion::kName) return build<MeanReversion, MeanReversionConfig>(params);
  if (name == Breakout::kName) return build<Breakout, BreakoutConfig>(params);
  std::string known;
  for (const auto k : kKnownStrategies) {
    if (!known.empty()) known += ", ";
    known += k;
  }
  return fail(ErrorCode::kInvalidArgument, "unknown strategy '" + std::string(name) + "'; known: " + known);
}

}  // namespace rt::trading
