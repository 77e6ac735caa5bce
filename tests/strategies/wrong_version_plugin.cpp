// A strategy library built against a strategy API version this robotrader does not speak.
#include <robotrader/strategy.hpp>

extern "C" int robotrader_strategy_api_version() { return robotrader::kStrategyApiVersion + 1; }
extern "C" robotrader::Strategy* robotrader_make_strategy(const char*) { return nullptr; }
