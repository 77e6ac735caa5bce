#pragma once
// make_strategy: builds a strategy by name from text parameters, so the runner, the backtester and
// parameter sweeps construct strategies the same way. Unknown names fail with the list of known
// strategies; bad parameters fail with the strategy's own validation message.
#include <array>
#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

inline constexpr std::array<std::string_view, 4> kKnownStrategies = {"sma_cross", "momentum", "mean_reversion",
                                                                     "breakout"};

Result<std::unique_ptr<Strategy>> make_strategy(std::string_view name, const StrategyParams& params = {});

}  // namespace rt::trading
