#pragma once
// GatewayContext: the server-wide state every session of one emulator instance reads and updates:
// the configuration, the simulated clock, the simulated accounts, the connected client ids, the
// market, the limit counters and the wall clock (for the message rate, which is real time).
// Non-owning references; the GatewayServer (or a test) owns the referents and keeps them alive
// longer than every session. Used on the io_context thread only.
#include <vector>

#include "core/clock.hpp"
#include "gateway/account.hpp"
#include "gateway/client_registry.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/limit_counters.hpp"
#include "gateway/market.hpp"

namespace rt::gateway {

class SimBroker;

struct GatewayContext {
  const GatewayConfig& config;
  const Clock& clock;  // simulated market time
  std::vector<Account>& accounts;  // one per managed account, in config.accounts order
  ClientRegistry& clients;
  Market& market;
  LimitCounters& limits;
  const Clock& wall_clock;  // real time
  SimBroker* broker = nullptr;  // the order broker (broker/sim_broker.hpp); null: orders get 321
};

// Builds the accounts a config describes (cash, seeded positions); fails on a bad seed.
Result<std::vector<Account>> make_accounts(const GatewayConfig& config);

}  // namespace rt::gateway
