#include "trading/strategy/strategy_params.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace rt::trading {

ParamReader::ParamReader(std::string_view strategy, const StrategyParams& params)
    : strategy_(strategy), params_(params) {}

const std::string* ParamReader::find(std::string_view key) {
  known_.emplace(key);
  const auto it = params_.find(key);
  return it == params_.end() ? nullptr : &it->second;
}

int ParamReader::get_int(std::string_view key, int fallback, int min, int max) {
  const int value = int_value(key, fallback, min, max);
  resolved_[std::string(key)] = std::to_string(value);
  return value;
}

double ParamReader::get_double(std::string_view key, double fallback, double min, double max) {
  const double value = double_value(key, fallback, min, max);
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  resolved_[std::string(key)] = ec == std::errc{} ? std::string(buf, end) : fmt::format("{}", value);
  return value;
}

int ParamReader::int_value(std::string_view key, int fallback, int min, int max) {
  const std::string* text = find(key);
  if (text == nullptr) return fallback;
  int value = 0;
  const char* first = text->data();
  const char* last = first + text->size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last) {
    errors_.push_back(fmt::format("{}: parameter '{}' = '{}' is not an integer; allowed {}..{}", strategy_,
                                  key, *text, min, max));
    return fallback;
  }
  if (value < min || value > max) {
    errors_.push_back(fmt::format("{}: parameter '{}' = {} is out of range; allowed {}..{}", strategy_, key,
                                  value, min, max));
    return fallback;
  }
  return value;
}

double ParamReader::double_value(std::string_view key, double fallback, double min, double max) {
  const std::string* text = find(key);
  if (text == nullptr) return fallback;
  double value = 0.0;
  const char* first = text->data();
  const char* last = first + text->size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last || !std::isfinite(value)) {
    errors_.push_back(fmt::format("{}: parameter '{}' = '{}' is not a number; allowed {}..{}", strategy_, key,
                                  *text, min, max));
    return fallback;
  }
  if (value < min || value > max) {
    errors_.push_back(fmt::format("{}: parameter '{}' = {} is out of range; allowed {}..{}", strategy_, key,
                                  *text, min, max));
    return fallback;
  }
  return value;
}

void ParamReader::require(bool ok, std::string_view message) {
  if (!ok) errors_.push_back(fmt::format("{}: {}", strategy_, message));
}

Status ParamReader::finish() const {
  std::vector<std::string> problems = errors_;
  for (const auto& [key, value] : params_) {
    if (!known_.contains(key)) {
      std::string names;
      for (const auto& k : known_) names += (names.empty() ? "" : ", ") + k;
      problems.push_back(fmt::format("{}: unknown parameter '{}'; known: {}", strategy_, key, names));
    }
  }
  if (problems.empty()) return {};
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
  return fail(ErrorCode::kInvalidArgument, message);
}

}  // namespace rt::trading
