#pragma once
// KillSwitch: freezes entries (DESIGN "Orders and money", RELIABILITY O8).
//
// Contract
// - trip(kind, reason, time) engages it. Kinds: Loss (the daily loss limit), Manual (an operator
//   or the config), Connection (the broker session is unhealthy).
// - Loss and Manual trips stay engaged until reset(who, why, time): both names are required and
//   kept with the state. A Connection trip clears itself on on_connection_healthy(); it can also
//   be reset by hand.
// - A trip never weakens the switch: a Connection trip does not replace an engaged Loss or Manual
//   trip (otherwise the reconnect would clear a loss trip). A Loss or Manual trip replaces a
//   Connection trip. A trip of the kind already engaged changes nothing: the state keeps the
//   reason and time of the moment it tripped (the loss limit is re-checked every bar cycle).
// - While engaged, entries are blocked; exits and stops are always allowed (allows()).
// - state() is a plain value the store persists; restore() gives back an identical switch.
// Threading: single-threaded, trading event loop. Owns its state; no references kept.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "trading/order.hpp"

namespace rt::trading {

enum class KillSwitchKind { None, Loss, Manual, Connection };

constexpr std::string_view to_string(KillSwitchKind k) {
  switch (k) {
    case KillSwitchKind::None: return "none";
    case KillSwitchKind::Loss: return "loss";
    case KillSwitchKind::Manual: return "manual";
    case KillSwitchKind::Connection: return "connection";
  }
  return "?";
}

inline std::optional<KillSwitchKind> parse_kill_switch_kind(std::string_view s) {
  for (auto k : {KillSwitchKind::None, KillSwitchKind::Loss, KillSwitchKind::Manual, KillSwitchKind::Connection}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

// Loss and Manual trips need an explicit reset; Connection trips clear themselves.
constexpr bool needs_explicit_reset(KillSwitchKind k) {
  return k == KillSwitchKind::Loss || k == KillSwitchKind::Manual;
}

struct KillSwitchState {
  bool engaged = false;
  KillSwitchKind kind = KillSwitchKind::None;
  std::string reason;
  Timestamp time{};         // when it was last tripped
  // The last reset or automatic clearing: who, why and when (empty/epoch when never).
  std::string reset_by;
  std::string reset_reason;
  Timestamp reset_at{};

  bool operator==(const KillSwitchState&) const = default;
};

class KillSwitch {
 public:
  KillSwitch() = default;
  // Fails (kInvalidArgument) on an inconsistent state: engaged with kind None or without a
  // reason, or disengaged with a kind.
  static Result<KillSwitch> restore(KillSwitchState state);

  // Engages the switch. Returns true when the state changed (false when an engaged Loss or Manual
  // trip is kept over a Connection trip). kind must not be None (broken invariant, aborts).
  bool trip(KillSwitchKind kind, std::string reason, Timestamp time);
  // Clears any engaged trip, naming who and why (both required).
  Status reset(std::string who, std::string why, Timestamp time);
  // Clears a Connection trip; Loss and Manual trips are untouched. Returns true when it cleared.
  bool on_connection_healthy(Timestamp time);

  [[nodiscard]] bool engaged() const { return state_.engaged; }
  [[nodiscard]] KillSwitchKind kind() const { return state_.kind; }
  [[nodiscard]] const std::string& reason() const { return state_.reason; }
  [[nodiscard]] Timestamp time() const { return state_.time; }
  // Entries are blocked while engaged; exits and stops always pass.
  [[nodiscard]] bool allows(OrderPurpose purpose) const {
    return !state_.engaged || purpose != OrderPurpose::Entry;
  }
  [[nodiscard]] const KillSwitchState& state() const { return state_; }

 private:
  explicit KillSwitch(KillSwitchState state) : state_(std::move(state)) {}

  KillSwitchState state_;
};

}  // namespace rt::trading
