#pragma once
// GatewayConfig: everything that shapes one emulator instance: where it listens, which server
// version it offers, the accounts it manages and their seeded state, and the faults it plays.
// Plain data, copied into the GatewayServer at construction; parse_* helpers turn command-line
// text into config pieces and name the offending text on failure.
//
// Faults: `--fault <spec>` is repeatable; add_fault_spec() files each spec either as a handshake
// fault (`faults`) or into the FaultPlan (`fault_plan`, syntax in fault_plan.hpp):
//   no-version-reply | no-next-valid-id | close-after-preamble | client-id-in-use
//   zombie[:K] | drop-after-messages:N[:once] | reset-after-messages:N[:once] | drop-after:T[:once]
//   reset-after:T[:once] | lost-restored:T1:T2[:data-lost|data-maintained][:repeat]
//   farm-flap:PERIOD[:COUNT] | restart-after:T:DOWN | restart-every:T:DOWN
//   port-reset-after:T[:once] | throttle:N[:WINDOW] | latency:MS | silence-after:T[:once]
//   slow-historical:MS[:SYMBOL]
//   fill-after-cancel[:once] | fills-without-status[:once] | duplicate-exec[:once]
//   drop-before-ack[:once] | reject-orders[:CODE]   (order faults, broker/broker_config.hpp)
// Durations are fractional seconds (MS: milliseconds). Plan faults combine freely with each other
// and with zombie mode; a handshake fault excludes the other handshake faults and every fault
// timed from login (no session ever logs in), which validate() reports.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "gateway/broker/broker_config.hpp"
#include "gateway/fault_plan.hpp"
#include "gateway/market_config.hpp"

namespace rt::gateway {

// Server versions the emulator can serve (classic text framing, layouts the codec knows).
inline constexpr int kMinServerVersion = 100;
inline constexpr int kMaxServerVersion = 200;
inline constexpr std::uint16_t kDefaultPort = 7497;

// Scripted misbehaviour, chosen per instance. Each one applies to every connection.
enum class Fault {
  kNoVersionReply,      // accept TCP, read the preamble, never answer (a TWS waiting for "accept?")
  kNoNextValidId,       // answer the version, never send managedAccounts/nextValidId after START_API
  kCloseAfterPreamble,  // read the preamble, then shut down and close without a reply
  kClientIdInUse,       // every client id is "in use": 326 on START_API, then close
};

// "no-version-reply", "no-next-valid-id", "close-after-preamble", "client-id-in-use".
Result<Fault> parse_fault(std::string_view text);
const char* to_string(Fault fault) noexcept;

// A position seeded into an account at start.
struct SeedPosition {
  std::string account;  // empty = the first managed account
  std::string symbol;
  Decimal quantity;
  Decimal average_cost;
  std::optional<Decimal> mark_price;  // empty = the average cost
};

// "[ACCOUNT/]SYMBOL:QTY:AVGCOST[:MARK]", e.g. "AAPL:100:150.25" or "DU2/MSFT:-10:410:405.5".
Result<SeedPosition> parse_position(std::string_view text);
// "DU1,DU2" (spaces and empty pieces ignored); at least one account.
Result<std::vector<std::string>> parse_accounts(std::string_view text);

struct GatewayConfig;

// Adds one `--fault` spec to `config`: a handshake fault name or a FaultPlan spec. Fails naming
// the spec and listing the known faults; combinations are checked by validate().
Status add_fault_spec(GatewayConfig& config, std::string_view spec);

struct GatewayConfig {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = kDefaultPort;  // 0 = an ephemeral port chosen by the kernel
  int server_version = kMaxServerVersion;  // the highest version offered; negotiated down per client
  std::vector<std::string> accounts{"DU1234567"};
  Decimal starting_cash = Decimal::from_int(100000);  // per account
  std::vector<SeedPosition> positions;
  std::vector<Fault> faults;  // handshake faults
  FaultPlan fault_plan;       // connection faults played by the server (fault_plan.hpp)
  BrokerConfig broker;        // order matching, commissions and order faults (broker/broker_config.hpp)
  std::int64_t first_order_id = 1;  // the first nextValidId a session reports
  std::size_t max_payload = 0xFFFFFF;  // larger client frames close the connection
  MarketConfig market;  // the simulated market, its clock and the limits enforced (market_config.hpp)

  [[nodiscard]] bool has_fault(Fault fault) const;
};

// Checks ranges, accounts, positions (known account, non-zero quantity), the fault plan's ranges
// and fault combinations.
Status validate(const GatewayConfig& config);

}  // namespace rt::gateway
