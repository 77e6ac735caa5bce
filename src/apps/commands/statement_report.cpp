#include "apps/commands/statement_report.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "apps/commands/json_output.hpp"
#include "apps/commands/table.hpp"
#include "store/ledger_store.hpp"
#include "trading/portfolio/statement.hpp"

namespace rt::app {
namespace {

std::string date_text(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string utc_text(Timestamp t) {
  std::time_t secs = static_cast<std::time_t>(epoch_seconds(t));
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string money(Decimal v) { return v.to_string_fixed(2); }
nlohmann::json money_or_null(const std::optional<Decimal>& v) { return v ? nlohmann::json(money(*v)) : nlohmann::json(); }

// A CSV field: quoted when it holds a separator, a quote or a line break.
std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::json to_json(const trading::Statement& st) {
  nlohmann::json j;
  j["from"] = date_text(st.from);
  j["to"] = date_text(st.to);
  j["realized_pnl"] = money(st.realized);
  j["realized_pnl_average_cost"] = money(st.realized_avg_cost);
  j["commissions"] = money(st.commissions);
  j["prior_close_equity"] = money_or_null(st.prior_close_equity);
  j["ending_equity"] = money_or_null(st.ending_equity);
  j["equity_change"] = money_or_null(st.equity_change());
  j["instruments"] = nlohmann::json::array();
  for (const auto& s : st.instruments) {
    j["instruments"].push_back({{"symbol", s.symbol},
                                {"fills", s.fills},
                                {"bought", s.bought.to_string()},
                                {"sold", s.sold.to_string()},
                                {"realized_pnl", money(s.realized)},
                                {"realized_pnl_average_cost", money(s.realized_avg_cost)},
                                {"commissions", money(s.commissions)},
                                {"ending_quantity", s.ending_quantity.to_string()},
                                {"ending_avg_cost", s.ending_avg_cost.to_string()},
                                {"ending_mark", s.ending_mark ? nlohmann::json(s.ending_mark->price.to_string()) : nlohmann::json()},
                                {"ending_mark_source",
                                 s.ending_mark ? nlohmann::json(std::string(trading::to_string(s.ending_mark->source)))
                                               : nlohmann::json()},
                                {"ending_value", money(s.ending_value)}});
  }
  j["fills"] = nlohmann::json::array();
  for (const auto& f : st.fills) {
    j["fills"].push_back({{"time", json_time(f.fill.time)},
                          {"symbol", f.fill.symbol},
                          {"side", trading::to_string(f.fill.side)},
                          {"quantity", f.fill.quantity.to_string()},
                          {"price", f.fill.price.to_string()},
                          {"commission", money(f.fill.commission)},
                          {"realized_pnl", money(f.realized)},
                          {"realized_pnl_average_cost", money(f.realized_avg_cost)},
                          {"exec_id", f.fill.exec_id}});
  }
  j["closed_lots"] = nlohmann::json::array();
  for (const auto& l : st.closed_lots) {
    j["closed_lots"].push_back({{"symbol", l.symbol},
                                {"opened", json_time(l.opened_at)},
                                {"open_exec_id", l.open_exec_id},
                                {"open_price", l.open_price.to_string()},
                                {"quantity", l.quantity.to_string()},
                                {"closed", json_time(l.closed_at)},
                                {"close_exec_id", l.close_exec_id},
                                {"close_price", l.close_price.to_string()},
                                {"realized_pnl", money(l.realized)}});
  }
  return j;
}

void print_csv(const trading::Statement& st) {
  std::printf("time,symbol,side,quantity,price,commission,realized_pnl,realized_pnl_average_cost,exec_id\n");
  for (const auto& f : st.fills) {
    std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s\n", utc_text(f.fill.time).c_str(), csv(f.fill.symbol).c_str(),
                std::string(trading::to_string(f.fill.side)).c_str(), f.fill.quantity.to_string().c_str(),
                f.fill.price.to_string().c_str(), money(f.fill.commission).c_str(), money(f.realized).c_str(),
                money(f.realized_avg_cost).c_str(), csv(f.fill.exec_id).c_str());
  }
}

void print_tables(const trading::Statement& st, const std::string& database) {
  const std::string span = st.from == st.to ? date_text(st.from) : date_text(st.from) + " to " + date_text(st.to);
  std::printf("Statement %s (%s), New York trading dates\n", span.c_str(), database.c_str());
  Table account({"Prior close", "Ending equity", "Change", "Realized (FIFO)", "Realized (avg cost)", "Commissions"});
  account.add({st.prior_close_equity ? money(*st.prior_close_equity) : "-",
               st.ending_equity ? money(*st.ending_equity) : "-",
               st.equity_change() ? money(*st.equity_change()) : "-", money(st.realized), money(st.realized_avg_cost),
               money(st.commissions)});
  account.print(stdout);
  std::printf("\nBy instrument\n");
  Table inst({"Symbol", "Fills", "Bought", "Sold", "Realized (FIFO)", "Realized (avg cost)", "Commissions",
              "Ending qty", "Avg cost", "Mark", "Source", "Value"});
  for (const auto& s : st.instruments) {
    inst.add({s.symbol, std::to_string(s.fills), s.bought.to_string(), s.sold.to_string(), money(s.realized),
              money(s.realized_avg_cost), money(s.commissions), s.ending_quantity.to_string(),
              s.ending_quantity.is_zero() ? "-" : s.ending_avg_cost.to_string_fixed(4),
              s.ending_mark ? s.ending_mark->price.to_string_fixed(2) : "-",
              s.ending_mark ? std::string(trading::to_string(s.ending_mark->source)) : "-",
              s.ending_quantity.is_zero() ? "-" : money(s.ending_value)});
  }
  inst.print(stdout);
  std::printf("\nFills (%zu)\n", st.fills.size());
  Table fills({"Time", "Symbol", "Side", "Qty", "Price", "Commission", "Realized (FIFO)", "Exec id"});
  for (const auto& f : st.fills) {
    fills.add({utc_text(f.fill.time), f.fill.symbol, std::string(trading::to_string(f.fill.side)),
               f.fill.quantity.to_string(), f.fill.price.to_string(), money(f.fill.commission), money(f.realized),
               f.fill.exec_id});
  }
  fills.print(stdout);
  std::printf("\nClosed lots (%zu)\n", st.closed_lots.size());
  Table lots({"Symbol", "Opened", "Open price", "Qty", "Closed", "Close price", "Realized"});
  for (const auto& l : st.closed_lots) {
    lots.add({l.symbol, utc_text(l.opened_at), l.open_price.to_string(), l.quantity.to_string(), utc_text(l.closed_at),
              l.close_price.to_string(), money(l.realized)});
  }
  lots.print(stdout);
}

}  // namespace

Result<std::chrono::year_month_day> parse_statement_date(const std::string& option, const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return fail(ErrorCode::kInvalidArgument, option + " " + text + ": expected a date YYYY-MM-DD");
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return fail(ErrorCode::kInvalidArgument, option + " " + text + ": no such date");
  return ymd;
}

int print_statement(store::Database& db, const StatementRequest& request) {
  store::LedgerStore ledger_store(db);
  // Every fill with its final commission (a commissionReport that came after the fill included).
  auto fills = ledger_store.load_recent_fills(static_cast<std::size_t>(1) << 40);
  auto snapshots = ledger_store.load_snapshots();
  auto marks = ledger_store.load_marks();
  for (const Error* e : {fills ? nullptr : &fills.error(), snapshots ? nullptr : &snapshots.error(),
                         marks ? nullptr : &marks.error()}) {
    if (e) {
      std::fprintf(stderr, "report: %s\n", e->message.c_str());
      return 1;
    }
  }
  auto st = trading::build_statement(*fills, *snapshots, *marks, request.from, request.to);
  if (!st) {
    std::fprintf(stderr, "report: %s\n", st.error().message.c_str());
    return 1;
  }
  switch (request.format) {
    case StatementFormat::kJson: std::printf("%s\n", to_json(*st).dump(2).c_str()); break;
    case StatementFormat::kCsv: print_csv(*st); break;
    case StatementFormat::kTable: print_tables(*st, db.path()); break;
  }
  return 0;
}

}  // namespace rt::app
