#pragma once
// Chart: the equity curve with the drawdown underneath, rendered as SVG by this code (no library,
// no external resource): a title (what ran, its parameters and key metrics), dated x axis, money
// y axis, drawdown in percent. Long curves are reduced to at most max_points (each bucket keeps
// its lowest and highest equity, so drawdowns are not smoothed away).
// chart_html() wraps it into a self-contained page with a metrics table and a small inline script
// that shows date, equity and drawdown under the mouse. Pure functions.
#include <span>
#include <string>
#include <vector>

#include "backtest/backtest_result.hpp"
#include "backtest/metrics.hpp"

namespace rt::backtest {

struct ChartInput {
  std::string title;     // "ORCL — sma_cross fast=10 slow=20"
  std::string subtitle;  // key metrics
  std::span<const EquityPoint> equity;
  int width = 1000;
  int height = 600;
  std::size_t max_points = 1500;
};

// standalone: with the xmlns attribute a .svg file needs (an inline SVG in HTML does not).
std::string chart_svg(const ChartInput& input, bool standalone);
std::string chart_html(const ChartInput& input, const Metrics& metrics);
std::string metrics_subtitle(const Metrics& m);
// "2014-12-31" (New York date of the instant).
std::string date_text(Timestamp t);

}  // namespace rt::backtest
