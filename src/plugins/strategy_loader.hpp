#pragma once
// strategy_maker: what `--strategy` names, as the kernel's StrategyMaker.
//   sma_cross, momentum, ...      a built-in (trading::make_strategy)
//   path/libmine.so:ClassName     a C++ plugin built on include/robotrader/strategy.hpp
//   path/mine.py:ClassName        a Python class deriving from robotrader.Strategy (src/python)
// A plugin is loaded once (dlopen, RTLD_LOCAL); its exported API version must equal
// robotrader::kStrategyApiVersion, and its parameters are its defaults() with the text overrides
// applied by type. Every problem is an error naming the file, the class or the parameter, found
// here, before anything connects or trades.
#include <string_view>

#include "core/result.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::plugins {

// True when `spec` names a plugin rather than a built-in.
bool is_plugin_spec(std::string_view spec);

Result<trading::StrategyMaker> strategy_maker(std::string_view spec, const trading::StrategyParams& params);

}  // namespace rt::plugins
