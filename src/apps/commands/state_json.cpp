#include "apps/commands/state_json.hpp"

#include <string>

#include "apps/commands/json_output.hpp"

namespace rt::app {

nlohmann::json kill_switch_json(const trading::KillSwitchState& s) {
  nlohmann::json j = {{"engaged", s.engaged},
                      {"kind", s.engaged ? nlohmann::json(std::string(trading::to_string(s.kind))) : nlohmann::json()},
                      {"reason", s.engaged ? nlohmann::json(s.reason) : nlohmann::json()},
                      {"since", s.engaged ? json_time(s.time) : nlohmann::json()},
                      {"needs_explicit_reset", s.engaged && trading::needs_explicit_reset(s.kind)},
                      {"last_reset", nullptr}};
  if (!s.reset_by.empty()) {
    j["last_reset"] = {{"by", s.reset_by}, {"reason", s.reset_reason}, {"at", json_time(s.reset_at)}};
  }
  return j;
}

nlohmann::json halts_json(const std::vector<runner::HaltRow>& halts) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& h : halts) {
    rows.push_back({{"symbol", h.symbol},
                    {"reason", h.reason},
                    {"since", json_time(h.since)},
                    {"broker_quantity", json_money(h.broker_quantity)},
                    {"ledger_quantity", json_money(h.ledger_quantity)},
                    {"request", h.request.empty() ? nlohmann::json() : nlohmann::json(h.request)}});
  }
  return {{"halts", std::move(rows)}};
}

}  // namespace rt::app
