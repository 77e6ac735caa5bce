#pragma once
// TraderDashboard: the dashboard of a running Trader (`robotrader run`), on the trader's own event
// loop. It owns the DashboardServer and the metrics, and builds the DashboardModel from the
// kernel itself (Trader::view()): the connection as the ConnectionManager reports it, the account
// and positions from the ledger with the desk's stop levels, the OMS's working orders, the newest
// fills from the store, signals and risk denials as the kernel reports them, the kill switch and
// the risk limits in force, an equity point per bar cycle, and the log tail.
//
// It publishes as soon as the kernel reports a change (coalesced into one rebuild per turn of the
// event loop) and once per `refresh` otherwise, so heartbeat ages stay current and the page sees
// a live feed even when the market is closed. /readyz is connected + reconciled + kill switch
// off; the kill-switch POST engages the kernel's kill switch (kind manual, persisted).
//
// Thread: the trading event loop; call every method from it. Borrows the Trader and the Database
// (both outlive it); registers itself as the Trader's observer until stop() or destruction.
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "web/dashboard_model.hpp"
#include "web/dashboard_wiring.hpp"

namespace rt::runner {
class Trader;
}
namespace rt::store {
class Database;
}

namespace rt::web {

class LogTail;

struct TraderDashboardOptions {
  WebOptions web;
  std::string mode = "paper";  // shown on the page: "sim", "paper", "live", with ", dry run" when so
  std::shared_ptr<LogTail> log;  // may be null: no log tail on the page
  std::chrono::milliseconds refresh{1000};
};

class TraderDashboard {
 public:
  // Starts serving; fails when the address cannot be bound or a non-loopback bind has no (valid)
  // token. Requires options.web.enabled.
  static Result<std::unique_ptr<TraderDashboard>> start(boost::asio::any_io_executor executor, runner::Trader& trader,
                                                        store::Database& db, TraderDashboardOptions options);
  ~TraderDashboard();
  TraderDashboard(const TraderDashboard&) = delete;
  TraderDashboard& operator=(const TraderDashboard&) = delete;

  // Closes the listener and every connection and detaches from the Trader. Idempotent.
  void stop();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string url() const;  // http://host:port/
  // The model as last published (for tests).
  [[nodiscard]] const DashboardModel& model() const;

  struct Impl;

 private:
  explicit TraderDashboard(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::web
