#include "backtest/report_writer.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "backtest/chart.hpp"

namespace rt::backtest {
namespace {

std::string iso_time(Timestamp t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string num(double v, const char* f = "%.6f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

nlohmann::json finite(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

std::string no_trade_reason(const BacktestResult& r) {
  if (r.order_count > 0) return {};
  if (r.signal_count == 0) {
    return "the strategy gave no signal in " + std::to_string(r.traded_bars) +
           " traded bars (its warm-up may be as long as the data, or its conditions never held)";
  }
  std::string out = std::to_string(r.signal_count) + " signals, none became an order:";
  std::string sep = " ";
  if (r.sized_to_zero > 0) {
    out += sep + std::to_string(r.sized_to_zero) +
           " sized to zero shares (the cash or the position limit buys less than one share: raise "
           "risk.max_position_pct or the starting cash)";
    sep = "; ";
  }
  for (const auto& [rule, n] : r.denials) {
    out += sep + std::to_string(n) + " denied by " + rule;
    sep = "; ";
  }
  const auto explained = r.sized_to_zero + [&] {
    std::int64_t n = 0;
    for (const auto& [rule, count] : r.denials) n += count;
    return n;
  }();
  if (r.signal_count > explained) {
    out += sep + std::to_string(r.signal_count - explained) + " needed no action (already in or out of the position)";
  }
  return out;
}

Status write_text_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return fail(ErrorCode::kStorage, path + ": cannot create the file");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) return fail(ErrorCode::kStorage, path + ": write failed");
  return {};
}

std::string chart_title(const BacktestResult& r) {
  std::string symbols;
  for (const auto& s : r.symbols) symbols += (symbols.empty() ? "" : ", ") + s;
  return symbols + " \u2014 " + r.strategy + (r.params_text.empty() ? "" : " " + r.params_text);
}

Status write_report(const std::string& dir, const BacktestResult& r, const Metrics& m, const BacktestConfig& config) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kStorage, dir + ": cannot create the directory: " + ec.message());
  const std::filesystem::path base(dir);

  std::string trades = "symbol,side,entry_time,exit_time,quantity,entry_price,exit_price,commissions,pnl,return_pct,"
                       "bars_held,exit\n";
  auto trade_row = [&](const TradeRecord& t, const char* exit) {
    trades += r.symbols[t.symbol] + "," + (t.is_long ? "long" : "short") + "," + iso_time(t.entry_time) + "," +
              iso_time(t.exit_time) + "," + t.quantity.to_string() + "," + t.entry_price.to_string() + "," +
              t.exit_price.to_string() + "," + t.commissions.to_string() + "," + t.pnl.to_string() + "," +
              num(t.return_pct(), "%.4f") + "," + std::to_string(t.bars_held) + "," + exit + "\n";
  };
  for (const auto& t : r.trades) trade_row(t, t.stopped ? "stop" : "signal");
  for (const auto& t : r.open_trades) trade_row(t, "open");
  if (auto st = write_text_file((base / "trades.csv").string(), trades); !st) return st;

  std::string fills = "time,symbol,side,purpose,quantity,price,commission,order_ref,decided_on_bar_end\n";
  for (const auto& f : r.fills) {
    fills += iso_time(f.time) + "," + r.symbols[f.symbol] + "," + std::string(trading::to_string(f.side)) + "," +
             std::string(trading::to_string(f.purpose)) + "," + f.quantity.to_string() + "," + f.price.to_string() +
             "," + f.commission.to_string() + "," + f.order_ref + "," + iso_time(f.signal_bar_end) + "\n";
  }
  if (auto st = write_text_file((base / "fills.csv").string(), fills); !st) return st;

  std::string signals = "bar_end,symbol,side,strength,action,detail,reason\n";
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (const auto& s : r.signals) {
    signals += iso_time(s.bar_end) + "," + r.symbols[s.symbol] + "," + trading::to_string(s.side) + "," +
               num(s.strength, "%.4f") + "," + to_string(s.action) + "," + quote(s.detail) + "," + quote(s.reason) +
               "\n";
  }
  if (auto st = write_text_file((base / "signals.csv").string(), signals); !st) return st;

  std::string equity = "date,time,equity,drawdown,exposed\n";
  const auto dd = drawdowns(r.equity);
  for (std::size_t i = 0; i < r.equity.size(); ++i) {
    const auto& p = r.equity[i];
    equity += date_text(p.time) + "," + iso_time(p.time) + "," + p.equity.to_string_fixed(2) + "," +
              num(dd[i], "%.6f") + "," + (p.exposed ? "1" : "0") + "\n";
  }
  if (auto st = write_text_file((base / "equity.csv").string(), equity); !st) return st;

  nlohmann::json j;
  j["strategy"] = r.strategy;
  j["params"] = nlohmann::json::object();
  for (const auto& [k, v] : config.params) j["params"][k] = v;
  j["params_in_force"] = nlohmann::json::object();  // the given ones and every default
  for (const auto& [k, v] : r.params_in_force) j["params_in_force"][k] = v;
  j["symbols"] = r.symbols;
  j["fill"] = config.fill == FillTiming::kNextOpen ? "next-open" : "close";
  j["commission_per_share"] = config.costs.per_share.to_string();
  j["commission_minimum"] = config.costs.minimum.to_string();
  j["slippage_bps"] = config.costs.slippage_bps.to_string();
  j["starting_cash"] = r.starting_cash.to_string();
  j["final_equity"] = r.final_equity.to_string();
  j["commissions"] = r.commissions.to_string();
  if (!r.equity.empty()) {
    j["from"] = date_text(r.equity.front().time);
    j["to"] = date_text(r.equity.back().time);
  }
  j["bars"] = r.bars;
  j["traded_bars"] = r.traded_bars;
  j["quarantined_bars"] = r.quarantined_bars;
  j["signals"] = r.signal_count;
  j["orders"] = r.order_count;
  j["fills"] = r.fill_count;
  j["denials"] = r.denials;
  j["sized_to_zero"] = r.sized_to_zero;
  j["no_trade_reason"] = no_trade_reason(r);
  j["strategy_failures"] = r.strategy_failures;
  j["unfilled_at_end"] = r.unfilled_at_end;
  auto& mj = j["metrics"];
  mj["total_return"] = finite(m.total_return);
  mj["cagr"] = finite(m.cagr);
  mj["volatility"] = finite(m.volatility);
  mj["sharpe"] = finite(m.sharpe);
  mj["sortino"] = finite(m.sortino);
  mj["max_drawdown"] = finite(m.max_drawdown);
  mj["max_drawdown_periods"] = m.max_drawdown_periods;
  mj["max_drawdown_days"] = finite(m.max_drawdown_days);
  mj["calmar"] = finite(m.calmar);
  mj["trades"] = m.trades;
  mj["win_rate"] = finite(m.win_rate);
  mj["profit_factor"] = m.profit_factor ? finite(*m.profit_factor) : nlohmann::json(nullptr);
  mj["avg_win"] = finite(m.avg_win);
  mj["avg_loss"] = finite(m.avg_loss);
  mj["exposure"] = finite(m.exposure);
  mj["periods_per_year"] = finite(m.periods_per_year);
  mj["years"] = finite(m.years);
  if (auto st = write_text_file((base / "metrics.json").string(), j.dump(2) + "\n"); !st) return st;

  ChartInput chart;
  chart.title = chart_title(r);
  chart.subtitle = metrics_subtitle(m);
  chart.equity = r.equity;
  return write_text_file((base / "chart.html").string(), chart_html(chart, m));
}

}  // namespace rt::backtest
