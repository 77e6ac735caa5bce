#pragma once
// ProbeOutcome: what an optional API handshake probe found. The doctor never probes by itself:
// the command injects a function that runs the real handshake (its own client id, a deadline per
// stage, a clean close) and returns one of these. This header depends on nothing but the standard
// library, so the prober and the diagnosis stay apart.
#include <string>
#include <utility>
#include <vector>

namespace rt::diag {

struct ProbeOutcome {
  enum class Status {
    kNotRun,         // no --probe: no connection was opened
    kPassed,         // version reply, nextValidId and managedAccounts all arrived
    kFailed,         // a stage failed or passed its deadline
    kClientIdInUse,  // TWS answered 326
  };
  enum class Stage {
    kTcp,           // TCP connect refused or timed out
    kVersionReply,  // connected, but no version reply to the API preamble
    kReady,         // version reply, but no nextValidId / managedAccounts
  };

  Status status = Status::kNotRun;
  int server_version = 0;             // kPassed
  std::vector<std::string> accounts;  // kPassed
  Stage failed_stage = Stage::kTcp;   // kFailed
  std::string message;                // kFailed / kClientIdInUse: what the prober saw
  int client_id = 0;                  // the id the probe used (kClientIdInUse: the stuck id)

  static ProbeOutcome not_run() { return {}; }
  static ProbeOutcome passed(int server_version, std::vector<std::string> accounts, int client_id = 0) {
    ProbeOutcome outcome;
    outcome.status = Status::kPassed;
    outcome.server_version = server_version;
    outcome.accounts = std::move(accounts);
    outcome.client_id = client_id;
    return outcome;
  }
  static ProbeOutcome failed(Stage stage, std::string message, int client_id = 0) {
    ProbeOutcome outcome;
    outcome.status = Status::kFailed;
    outcome.failed_stage = stage;
    outcome.message = std::move(message);
    outcome.client_id = client_id;
    return outcome;
  }
  static ProbeOutcome client_id_in_use(int client_id, std::string message = {}) {
    ProbeOutcome outcome;
    outcome.status = Status::kClientIdInUse;
    outcome.client_id = client_id;
    outcome.message = std::move(message);
    return outcome;
  }
};

}  // namespace rt::diag
