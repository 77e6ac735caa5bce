// `robotrader backtest`: runs a strategy over CSV bars through the live trading path (sizing,
// risk, OMS, simulated broker, ledger) and prints the metrics; writes trades, equity, metrics and
// a chart with --out; sweeps a parameter grid on every core with --grid; walk-forward with
// --train/--test. Flag errors name the flag and exit 2; run errors exit 1.
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/commands/backtest_json.hpp"
#include "apps/commands/backtest_settings.hpp"
#include "apps/commands/commands.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/table.hpp"
#include "backtest/bar_cache.hpp"
#include "backtest/chart.hpp"
#include "backtest/engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report_writer.hpp"
#include "backtest/sweep.hpp"
#include "trading/market/eastern_time.hpp"
#include "plugins/strategy_loader.hpp"
#include "trading/strategy/strategy.hpp"

namespace rt::app {
namespace {

using namespace rt::backtest;

struct BacktestOptions {
  std::string data;
  std::string config_file;  // the run's TOML (backtest_settings.hpp); the flags below override it
  std::vector<std::string> sets;
  std::optional<std::string> strategy;
  std::vector<std::string> params;
  std::string from, to;
  std::string cash = "100000";
  std::string commission;      // empty: 0.005, or the config's schedule
  std::string commission_min;  // empty: 1, or the config's schedule
  std::string slippage_bps = "0";
  std::string fill = "next-open";
  std::string sizing;  // empty: fraction:2, or the config's sizing keys
  std::string stop_pct;
  bool allow_short = false;
  std::vector<std::string> risk;
  std::string out;
  std::string chart_svg;
  std::vector<std::string> grid;
  std::string rank = "sharpe";
  std::size_t top = 10;
  std::size_t threads = 0;
  std::size_t train = 0, test = 0;
  bool skip_bad_rows = false;
  bool no_adjust = false;
  bool no_bar_guard = false;
  std::string equity = "bar";
  bool cache = false;
  std::string cache_dir;
  bool json = false;  // the summary as JSON on stdout, every other line on stderr
};

struct FlagError {
  std::string message;
};

std::string pct(double v, int digits = 2) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f%%", digits, v * 100.0);
  return buf;
}
std::string fixed(double v, int digits = 3) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::optional<FlagError> parse_decimal(const std::string& flag, const std::string& text, Decimal& out,
                                       bool positive = false) {
  auto v = Decimal::parse(text);
  if (!v) return FlagError{flag + " '" + text + "': not a number"};
  if (positive ? *v <= Decimal{} : v->is_negative()) {
    return FlagError{flag + " '" + text + "': must be " + (positive ? "positive" : "zero or more")};
  }
  out = *v;
  return std::nullopt;
}

std::optional<FlagError> parse_date_flag(const std::string& flag, const std::string& text, bool end_of_day,
                                         std::optional<Timestamp>& out) {
  if (text.empty()) return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return FlagError{flag + " '" + text + "': expected a date YYYY-MM-DD"};
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return FlagError{flag + " '" + text + "': not a calendar date"};
  auto day = std::chrono::sys_days{ymd};
  if (end_of_day) day += std::chrono::days{1};
  out = trading::EasternTime::to_utc(trading::Date{day}, std::chrono::minutes{0});
  return std::nullopt;
}

std::optional<FlagError> parse_kv(const std::string& flag, const std::string& text, std::string& k, std::string& v) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return FlagError{flag + " '" + text + "': expected key=value"};
  k = text.substr(0, eq);
  v = text.substr(eq + 1);
  return std::nullopt;
}

std::optional<FlagError> parse_sizing(const std::string& text, SizingConfig& s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto c = text.find(':', start);
    parts.push_back(text.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  const std::string usage = "--sizing '" + text + "': expected fraction:PCT, atr:RISK_PCT:MULTIPLE or shares:N";
  if (parts[0] == "fraction" && parts.size() == 2) {
    s.method = SizingMethod::kFraction;
    return parse_decimal("--sizing fraction", parts[1], s.fraction_pct, true);
  }
  if (parts[0] == "atr" && parts.size() == 3) {
    s.method = SizingMethod::kAtr;
    if (auto e = parse_decimal("--sizing atr", parts[1], s.risk_pct, true)) return e;
    return parse_decimal("--sizing atr", parts[2], s.atr_multiple, true);
  }
  if (parts[0] == "shares" && parts.size() == 2) {
    s.method = SizingMethod::kShares;
    return parse_decimal("--sizing shares", parts[1], s.shares, true);
  }
  return FlagError{usage};
}

class ProgressBar {
 public:
  ProgressBar(const char* what) : what_(what), tty_(isatty(fileno(stderr)) != 0) {}
  void operator()(std::size_t done, std::size_t total) {
    if (tty_) {
      constexpr int kWidth = 40;
      const int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * kWidth);
      std::fprintf(stderr, "\r%s [%s%s] %zu/%zu", what_, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), done, total);
      if (done == total) std::fprintf(stderr, "\n");
    } else {
      const std::size_t step = std::max<std::size_t>(1, total / 10);
      if (done % step == 0 || done == total) std::fprintf(stderr, "%s: %zu/%zu\n", what_, done, total);
    }
    std::fflush(stderr);
  }

 private:
  const char* what_;
  bool tty_;
};

void print_metrics(const BacktestResult& r, const Metrics& m) {
  Table t({"metric", "value"});
  t.add({"strategy", r.strategy + (r.params_text.empty() ? "" : " " + r.params_text)});
  std::string symbols;
  for (const auto& s : r.symbols) symbols += (symbols.empty() ? "" : ",") + s;
  t.add({"symbols", symbols});
  if (!r.equity.empty()) t.add({"period", date_text(r.equity.front().time) + " .. " + date_text(r.equity.back().time)});
  t.add({"bars", std::to_string(r.traded_bars) + " traded (" + std::to_string(r.bars) + " read, " +
                     std::to_string(r.quarantined_bars) + " quarantined)"});
  t.add({"starting cash", r.starting_cash.to_string_fixed(2)});
  t.add({"final equity", r.final_equity.to_string_fixed(2)});
  t.add({"total return", pct(m.total_return)});
  t.add({"CAGR", pct(m.cagr)});
  t.add({"volatility (annual)", pct(m.volatility)});
  t.add({"Sharpe", fixed(m.sharpe)});
  t.add({"Sortino", fixed(m.sortino)});
  t.add({"max drawdown", pct(m.max_drawdown)});
  t.add({"max drawdown duration", std::to_string(m.max_drawdown_periods) + " bars (" + fixed(m.max_drawdown_days, 0) +
                                      " days)"});
  t.add({"Calmar", fixed(m.calmar)});
  t.add({"trades", std::to_string(m.trades) + (r.open_trades.empty() ? "" : " (+" + std::to_string(r.open_trades.size()) + " open)")});
  t.add({"win rate", pct(m.win_rate, 1)});
  t.add({"profit factor", m.profit_factor ? fixed(*m.profit_factor, 2) : std::string("n/a")});
  t.add({"avg win / avg loss", fixed(m.avg_win, 2) + " / " + fixed(m.avg_loss, 2)});
  t.add({"exposure", pct(m.exposure, 1)});
  t.add({"commissions", r.commissions.to_string_fixed(2)});
  std::string denials;
  for (const auto& [rule, n] : r.denials) denials += (denials.empty() ? "" : ", ") + rule + " " + std::to_string(n);
  t.add({"denials", denials.empty() ? "none" : denials});
  if (const auto why = backtest::no_trade_reason(r); !why.empty()) t.add({"no trades because", why});
  for (const auto& failure : r.strategy_failures) {
    t.add({"strategy failed", trading::failure_summary(failure) + " (no new order for its symbol after it)"});
  }
  t.print(stdout);
}

int run_backtest_command(const BacktestOptions& o) {
  // A backtest builds and drops multi-megabyte vectors (bars, equity curve, ledgers) as it goes.
  // Keep freed blocks in the heap rather than returning them to the kernel with munmap: each page
  // would be faulted in and zeroed again by the next allocation (about a fifth of a 60k-bar run).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  const JsonStdout json_out(o.json);
  auto flag_error = [](const FlagError& e) {
    std::fprintf(stderr, "backtest: %s\n", e.message.c_str());
    return 2;
  };
  // The config file and the key flags first, all checked before any file is read: a bad one is a
  // usage error.
  BacktestSettingsInput input;
  if (!o.config_file.empty()) input.file = o.config_file;
  input.strategy = o.strategy;
  struct KeyFlag {
    const char* flag;
    const std::vector<std::string>& values;
    const char* section;  // --risk max_position_pct=5 is risk.max_position_pct
  };
  for (const auto& [flag, values, section] : {KeyFlag{"--set", o.sets, ""}, KeyFlag{"--risk", o.risk, "risk."},
                                              KeyFlag{"--param", o.params, "strategy.params."}}) {
    for (const auto& kv : values) {
      std::string k, v;
      if (auto e = parse_kv(flag, kv, k, v)) return flag_error(*e);
      input.overrides.push_back({section + k, v, flag});
    }
  }
  auto settings = load_backtest_settings(input);
  if (!settings) return flag_error({settings.error().message});
  for (const auto& n : settings->notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  BacktestConfig config = std::move(settings->config);
  if (auto e = parse_decimal("--cash", o.cash, config.starting_cash, true)) return flag_error(*e);
  if (!o.commission.empty()) {
    if (auto e = parse_decimal("--commission", o.commission, config.costs.per_share)) return flag_error(*e);
  }
  if (!o.commission_min.empty()) {
    if (auto e = parse_decimal("--commission-min", o.commission_min, config.costs.minimum)) return flag_error(*e);
  }
  if (auto e = parse_decimal("--slippage-bps", o.slippage_bps, config.costs.slippage_bps)) return flag_error(*e);
  if (o.fill == "next-open") {
    config.fill = FillTiming::kNextOpen;
  } else if (o.fill == "close") {
    config.fill = FillTiming::kClose;
  } else {
    return flag_error({"--fill '" + o.fill + "': expected next-open or close"});
  }
  if (o.equity == "bar") {
    config.sampling = EquitySampling::kBar;
  } else if (o.equity == "day") {
    config.sampling = EquitySampling::kDay;
  } else {
    return flag_error({"--equity '" + o.equity + "': expected bar or day"});
  }
  if (!o.sizing.empty()) {
    if (auto e = parse_sizing(o.sizing, config.sizing)) return flag_error(*e);
  }
  if (!o.stop_pct.empty()) {
    Decimal p;
    if (auto e = parse_decimal("--stop-pct", o.stop_pct, p, true)) return flag_error(*e);
    config.trailing_stop_pct = p;
  }
  config.allow_short = o.allow_short;
  config.bar_guard = !o.no_bar_guard;
  if (auto e = parse_date_flag("--from", o.from, false, config.trade_from)) return flag_error(*e);
  if (auto e = parse_date_flag("--to", o.to, true, config.trade_to)) return flag_error(*e);
  if (config.trade_from && config.trade_to && *config.trade_to <= *config.trade_from) {
    return flag_error({"--to " + o.to + " is before --from " + o.from});
  }
  if (!is_rank_name(o.rank)) return flag_error({"--rank '" + o.rank + "': expected one of " + rank_names_text()});
  if ((o.train == 0) != (o.test == 0)) return flag_error({"--train and --test go together"});
  std::vector<GridAxis> axes;
  for (const auto& g : o.grid) {
    auto axis = parse_grid_axis(g);
    if (!axis) return flag_error({axis.error().message});
    axes.push_back(std::move(*axis));
  }

  // Data.
  std::vector<BarSeries> series;
  std::size_t start = 0;
  while (start <= o.data.size()) {
    const auto comma = o.data.find(',', start);
    std::string item = o.data.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? o.data.size() + 1 : comma + 1;
    if (item.empty()) continue;
    CsvOptions csv;
    csv.skip_bad_rows = o.skip_bad_rows;
    csv.adjust = !o.no_adjust;
    if (const auto eq = item.find('='); eq != std::string::npos) {
      csv.symbol = item.substr(0, eq);
      item = item.substr(eq + 1);
    }
    Result<BarSeries> loaded = fail(ErrorCode::kInternal, "not loaded");
    if (o.cache || !o.cache_dir.empty()) {
      auto cached = load_csv_bars_cached(item, csv, o.cache_dir);
      if (cached) {
        const char* path = cached->cache_path.c_str();
        const bool rebuilt =
            cached->outcome == BarCacheOutcome::kStale || cached->outcome == BarCacheOutcome::kCorrupt;
        if (cached->detail.empty()) {
          std::fprintf(stderr, "cache: %s: %s\n", path, outcome_name(cached->outcome));
        } else {
          std::fprintf(stderr, "cache: %s: %s (%s)\n", path, outcome_name(cached->outcome), cached->detail.c_str());
        }
        if (rebuilt && cached->written) std::fprintf(stderr, "cache: %s: rebuilt from %s\n", path, item.c_str());
        loaded = std::move(cached->series);
      } else {
        loaded = std::unexpected(cached.error());
      }
    } else {
      loaded = load_csv_bars(item, csv);
    }
    if (!loaded) {
      std::fprintf(stderr, "backtest: --data: %s\n", loaded.error().message.c_str());
      return 1;
    }
    for (const auto& n : loaded->notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    if (loaded->skipped_rows > 0) {
      std::fprintf(stderr, "%s: skipped %lld bad rows (--skip-bad-rows)\n", item.c_str(),
                   static_cast<long long>(loaded->skipped_rows));
      for (const auto& b : loaded->bad_rows) {
        std::fprintf(stderr, "  %s:%lld: %s\n", item.c_str(), static_cast<long long>(b.line), b.reason.c_str());
      }
    }
    series.push_back(std::move(*loaded));
  }
  if (series.empty()) return flag_error({"--data: no file given"});

  const auto points = grid_points(config.params, axes);
  if (o.train > 0) {
    ProgressBar bar("walk-forward");
    auto wf = run_walk_forward(series, config, points, o.train, o.test, o.rank, o.threads, std::ref(bar));
    if (!wf) {
      std::fprintf(stderr, "backtest: %s\n", wf.error().message.c_str());
      return 1;
    }
    Table t({"window", "train from", "test from", "test to", "best params", "train " + o.rank, "test return",
             "test sharpe", "test max dd", "trades"});
    for (std::size_t i = 0; i < wf->windows.size(); ++i) {
      const auto& w = wf->windows[i];
      t.add({std::to_string(i + 1), date_text(w.train_from), date_text(w.test_from),
             date_text(w.test_equity.empty() ? w.test_to : w.test_equity.back().time), params_text(w.best),
             fixed(w.train_score), pct(w.test_metrics.total_return), fixed(w.test_metrics.sharpe),
             pct(w.test_metrics.max_drawdown), std::to_string(w.test_metrics.trades)});
    }
    t.print(stdout);
    const auto& m = wf->stitched_metrics;
    std::printf("\nout-of-sample (stitched): total return %s, CAGR %s, Sharpe %s, max drawdown %s, trades %lld\n",
                pct(m.total_return).c_str(), pct(m.cagr).c_str(), fixed(m.sharpe).c_str(),
                pct(m.max_drawdown).c_str(), static_cast<long long>(m.trades));
    if (!o.out.empty()) {
      BacktestResult r;
      r.strategy = config.strategy + " (walk-forward)";
      for (const auto& s : series) r.symbols.push_back(s.symbol);
      r.starting_cash = config.starting_cash;
      r.equity = wf->stitched;
      r.trades = wf->trades;
      wf->counts.apply_to(r);  // bars, signals, orders and fills of the out-of-sample slices
      r.final_equity = r.equity.empty() ? config.starting_cash : r.equity.back().equity;
      r.periods_per_year = m.periods_per_year;
      if (auto st = write_report(o.out, r, m, config); !st) {
        std::fprintf(stderr, "backtest: --out: %s\n", st.error().message.c_str());
        return 1;
      }
      std::printf("wrote %s/{trades,equity}.csv, metrics.json, chart.html (stitched out-of-sample)\n", o.out.c_str());
    }
    if (o.json) json_out.emit(backtest_walk_forward_json(*wf, o.rank, config.starting_cash));
    return 0;
  }
  if (!axes.empty()) {
    ProgressBar bar("sweep");
    const auto t0 = std::chrono::steady_clock::now();
    auto runs = run_sweep(series, config, points, o.threads, std::ref(bar));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto order = rank_runs(runs, o.rank);
    Table t({"rank", "params", o.rank, "total return", "CAGR", "Sharpe", "max dd", "Calmar", "trades", "win rate"});
    std::size_t shown = 0;
    for (auto i : order) {
      if (shown++ >= o.top) break;
      const auto& r = runs[i];
      if (!r.ok) {
        t.add({std::to_string(shown), params_text(r.params), "error: " + r.error});
        continue;
      }
      const auto& m = r.metrics;
      t.add({std::to_string(shown), params_text(r.params), fixed(rank_value(m, o.rank).value_or(0.0)),
             pct(m.total_return), pct(m.cagr), fixed(m.sharpe), pct(m.max_drawdown), fixed(m.calmar),
             std::to_string(m.trades), pct(m.win_rate, 1)});
    }
    t.print(stdout);
    std::size_t failed = 0, broken = 0;  // broken: the strategy raised or its worker died (exit 1)
    for (const auto& r : runs) {
      failed += r.failure == RunFailure::kRejected ? 1 : 0;
      if (r.failure != RunFailure::kRaised && r.failure != RunFailure::kWorkerLost) continue;
      ++broken;
      std::fprintf(stderr, "backtest: the run with %s failed: %s%s%s\n", params_text(r.params).c_str(), r.error.c_str(),
                   r.detail.empty() ? "" : "\n", r.detail.c_str());
    }
    std::printf("\n%zu runs (%zu rejected by the strategy's parameter rules%s) in %.2f s\n", runs.size(), failed,
                broken == 0 ? "" : (", " + std::to_string(broken) + " failed").c_str(), secs);
    if (!o.out.empty()) {
      std::string csv = "params,ok,error,total_return,cagr,volatility,sharpe,sortino,max_drawdown,calmar,trades,"
                        "win_rate,exposure\n";
      for (auto i : order) {
        const auto& r = runs[i];
        const auto& m = r.metrics;
        csv += "\"" + params_text(r.params) + "\"," + (r.ok ? "1" : "0") + ",\"" + r.error + "\"," +
               fixed(m.total_return, 6) + "," + fixed(m.cagr, 6) + "," + fixed(m.volatility, 6) + "," +
               fixed(m.sharpe, 6) + "," + fixed(m.sortino, 6) + "," + fixed(m.max_drawdown, 6) + "," +
               fixed(m.calmar, 6) + "," + std::to_string(m.trades) + "," + fixed(m.win_rate, 6) + "," +
               fixed(m.exposure, 6) + "\n";
      }
      std::error_code ec;
      std::filesystem::create_directories(o.out, ec);
      if (auto st = write_text_file(o.out + "/sweep.csv", csv); !st) {
        std::fprintf(stderr, "backtest: --out: %s\n", st.error().message.c_str());
        return 1;
      }
      std::printf("wrote %s/sweep.csv\n", o.out.c_str());
    }
    if (o.json) json_out.emit(backtest_sweep_json(runs, order, o.rank, secs));
    return broken == 0 ? 0 : 1;
  }

  auto result = backtest::run_backtest(series, config);
  if (!result) {
    std::fprintf(stderr, "backtest: %s\n", result.error().message.c_str());
    return 1;
  }
  const auto m = compute_metrics(*result);
  print_metrics(*result, m);
  if (!o.out.empty()) {
    if (auto st = write_report(o.out, *result, m, config); !st) {
      std::fprintf(stderr, "backtest: --out: %s\n", st.error().message.c_str());
      return 1;
    }
    std::printf("\nwrote %s/{trades,fills,signals,equity}.csv, metrics.json, chart.html\n", o.out.c_str());
  }
  if (!o.chart_svg.empty()) {
    ChartInput chart;
    chart.title = chart_title(*result);
    chart.subtitle = metrics_subtitle(m);
    chart.equity = result->equity;
    if (auto st = write_text_file(o.chart_svg, chart_svg(chart, true)); !st) {
      std::fprintf(stderr, "backtest: --chart-svg: %s\n", st.error().message.c_str());
      return 1;
    }
  }
  if (o.json) json_out.emit(backtest_run_json(*result, m));
  return 0;
}

}  // namespace

CommandRunner add_backtest_command(CLI::App& app, const GlobalOptions& global) {
  (void)global;
  auto o = std::make_shared<BacktestOptions>();
  auto* cmd = app.add_subcommand("backtest", "run a strategy on CSV bars through the live trading path");
  cmd->add_option("--data", o->data, "CSV files, comma-separated; SYMBOL=path names the symbol")->required();
  cmd->add_option("--config", o->config_file,
                  "the run's TOML configuration (robotrader.example.toml): strategy, params, risk, sizing, stops; "
                  "flags override it");
  cmd->add_option("--set", o->sets, "override a configuration key: --set stops.percent=3 (repeatable)");
  cmd->add_option("--strategy", o->strategy,
                  "sma_cross (default), momentum, mean_reversion, breakout, file.py:Class or lib.so:Class");
  cmd->add_option("--param", o->params, "strategy parameter key=value (repeatable)");
  cmd->add_option("--from", o->from, "first trading date YYYY-MM-DD (earlier bars only warm up)");
  cmd->add_option("--to", o->to, "last trading date YYYY-MM-DD");
  cmd->add_option("--cash", o->cash, "starting cash")->capture_default_str();
  cmd->add_option("--commission", o->commission, "commission per share (default 0.005)");
  cmd->add_option("--commission-min", o->commission_min, "minimum commission per order (default 1)");
  cmd->add_option("--slippage-bps", o->slippage_bps, "slippage against the trader, basis points")->capture_default_str();
  cmd->add_option("--fill", o->fill, "next-open (a signal on a close trades at the next open) or close")
      ->capture_default_str();
  cmd->add_option("--sizing", o->sizing, "fraction:PCT of equity (default fraction:2), atr:RISK_PCT:MULTIPLE, or shares:N");
  cmd->add_option("--stop-pct", o->stop_pct, "trailing protective stop, percent from the entry (none by default)");
  cmd->add_flag("--allow-short", o->allow_short, "sell signals open shorts when flat");
  cmd->add_option("--risk", o->risk,
                  "risk limit key=value, the config file's [risk] names (repeatable), e.g. max_position_pct=100");
  cmd->add_option("--out", o->out, "directory for trades.csv, equity.csv, metrics.json, chart.html");
  cmd->add_option("--chart-svg", o->chart_svg, "also write the chart as a standalone SVG file");
  cmd->add_option("--grid", o->grid, "sweep axis name=from:to:step or name=v1,v2 (repeatable)");
  cmd->add_option("--rank", o->rank, "metric to rank sweep runs by")->capture_default_str();
  cmd->add_option("--top", o->top, "sweep rows to show")->capture_default_str();
  cmd->add_option("--threads", o->threads, "sweep threads (worker processes for a Python strategy); 0 = one per core")->capture_default_str();
  cmd->add_option("--train", o->train, "walk-forward train window, bars");
  cmd->add_option("--test", o->test, "walk-forward test window, bars");
  cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "skip malformed CSV rows (counted and reported)");
  cmd->add_flag("--no-adjust", o->no_adjust, "use raw prices even when the file has Adj Close");
  cmd->add_flag("--no-bar-guard", o->no_bar_guard, "do not run bars through the bad-bar guard");
  cmd->add_option("--equity", o->equity, "equity curve per bar or per day")->capture_default_str();
  cmd->add_flag("--cache", o->cache,
                "keep a binary copy of each parsed CSV beside it (FILE.rtbars) and read that while the "
                "CSV is unchanged");
  cmd->add_option("--cache-dir", o->cache_dir, "directory for the bar caches (implies --cache)");
  cmd->add_flag("--json", o->json, "print the summary (or the sweep/walk-forward ranking) as JSON; other lines go to stderr");
  return [o] { return run_backtest_command(*o); };
}

}  // namespace rt::app
