#pragma once
// HistoricalPacer: IB's historical-data pacing rules as TWS enforces them (TWS_PROTOCOL.md
// section 6), on simulated time: no identical request within 15 s; at most 5 requests for one
// contract + exchange + whatToShow within 2 s; at most 60 small-bar (<= 30 s) requests in any
// 10 minutes (BID_ASK counting double); at most 50 requests open at once. The first three apply
// when pacing is enabled (--no-pacing turns them off); the open limit always applies.
//
// Thread: the io_context thread; one per session. Plain state, no I/O.
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace rt::gateway {

inline constexpr std::size_t kMaxOpenHistorical = 50;

enum class PacingVerdict { kAllowed, kIdentical, kSameContract, kTooMany, kTooManyOpen };

class HistoricalPacer {
 public:
  explicit HistoricalPacer(bool enabled) : enabled_(enabled) {}

  // Checks one request arriving at `now` and, when allowed, records it. `identity` is the whole
  // request but its id; `contract_key` the contract + exchange + whatToShow.
  PacingVerdict admit(Timestamp now, const std::string& identity, const std::string& contract_key, bool small_bars,
                      int weight, std::size_t open_requests);

 private:
  bool enabled_;
  std::map<std::string, Timestamp> last_identical_;
  std::map<std::string, std::deque<Timestamp>> per_contract_;
  std::deque<Timestamp> small_;  // one entry per unit of weight
};

}  // namespace rt::gateway
