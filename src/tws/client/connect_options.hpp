#pragma once
// What a client session needs to connect, and what it learns once connected.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tws/messages/ids.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::tws {

// The stages of a connection attempt; each has its own deadline.
enum class ConnectStage {
  kTcp,           // TCP connect
  kVersionReply,  // the server's [version, time] reply to the preamble
  kReady,         // both managedAccounts and nextValidId after START_API
};

const char* to_string(ConnectStage stage) noexcept;

struct ConnectOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7497;
  int client_id = 0;
  std::chrono::milliseconds tcp_timeout{5000};
  std::chrono::milliseconds version_timeout{5000};
  std::chrono::milliseconds ready_timeout{5000};
  VersionRange versions{sv::kClientMin, sv::kClientMax, ""};
  std::size_t max_frame = kMaxPayload;
};

struct SessionInfo {
  int server_version = 0;
  std::string connection_time;
  std::vector<std::string> accounts;
  std::int64_t next_valid_id = 0;
  int client_id = 0;
  std::string host;
  std::uint16_t port = 0;
};

}  // namespace rt::tws
