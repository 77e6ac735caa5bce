#include "apps/commands/broker_view_report.hpp"

#include <cstdio>
#include <ctime>

#include "apps/commands/json_output.hpp"
#include "apps/commands/table.hpp"
#include "store/statement.hpp"

namespace rt::app {
namespace {

nlohmann::json money_or_null(const store::Statement& s, int column) {
  auto v = s.column_optional_decimal(column);
  return v ? nlohmann::json(v->to_string_fixed(2)) : nlohmann::json();
}

Result<nlohmann::json> read_account(store::Database& db) {
  auto s = db.prepare(
      "SELECT time, account, net_liquidation, cash, cash_difference, value_difference, equity_difference, comparable, "
      "flagged, detail FROM runner_broker_view WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  nlohmann::json j;
  if (*row) {
    const auto& r = **s;
    j = {{"time", json_time(r.column_time(0))},
         {"account", r.column_text(1)},
         {"net_liquidation", r.column_decimal(2).to_string_fixed(2)},
         {"cash", r.column_decimal(3).to_string_fixed(2)},
         {"cash_difference", r.column_decimal(4).to_string_fixed(2)},
         {"value_difference", r.column_decimal(5).to_string_fixed(2)},
         {"equity_difference", r.column_decimal(6).to_string_fixed(2)},
         {"comparable", r.column_int(7) != 0},
         {"agrees", r.column_int(8) == 0},
         {"detail", r.column_text(9)}};
  }
  (*s)->reset();
  return j;
}

Status read_pnl(store::Database& db, nlohmann::json& j) {
  if (!table_exists(db, "runner_broker_pnl")) return {};
  auto s = db.prepare("SELECT time, daily, unrealized, realized FROM runner_broker_pnl WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  if (*row) {
    const auto& r = **s;
    j["pnl"] = {{"time", json_time(r.column_time(0))},
                {"daily", money_or_null(r, 1)},
                {"unrealized", money_or_null(r, 2)},
                {"realized", money_or_null(r, 3)}};
  }
  (*s)->reset();
  return {};
}

Status read_positions(store::Database& db, nlohmann::json& j) {
  j["positions"] = nlohmann::json::array();
  if (!table_exists(db, "runner_broker_positions")) return {};
  auto s = db.prepare(
      "SELECT symbol, time, our_quantity, our_value, our_unrealized, ib_known, ib_quantity, ib_value, ib_unrealized, "
      "ib_daily, ib_realized, flagged, detail FROM runner_broker_positions ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    const auto& r = **s;
    auto ib_quantity = r.column_optional_decimal(6);
    j["positions"].push_back({{"symbol", r.column_text(0)},
                              {"time", json_time(r.column_time(1))},
                              {"quantity", r.column_decimal(2).to_string()},
                              {"value", r.column_decimal(3).to_string_fixed(2)},
                              {"unrealized", r.column_decimal(4).to_string_fixed(2)},
                              {"ib_known", r.column_int(5) != 0},
                              {"ib_quantity", ib_quantity ? nlohmann::json(ib_quantity->to_string()) : nlohmann::json()},
                              {"ib_value", money_or_null(r, 7)},
                              {"ib_unrealized", money_or_null(r, 8)},
                              {"ib_daily", money_or_null(r, 9)},
                              {"ib_realized", money_or_null(r, 10)},
                              {"agrees", r.column_int(11) == 0},
                              {"detail", r.column_text(12)}});
  }
  (*s)->reset();
  return {};
}

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : "-"; }

}  // namespace

std::string time_text(Timestamp t) {
  if (t.time_since_epoch().count() == 0) return "-";
  const auto secs = static_cast<std::time_t>(epoch_seconds(t));
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

bool table_exists(store::Database& db, const char* name) {
  auto n = db.query_int(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") + name + "'");
  return n && *n > 0;
}

Result<nlohmann::json> read_broker_view(store::Database& db) {
  if (!table_exists(db, "runner_broker_view")) return nlohmann::json();
  auto j = read_account(db);
  if (!j || j->is_null()) return j;
  if (auto st = read_pnl(db, *j); !st) return std::unexpected(st.error());
  if (auto st = read_positions(db, *j); !st) return std::unexpected(st.error());
  return j;
}

void print_broker_view(const nlohmann::json& v) {
  const bool agrees = v["agrees"].get<bool>();
  std::printf("IB's view of %s at %s: NetLiquidation %s, cash %s: %s (%s)\n", text_of(v["account"]).c_str(),
              text_of(v["time"]).c_str(), text_of(v["net_liquidation"]).c_str(), text_of(v["cash"]).c_str(),
              agrees ? "agrees with the books" : "DIFFERS from the books", text_of(v["detail"]).c_str());
  if (v.contains("pnl")) {
    const auto& p = v["pnl"];
    std::printf("IB's P&L at %s: daily %s, unrealized %s, realized %s\n", text_of(p["time"]).c_str(),
                text_of(p["daily"]).c_str(), text_of(p["unrealized"]).c_str(), text_of(p["realized"]).c_str());
  }
  if (v["positions"].empty()) return;
  Table t({"Symbol", "Qty", "IB qty", "Value", "IB value", "Unrealized", "IB unrealized", "IB daily", "Check"});
  for (const auto& p : v["positions"]) {
    t.add({text_of(p["symbol"]), text_of(p["quantity"]), text_of(p["ib_quantity"]), text_of(p["value"]),
           text_of(p["ib_value"]), text_of(p["unrealized"]), text_of(p["ib_unrealized"]), text_of(p["ib_daily"]),
           p["agrees"].get<bool>() ? (p["ib_known"].get<bool>() ? "agrees" : text_of(p["detail"])) : "DIFFERS: " + text_of(p["detail"])});
  }
  t.print(stdout);
}

}  // namespace rt::app
