#pragma once
// StrategyParams and ParamReader: strategy parameters arrive as text (config file, CLI, sweep
// grid) and are validated in one place. ParamReader reads typed values with defaults and allowed
// ranges, remembers every problem, and finish() reports them all at once, each naming the strategy,
// the parameter and the allowed range; keys no reader asked for are reported as unknown.
// Used once per strategy construction; not on the per-bar path.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace rt::trading {

using StrategyParams = std::map<std::string, std::string, std::less<>>;

class ParamReader {
 public:
  ParamReader(std::string_view strategy, const StrategyParams& params);

  int get_int(std::string_view key, int fallback, int min, int max);
  double get_double(std::string_view key, double fallback, double min, double max);
  // Adds `message` (prefixed with the strategy name) when `ok` is false.
  void require(bool ok, std::string_view message);
  // Ok when every parameter was known and valid; otherwise one error listing every problem.
  Status finish() const;
  // Every parameter read, with the value in force (a default when it was not given).
  [[nodiscard]] const StrategyParams& resolved() const { return resolved_; }

 private:
  const std::string* find(std::string_view key);
  int int_value(std::string_view key, int fallback, int min, int max);
  double double_value(std::string_view key, double fallback, double min, double max);

  std::string strategy_;
  const StrategyParams& params_;
  std::set<std::string, std::less<>> known_;
  std::vector<std::string> errors_;
  StrategyParams resolved_;
};

}  // namespace rt::trading
