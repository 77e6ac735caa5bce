#pragma once
// The states of the one persistent TWS session a process keeps.
#include <array>
#include <cstddef>

namespace rt::ib {

enum class ConnectionState {
  kDisconnected,  // no session, about to connect
  kConnecting,    // a handshake is running
  kReady,         // connected; requests flow
  kDegraded,      // connected to TWS, but TWS lost IB (1100); subscriptions are kept
  kBackingOff,    // waiting before the next attempt
  kStopped,       // stop() was called; nothing more happens
};
inline constexpr std::size_t kConnectionStateCount = 6;

const char* to_string(ConnectionState state) noexcept;

// Farms TWS reports on (2103/2104 market data, 2105/2106 HMDS, 2157/2158 sec-def).
enum class FarmKind { kMarketData, kHistorical, kSecDef };

}  // namespace rt::ib
