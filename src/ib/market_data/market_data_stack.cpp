#include "ib/market_data/market_data_stack.hpp"

namespace rt::ib {

Result<std::unique_ptr<MarketDataStack>> MarketDataStack::create(boost::asio::any_io_executor executor,
                                                                 ConnectionManagerConfig connection,
                                                                 PacingPolicy pacing, MarketDataOptions options,
                                                                 const Clock& clock,
                                                                 const MonotonicClock& monotonic) {
  auto scheduler = PacingScheduler::create(pacing, clock);
  if (!scheduler) return std::unexpected(scheduler.error());
  std::unique_ptr<MarketDataStack> stack(new MarketDataStack());
  stack->connections_ = std::make_unique<ConnectionManager>(executor, std::move(connection), clock, monotonic);
  stack->pacer_ = std::make_unique<PacingDriver>(executor, std::move(*scheduler), clock);
  stack->resolver_ = std::make_unique<ContractResolver>(*stack->connections_, *stack->pacer_, clock);
  stack->client_ = std::make_unique<MarketDataClient>(executor, *stack->connections_, *stack->pacer_, clock,
                                                      std::move(options));
  return stack;
}

MarketDataStack::~MarketDataStack() { stop(); }

void MarketDataStack::stop() {
  if (client_) client_.reset();  // cancels its streams while the session is still there
  if (pacer_) pacer_->stop();
  if (connections_) connections_->stop();
}

}  // namespace rt::ib
