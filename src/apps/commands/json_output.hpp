#pragma once
// The shape every command's --json output shares (docs/json-output.md): money and quantities as
// decimal strings from the Decimal, times as exchange time (RFC 3339 with New York's offset),
// "never" as null; and one JSON document on stdout with every human line on stderr.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/clock.hpp"
#include "core/decimal.hpp"

namespace rt::app {

[[nodiscard]] nlohmann::json json_money(Decimal d);
[[nodiscard]] nlohmann::json json_money(const std::optional<Decimal>& d);
// Exchange time; null for the epoch (the codebase's "never").
[[nodiscard]] nlohmann::json json_time(Timestamp t);

// Writes `doc` and a newline to `out` and flushes it.
void print_json(const nlohmann::json& doc, std::FILE* out = stdout);

// JsonStdout: for a command whose progress and summary lines go to stdout (run, backtest). When
// enabled, the process's stdout is pointed at stderr for the object's lifetime, so every such
// line lands on stderr, and emit() writes the one JSON document to the real stdout. Restores
// stdout on destruction. Main thread only; one at a time.
class JsonStdout {
 public:
  explicit JsonStdout(bool enabled);
  ~JsonStdout();
  JsonStdout(const JsonStdout&) = delete;
  JsonStdout& operator=(const JsonStdout&) = delete;

  [[nodiscard]] bool enabled() const { return saved_fd_ >= 0; }
  // Writes `doc` to the real stdout (a plain print_json when not enabled).
  void emit(const nlohmann::json& doc) const;

 private:
  int saved_fd_ = -1;
};

}  // namespace rt::app
