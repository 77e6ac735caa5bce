#include "gateway/gateway_context.hpp"

#include <algorithm>

namespace rt::gateway {

Result<std::vector<Account>> make_accounts(const GatewayConfig& config) {
  std::vector<Account> accounts;
  accounts.reserve(config.accounts.size());
  for (const auto& code : config.accounts) accounts.emplace_back(code, config.starting_cash);
  for (const auto& p : config.positions) {
    auto it = p.account.empty() ? accounts.begin()
                                : std::find_if(accounts.begin(), accounts.end(),
                                               [&](const Account& a) { return a.code() == p.account; });
    if (it == accounts.end()) {
      return fail(ErrorCode::kInvalidArgument, "position " + p.symbol + ": account '" + p.account + "' is not managed");
    }
    if (auto st = it->seed_position(p.symbol, p.quantity, p.average_cost, p.mark_price); !st) {
      return std::unexpected(st.error());
    }
  }
  return accounts;
}

}  // namespace rt::gateway
