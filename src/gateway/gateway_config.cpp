#include "gateway/gateway_config.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace rt::gateway {
namespace {

struct FaultName {
  Fault fault;
  const char* name;
};

constexpr std::array<FaultName, 4> kFaultNames{{
    {Fault::kNoVersionReply, "no-version-reply"},
    {Fault::kNoNextValidId, "no-next-valid-id"},
    {Fault::kCloseAfterPreamble, "close-after-preamble"},
    {Fault::kClientIdInUse, "client-id-in-use"},
}};

bool valid_symbol(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ' ' ||
           c == '-';
  });
}

bool valid_account(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// FaultPlan specs that are timed from (or counted after) login.
bool is_session_spec(std::string_view spec) {
  for (std::string_view prefix : {"drop-", "reset-", "lost-restored", "farm-flap", "port-reset", "silence"}) {
    if (spec.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

Status add_fault_spec(GatewayConfig& config, std::string_view spec) {
  if (is_fault_plan_spec(spec)) return config.fault_plan.add(spec);
  if (is_order_fault_spec(spec)) return config.broker.faults.add(spec);
  auto fault = parse_fault(spec);
  if (!fault) {
    return fail(ErrorCode::kInvalidArgument,
                fault.error().message.substr(0, fault.error().message.size() - 1) +
                    ", zombie, drop-after-messages, reset-after-messages, drop-after, reset-after, lost-restored, "
                    "farm-flap, restart-after, restart-every, port-reset-after, throttle, latency, silence-after, "
                    "slow-historical)");
  }
  config.faults.push_back(*fault);
  return {};
}

Result<Fault> parse_fault(std::string_view text) {
  auto t = trim(text);
  for (const auto& f : kFaultNames) {
    if (t == f.name) return f.fault;
  }
  std::string known;
  for (const auto& f : kFaultNames) {
    if (!known.empty()) known += ", ";
    known += f.name;
  }
  return fail(ErrorCode::kInvalidArgument, "unknown fault '" + std::string(text) + "' (known: " + known + ")");
}

const char* to_string(Fault fault) noexcept {
  for (const auto& f : kFaultNames) {
    if (f.fault == fault) return f.name;
  }
  return "unknown";
}

Result<SeedPosition> parse_position(std::string_view text) {
  const std::string where = "position '" + std::string(text) + "'";
  auto rest = trim(text);
  SeedPosition p;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    p.account = std::string(trim(rest.substr(0, slash)));
    rest.remove_prefix(slash + 1);
    if (!valid_account(p.account)) return fail(ErrorCode::kInvalidArgument, where + ": bad account before '/'");
  }
  auto parts = split(rest, ':');
  if (parts.size() < 3 || parts.size() > 4) {
    return fail(ErrorCode::kInvalidArgument, where + ": expected [ACCOUNT/]SYMBOL:QTY:AVGCOST[:MARK]");
  }
  p.symbol = std::string(trim(parts[0]));
  if (!valid_symbol(p.symbol)) return fail(ErrorCode::kInvalidArgument, where + ": bad symbol '" + p.symbol + "'");
  std::transform(p.symbol.begin(), p.symbol.end(), p.symbol.begin(),
                 [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; });
  auto qty = Decimal::parse(trim(parts[1]));
  if (!qty || qty->is_zero()) {
    return fail(ErrorCode::kInvalidArgument, where + ": quantity '" + std::string(parts[1]) + "' is not a non-zero number");
  }
  p.quantity = *qty;
  auto cost = Decimal::parse(trim(parts[2]));
  if (!cost || cost->is_negative()) {
    return fail(ErrorCode::kInvalidArgument, where + ": average cost '" + std::string(parts[2]) + "' is not a price");
  }
  p.average_cost = *cost;
  if (parts.size() == 4) {
    auto mark = Decimal::parse(trim(parts[3]));
    if (!mark || mark->is_negative()) {
      return fail(ErrorCode::kInvalidArgument, where + ": mark price '" + std::string(parts[3]) + "' is not a price");
    }
    p.mark_price = *mark;
  }
  return p;
}

Result<std::vector<std::string>> parse_accounts(std::string_view text) {
  std::vector<std::string> out;
  for (auto piece : split(text, ',')) {
    auto a = trim(piece);
    if (a.empty()) continue;
    if (!valid_account(a)) return fail(ErrorCode::kInvalidArgument, "account '" + std::string(a) + "' is not an account code");
    if (std::find(out.begin(), out.end(), a) != out.end()) {
      return fail(ErrorCode::kInvalidArgument, "account '" + std::string(a) + "' is listed twice");
    }
    out.emplace_back(a);
  }
  if (out.empty()) return fail(ErrorCode::kInvalidArgument, "accounts '" + std::string(text) + "': no account given");
  return out;
}

bool GatewayConfig::has_fault(Fault fault) const {
  return std::find(faults.begin(), faults.end(), fault) != faults.end();
}

Status validate(const GatewayConfig& config) {
  if (config.server_version < kMinServerVersion || config.server_version > kMaxServerVersion) {
    return fail(ErrorCode::kInvalidArgument, "server version " + std::to_string(config.server_version) +
                                                 " is outside " + std::to_string(kMinServerVersion) + ".." +
                                                 std::to_string(kMaxServerVersion));
  }
  if (config.accounts.empty()) return fail(ErrorCode::kInvalidArgument, "at least one account is needed");
  for (const auto& a : config.accounts) {
    if (!valid_account(a)) return fail(ErrorCode::kInvalidArgument, "account '" + a + "' is not an account code");
  }
  if (config.starting_cash.is_negative()) return fail(ErrorCode::kInvalidArgument, "starting cash is negative");
  for (const auto& p : config.positions) {
    if (!p.account.empty() &&
        std::find(config.accounts.begin(), config.accounts.end(), p.account) == config.accounts.end()) {
      return fail(ErrorCode::kInvalidArgument,
                  "position " + p.symbol + " names account '" + p.account + "', which is not a managed account");
    }
    if (p.quantity.is_zero()) return fail(ErrorCode::kInvalidArgument, "position " + p.symbol + " has zero quantity");
  }
  if (config.first_order_id < 1) return fail(ErrorCode::kInvalidArgument, "first order id must be positive");
  if (config.max_payload < 16) return fail(ErrorCode::kInvalidArgument, "max payload is too small");
  if (auto st = validate(config.broker); !st) return st;
  // Preamble-stage faults end the session before START_API, so they exclude each other and the
  // START_API-stage faults; the two START_API-stage faults exclude each other too.
  const bool early_a = config.has_fault(Fault::kNoVersionReply);
  const bool early_b = config.has_fault(Fault::kCloseAfterPreamble);
  const bool late_a = config.has_fault(Fault::kNoNextValidId);
  const bool late_b = config.has_fault(Fault::kClientIdInUse);
  std::string names;
  for (auto f : config.faults) {
    if (names.find(to_string(f)) != std::string::npos) continue;
    if (!names.empty()) names += ", ";
    names += to_string(f);
  }
  if ((early_a + early_b + late_a + late_b) > 1) {
    return fail(ErrorCode::kInvalidArgument,
                "faults " + names + " cannot be combined: each ends the handshake at its own stage");
  }
  if (auto st = validate(config.fault_plan); !st) return st;
  if (auto st = validate(config.market); !st) return st;
  if (!config.faults.empty() && config.fault_plan.has_session_faults()) {
    std::string timed;
    for (const auto& spec : config.fault_plan.specs()) {
      if (is_session_spec(spec)) timed += (timed.empty() ? "" : ", ") + spec;
    }
    return fail(ErrorCode::kInvalidArgument, "faults " + timed + " cannot be combined with " + names +
                                                 ": they count from login, and with " + names +
                                                 " no session ever logs in");
  }
  return {};
}

}  // namespace rt::gateway
