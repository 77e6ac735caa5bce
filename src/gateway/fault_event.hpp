#pragma once
// FaultEvent: one thing a fault script did, as the GatewayServer reports it to its fault event
// handler and logs it ("gateway fault event=<name> session=<id> port=<port> <detail>").
// Names: zombie, handshakes-stalled, zombies-cleared, drop, reset, connectivity-lost,
// connectivity-restored, farm-broken, farm-ok, port-reset, silence, throttled, restart-down,
// restart-up, restart-failed. A plain value.
#include <chrono>
#include <cstdint>
#include <string>

#include "core/monotonic_clock.hpp"

namespace rt::gateway {

struct FaultEvent {
  std::string name;
  std::uint64_t session = 0;  // the session it happened on; 0 for server-wide events
  std::string detail;         // space-separated key=value pairs
  MonotonicClock::TimePoint at;  // on the server's monotonic clock
};

}  // namespace rt::gateway
