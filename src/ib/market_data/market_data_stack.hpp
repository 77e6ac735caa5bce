#pragma once
// MarketDataStack: the objects a market-data command wires together on one event loop: the
// persistent connection, the pacing driver (IB's published limits), the contract resolver and the
// market-data client. For commands and tests; the runner wires its own.
// Thread: the executor's single thread. Owns everything it builds; the clocks must outlive it.
#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "ib/connection_manager.hpp"
#include "ib/market_data/contract_resolver.hpp"
#include "ib/market_data/market_data_client.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "ib/pacing/pacing_policy.hpp"

namespace rt::ib {

class MarketDataStack {
 public:
  // Fails when the pacing policy does not validate.
  static Result<std::unique_ptr<MarketDataStack>> create(boost::asio::any_io_executor executor,
                                                         ConnectionManagerConfig connection, PacingPolicy pacing,
                                                         MarketDataOptions options, const Clock& clock,
                                                         const MonotonicClock& monotonic);
  ~MarketDataStack();
  MarketDataStack(const MarketDataStack&) = delete;
  MarketDataStack& operator=(const MarketDataStack&) = delete;

  // Starts connecting; see ConnectionManager::start().
  void start() { connections_->start(); }
  // Cancels every stream, stops the pacer and closes the session cleanly.
  void stop();

  ConnectionManager& connections() { return *connections_; }
  PacingDriver& pacer() { return *pacer_; }
  ContractResolver& resolver() { return *resolver_; }
  MarketDataClient& client() { return *client_; }

 private:
  MarketDataStack() = default;
  std::unique_ptr<ConnectionManager> connections_;
  std::unique_ptr<PacingDriver> pacer_;
  std::unique_ptr<ContractResolver> resolver_;
  std::unique_ptr<MarketDataClient> client_;
};

}  // namespace rt::ib
