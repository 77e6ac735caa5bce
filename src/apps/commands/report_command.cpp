// `robotrader report`: the trader's state from its database, without connecting to anything:
// account and P&L, positions with cost, price and P&L, open orders, recent fills, risk events and
// the kill switch. Tables for people, --json for scripts. Opens the database read-only.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "apps/commands/broker_view_report.hpp"
#include "apps/commands/commands.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/statement_report.hpp"
#include "apps/commands/table.hpp"
#include "runner/risk_state_store.hpp"
#include "store/database.hpp"
#include "store/kill_switch_repository.hpp"
#include "store/ledger_store.hpp"
#include "store/order_journal.hpp"
#include "trading/market/eastern_time.hpp"
#include "trading/portfolio/mark_age.hpp"

namespace rt::app {
namespace {

Result<std::vector<std::pair<std::string, std::string>>> read_halts(store::Database& db) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!table_exists(db, "runner_halts")) return out;
  auto s = db.prepare("SELECT symbol, reason FROM runner_halts ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.emplace_back((*s)->column_text(0), (*s)->column_text(1));
  }
  (*s)->reset();
  return out;
}


std::string format_date(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

struct ReportRun {
  std::string database = "robotrader.db";
  bool json = false;
  int recent = 20;
  int stale_after_seconds = 900;
  std::string date;   // a statement of one New York trading date
  std::string since;  // a statement from this date to today
  bool csv = false;
  int run() const;
  int statement(store::Database& db) const;
};

int ReportRun::statement(store::Database& db) const {
  StatementRequest request;
  auto first = parse_statement_date(date.empty() ? "--since" : "--date", date.empty() ? since : date);
  if (!first) {
    std::fprintf(stderr, "report: %s\n", first.error().message.c_str());
    return 2;
  }
  request.from = *first;
  request.to = date.empty() ? trading::EasternTime::local_date(SystemClock{}.now()) : *first;
  if (request.from > request.to) {
    std::fprintf(stderr, "report: --since %s is after today (%s, New York)\n", since.c_str(),
                 format_date(request.to).c_str());
    return 2;
  }
  request.format = json ? StatementFormat::kJson : csv ? StatementFormat::kCsv : StatementFormat::kTable;
  return print_statement(db, request);
}

int ReportRun::run() const {
  if (!std::filesystem::exists(database)) {
    std::fprintf(stderr, "report: database %s does not exist (run `robotrader run` first, or pass --db)\n",
                 database.c_str());
    return 1;
  }
  store::OpenOptions options;
  options.read_only = true;
  auto db = store::Database::open(database, options);
  if (!db) {
    std::fprintf(stderr, "report: %s\n", db.error().message.c_str());
    return 1;
  }
  if (!date.empty() || !since.empty()) return statement(*db);
  store::LedgerStore ledger_store(*db);
  store::OrderJournal journal(*db);
  store::KillSwitchRepository kill_switch(*db);
  auto ledger = ledger_store.load_ledger();
  // With each fill's commission as reported later by TWS (commissionReport), not only at the fill.
  auto fills = ledger_store.load_recent_fills(static_cast<std::size_t>(recent));
  auto open_orders = journal.load_open_orders();
  auto denials = journal.load_denials();
  auto snapshots = ledger_store.load_snapshots();
  auto ks = kill_switch.load();
  auto marks = ledger_store.load_marks();
  for (const Error* e : {ledger ? nullptr : &ledger.error(), fills ? nullptr : &fills.error(),
                         marks ? nullptr : &marks.error(),
                         open_orders ? nullptr : &open_orders.error(), denials ? nullptr : &denials.error(),
                         snapshots ? nullptr : &snapshots.error(), ks ? nullptr : &ks.error()}) {
    if (e) {
      std::fprintf(stderr, "report: %s\n", e->message.c_str());
      return 1;
    }
  }
  // The day's P&L: equity now against the equity the trader's last day started with (its
  // snapshot, written at each bar cycle), as the run's summary computes day_pnl.
  std::optional<trading::DailySnapshot> last_day;
  if (!snapshots->empty()) last_day = snapshots->back();
  const std::string day = last_day ? format_date(last_day->date) : "";
  const std::string day_pnl = last_day ? (ledger->equity() - last_day->start_equity).to_string_fixed(2) : "";

  nlohmann::json j;
  j["account"] = {{"cash", ledger->cash().to_string_fixed(2)},
                  {"equity", ledger->equity().to_string_fixed(2)},
                  {"realized_pnl", ledger->realized().to_string_fixed(2)},
                  {"unrealized_pnl", ledger->unrealized().to_string_fixed(2)},
                  {"commissions", ledger->commissions().to_string_fixed(2)},
                  {"day", day},
                  {"day_pnl", day_pnl}};
  Table account({"Cash", "Equity", "Realized P&L", "Unrealized P&L", "Commissions", "Day", "Day P&L"});
  account.add({ledger->cash().to_string_fixed(2), ledger->equity().to_string_fixed(2),
               ledger->realized().to_string_fixed(2), ledger->unrealized().to_string_fixed(2),
               ledger->commissions().to_string_fixed(2), day.empty() ? "-" : day, day_pnl.empty() ? "-" : day_pnl});

  // Each position at its stored mark, with the mark's source and age; a mark the market has
  // traded past for longer than --stale-after is flagged.
  const trading::MarketCalendar calendar;
  const Timestamp now = SystemClock{}.now();
  const Duration stale_limit = std::chrono::seconds(stale_after_seconds);
  // Where each position's protective stop lives: an order resting at the broker (journaled as a
  // Protect order still open), else the trader's own stop (its stored StopBook entry), else none.
  std::map<std::string, const trading::Order*> at_broker;
  for (const auto& o : *open_orders) {
    // The stop, not a take-profit limit beside it.
    if (o.intent.purpose == trading::OrderPurpose::Protect && trading::is_stop_type(o.intent.type)) {
      at_broker[o.intent.symbol] = &o;
    }
  }
  std::map<std::string, Decimal> local_stops;
  if (auto stops = runner::RiskStateStore(*db).load_stops()) {
    for (const auto& st : *stops) local_stops[st.symbol] = st.level;
  }
  auto protection_of = [&](const std::string& symbol) -> std::pair<std::string, nlohmann::json> {
    if (auto it = at_broker.find(symbol); it != at_broker.end()) {
      const auto& in = it->second->intent;
      std::string text = "broker " + std::string(trading::to_string(in.type));
      if (in.trail_percent) text += " " + in.trail_percent->to_string() + "%";
      if (in.stop_price) text += " " + in.stop_price->to_string_fixed(2);
      return {text, {{"where", "broker"}, {"order_ref", it->second->ref()}, {"type", trading::to_string(in.type)},
                     {"quantity", in.quantity.to_string()}}};
    }
    if (auto it = local_stops.find(symbol); it != local_stops.end()) {
      return {"local stop " + it->second.to_string_fixed(2), {{"where", "local"}, {"level", it->second.to_string()}}};
    }
    return {"NONE", {{"where", "none"}}};
  };
  Table positions({"Symbol", "Quantity", "Avg cost", "Mark", "Source", "Marked at", "Age", "Unrealized", "Realized",
                   "Protection"});
  j["positions"] = nlohmann::json::array();
  std::vector<std::string> stale_marks;
  for (const auto& p : ledger->positions()) {
    if (p.quantity.is_zero()) continue;
    auto unrealized = ledger->unrealized(p.symbol);
    auto mark_it = marks->find(p.symbol);
    const bool has_mark = mark_it != marks->end();
    const auto age = has_mark ? trading::mark_age(calendar, mark_it->second.time, now, stale_limit) : trading::MarkAge{};
    const std::string source = has_mark ? std::string(trading::to_string(mark_it->second.source)) : "fill";
    const std::string age_text =
        has_mark ? trading::format_age(age.age) + (age.stale ? " STALE" : "") : std::string("-");
    if (age.stale) stale_marks.push_back(p.symbol + " (" + trading::format_age(age.age) + ")");
    const auto [protection_text, protection_json] = protection_of(p.symbol);
    positions.add({p.symbol, p.quantity.to_string(), p.avg_cost.to_string_fixed(4), p.mark.to_string_fixed(2), source,
                   has_mark ? time_text(mark_it->second.time) : "-", age_text, unrealized.to_string_fixed(2),
                   p.realized.to_string_fixed(2), protection_text});
    j["positions"].push_back({{"symbol", p.symbol},
                              {"quantity", p.quantity.to_string()},
                              {"avg_cost", p.avg_cost.to_string()},
                              {"price", p.mark.to_string()},
                              {"mark_source", source},
                              {"mark_time", has_mark ? json_time(mark_it->second.time) : nlohmann::json()},
                              {"mark_age_seconds", std::chrono::duration_cast<std::chrono::seconds>(age.age).count()},
                              {"mark_stale", age.stale},
                              {"unrealized_pnl", unrealized.to_string_fixed(2)},
                              {"realized_pnl", p.realized.to_string_fixed(2)},
                              {"protection", protection_json}});
  }

  Table orders({"Ref", "Symbol", "Side", "Qty", "Type", "Status", "Filled", "Since"});
  j["open_orders"] = nlohmann::json::array();
  for (const auto& o : *open_orders) {
    orders.add({o.ref(), o.intent.symbol, std::string(trading::to_string(o.intent.side)), o.intent.quantity.to_string(),
                std::string(trading::to_string(o.intent.type)), std::string(trading::to_string(o.status)),
                o.filled_quantity.to_string(), time_text(o.status_at)});
    j["open_orders"].push_back({{"ref", o.ref()},
                                {"symbol", o.intent.symbol},
                                {"side", trading::to_string(o.intent.side)},
                                {"quantity", o.intent.quantity.to_string()},
                                {"status", trading::to_string(o.status)},
                                {"external", o.external}});
  }

  auto recent_fills = *fills;
  std::sort(recent_fills.begin(), recent_fills.end(), [](const auto& a, const auto& b) { return a.time > b.time; });
  if (recent_fills.size() > static_cast<std::size_t>(recent)) recent_fills.resize(static_cast<std::size_t>(recent));
  Table fill_table({"Time", "Symbol", "Side", "Qty", "Price", "Commission", "Exec id"});
  j["recent_fills"] = nlohmann::json::array();
  for (const auto& f : recent_fills) {
    fill_table.add({time_text(f.time), f.symbol, std::string(trading::to_string(f.side)), f.quantity.to_string(),
                    f.price.to_string_fixed(2), f.commission.to_string_fixed(2), f.exec_id});
    j["recent_fills"].push_back({{"time", json_time(f.time)},
                                 {"symbol", f.symbol},
                                 {"side", trading::to_string(f.side)},
                                 {"quantity", f.quantity.to_string()},
                                 {"price", f.price.to_string()},
                                 {"commission", f.commission.to_string()},
                                 {"exec_id", f.exec_id}});
  }

  auto recent_denials = *denials;
  std::sort(recent_denials.begin(), recent_denials.end(), [](const auto& a, const auto& b) { return a.time > b.time; });
  if (recent_denials.size() > static_cast<std::size_t>(recent)) recent_denials.resize(static_cast<std::size_t>(recent));
  Table risk({"Time", "Symbol", "Rule", "Reason"});
  j["risk_events"] = nlohmann::json::array();
  for (const auto& d : recent_denials) {
    risk.add({time_text(d.time), d.symbol, std::string(trading::to_string(d.rule)), d.reason});
    j["risk_events"].push_back({{"time", json_time(d.time)},
                                {"symbol", d.symbol},
                                {"rule", trading::to_string(d.rule)},
                                {"reason", d.reason}});
  }
  j["kill_switch"] = {{"engaged", ks->engaged}, {"reason", ks->reason}, {"since", ks->engaged ? json_time(ks->time) : nlohmann::json()}};
  // Symbols a trader halted because their book disagreed with the broker's (a runner table: it
  // exists once a trader has run on this database).
  auto halts = read_halts(*db);
  if (!halts) {
    std::fprintf(stderr, "report: %s\n", halts.error().message.c_str());
    return 1;
  }
  j["halted"] = nlohmann::json::array();
  for (const auto& [symbol, reason] : *halts) j["halted"].push_back({{"symbol", symbol}, {"reason", reason}});

  auto ib_view = read_broker_view(*db);
  if (!ib_view) {
    std::fprintf(stderr, "report: %s\n", ib_view.error().message.c_str());
    return 1;
  }
  if (!ib_view->is_null()) j["ib"] = *ib_view;

  if (json) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("Account (%s)\n", database.c_str());
  account.print(stdout);
  std::printf("\nPositions\n");
  positions.print(stdout);
  if (!stale_marks.empty()) {
    std::string list;
    for (const auto& s : stale_marks) list += (list.empty() ? "" : ", ") + s;
    std::printf("Stale marks (the market traded for more than %ds since): %s\n", stale_after_seconds, list.c_str());
  }
  if (!ib_view->is_null()) print_broker_view(*ib_view);
  std::printf("\nOpen orders (%zu)\n", open_orders->size());
  orders.print(stdout);
  auto all_fills = ledger_store.fill_count();
  std::printf("\nRecent fills (%zu of %lld)\n", recent_fills.size(),
              static_cast<long long>(all_fills ? *all_fills : static_cast<std::int64_t>(fills->size())));
  fill_table.print(stdout);
  std::printf("\nRisk events (%zu of %zu)\n", recent_denials.size(), denials->size());
  risk.print(stdout);
  std::printf("\nKill switch: %s%s\n", ks->engaged ? "ENGAGED: " : "off", ks->engaged ? ks->reason.c_str() : "");
  if (halts->empty()) std::printf("Halted symbols: none\n");
  for (const auto& [symbol, reason] : *halts) std::printf("HALTED %s: %s\n", symbol.c_str(), reason.c_str());
  return 0;
}

}  // namespace

CommandRunner add_report_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<ReportRun>();
  auto* cmd = app.add_subcommand("report", "Positions, P&L, orders, fills and risk events from the database");
  cmd->add_option("--db", run->database, "the trader's SQLite database")->capture_default_str();
  cmd->add_option("--recent", run->recent, "how many recent fills and risk events to show")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--stale-after", run->stale_after_seconds,
                  "flag a mark the market has traded past for this many seconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 864000));
  auto* date = cmd->add_option("--date", run->date, "a statement of one New York trading date (YYYY-MM-DD)");
  auto* since = cmd->add_option("--since", run->since, "a statement from this date (YYYY-MM-DD) to today");
  date->excludes(since);
  auto* json = cmd->add_flag("--json", run->json, "print JSON instead of tables");
  cmd->add_flag("--csv", run->csv, "with --date or --since: one CSV row per fill")->excludes(json);
  return [run] { return run->run(); };
}

}  // namespace rt::app
