#include "backtest/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "trading/market/eastern_time.hpp"

namespace rt::backtest {
namespace {

using namespace std::chrono;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

double nice_step(double range, int ticks) {
  if (range <= 0.0) return 1.0;
  const double raw = range / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * mag) return m * mag;
  }
  return 10.0 * mag;
}

std::string money_label(double v) {
  const double a = std::fabs(v);
  if (a >= 1e6) return fmt("$%.2fM", v / 1e6);
  if (a >= 1e4) return fmt("$%.0fk", v / 1e3);
  return fmt("$%.0f", v);
}

struct Point {
  Timestamp time;
  double equity;
  double drawdown;  // 0..1
};

std::vector<Point> reduce(std::span<const EquityPoint> equity, std::size_t max_points) {
  std::vector<Point> all;
  all.reserve(equity.size());
  double peak = 0.0;
  for (const auto& p : equity) {
    const double e = p.equity.to_double();
    peak = std::max(peak, e);
    all.push_back({p.time, e, peak > 0.0 ? 1.0 - e / peak : 0.0});
  }
  if (all.size() <= max_points || max_points < 4) return all;
  const std::size_t buckets = max_points / 2;
  const std::size_t per = (all.size() + buckets - 1) / buckets;
  std::vector<Point> out;
  for (std::size_t b = 0; b < all.size(); b += per) {
    const std::size_t end = std::min(all.size(), b + per);
    std::size_t lo = b, hi = b;
    for (std::size_t i = b; i < end; ++i) {
      if (all[i].equity < all[lo].equity) lo = i;
      if (all[i].equity > all[hi].equity) hi = i;
    }
    out.push_back(all[std::min(lo, hi)]);
    if (lo != hi) out.push_back(all[std::max(lo, hi)]);
  }
  if (out.back().time != all.back().time) out.push_back(all.back());
  return out;
}

struct Frame {
  double left = 84, right = 24;
  double eq_top = 76, eq_bottom = 400;
  double dd_top = 432, dd_bottom = 548;
  double width = 1000;
  Timestamp t0{}, t1{};
  double e_lo = 0, e_hi = 1, dd_lo = 0;  // dd_lo: the deepest drawdown shown (positive)

  [[nodiscard]] double x(Timestamp t) const {
    const double span = static_cast<double>((t1 - t0).count());
    const double f = span > 0 ? static_cast<double>((t - t0).count()) / span : 0.0;
    return left + f * (width - left - right);
  }
  [[nodiscard]] double y_eq(double e) const { return eq_bottom - (e - e_lo) / (e_hi - e_lo) * (eq_bottom - eq_top); }
  [[nodiscard]] double y_dd(double d) const { return dd_top + d / dd_lo * (dd_bottom - dd_top); }
};

std::vector<std::pair<Timestamp, std::string>> time_ticks(Timestamp t0, Timestamp t1) {
  std::vector<std::pair<Timestamp, std::string>> ticks;
  const year_month_day d0 = trading::EasternTime::local_date(t0);
  const year_month_day d1 = trading::EasternTime::local_date(t1);
  const int years = static_cast<int>(d1.year()) - static_cast<int>(d0.year());
  if (years >= 3) {
    const int stride = std::max(1, (years + 9) / 10);
    for (int y = static_cast<int>(d0.year()) + 1; y <= static_cast<int>(d1.year()); y += stride) {
      ticks.emplace_back(trading::EasternTime::to_utc(year{y} / January / 1, minutes{0}), std::to_string(y));
    }
    return ticks;
  }
  const auto days_span = duration_cast<days>(t1 - t0).count();
  if (days_span >= 60) {
    const long months = (static_cast<int>(d1.year()) - static_cast<int>(d0.year())) * 12L +
                        static_cast<long>(static_cast<unsigned>(d1.month())) -
                        static_cast<long>(static_cast<unsigned>(d0.month()));
    const int stride = static_cast<int>(std::max(1L, (months + 7) / 8));
    year_month m = d0.year() / d0.month();
    m += std::chrono::months{1};
    for (; m <= d1.year() / d1.month(); m += std::chrono::months{stride}) {
      const auto t = trading::EasternTime::to_utc(m / 1, minutes{0});
      ticks.emplace_back(t, date_text(t + hours{12}).substr(0, 7));
    }
    return ticks;
  }
  const int stride = static_cast<int>(std::max<long>(1, (days_span + 7) / 8));
  for (sys_days d = sys_days{d0} + days{1}; d <= sys_days{d1}; d += days{stride}) {
    const auto t = trading::EasternTime::to_utc(year_month_day{d}, minutes{0});
    ticks.emplace_back(t, date_text(t + hours{12}).substr(5));
  }
  return ticks;
}

}  // namespace

std::string date_text(Timestamp t) {
  const year_month_day d = trading::EasternTime::local_date(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string metrics_subtitle(const Metrics& m) {
  return "Total " + fmt("%+.1f%%", m.total_return * 100) + "  ·  CAGR " + fmt("%.2f%%", m.cagr * 100) +
         "  ·  Sharpe " + fmt("%.2f", m.sharpe) + "  ·  Max drawdown " + fmt("%.1f%%", m.max_drawdown * 100) +
         "  ·  Trades " + std::to_string(m.trades) + "  ·  Win rate " + fmt("%.0f%%", m.win_rate * 100) +
         "  ·  Exposure " + fmt("%.0f%%", m.exposure * 100);
}

std::string chart_svg(const ChartInput& in, bool standalone) {
  const auto pts = reduce(in.equity, in.max_points);
  Frame f;
  f.width = in.width;
  const double scale_y = in.height / 600.0;
  f.eq_top *= scale_y, f.eq_bottom *= scale_y, f.dd_top *= scale_y, f.dd_bottom *= scale_y;
  std::string s;
  s += "<svg ";
  if (standalone) s += "xmlns=\"http://www.w3.org/2000/svg\" ";
  s += "id=\"chart\" width=\"" + std::to_string(in.width) + "\" height=\"" + std::to_string(in.height) +
       "\" viewBox=\"0 0 " + std::to_string(in.width) + " " + std::to_string(in.height) +
       "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  s += "<text x=\"" + fmt("%.0f", f.left) + "\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#222\">" +
       escape(in.title) + "</text>\n";
  s += "<text x=\"" + fmt("%.0f", f.left) + "\" y=\"52\" font-size=\"13\" fill=\"#444\">" + escape(in.subtitle) +
       "</text>\n";
  if (pts.empty()) {
    s += "<text x=\"50%\" y=\"50%\" text-anchor=\"middle\">no equity data</text>\n</svg>\n";
    return s;
  }
  f.t0 = pts.front().time;
  f.t1 = pts.back().time;
  double lo = pts.front().equity, hi = lo, dd = 0.0;
  for (const auto& p : pts) lo = std::min(lo, p.equity), hi = std::max(hi, p.equity), dd = std::max(dd, p.drawdown);
  const double step = nice_step(hi - lo > 0 ? hi - lo : std::max(1.0, hi * 0.01), 5);
  f.e_lo = std::floor(lo / step) * step;
  f.e_hi = std::ceil(hi / step) * step;
  if (f.e_hi <= f.e_lo) f.e_hi = f.e_lo + step;
  const double dd_step = nice_step(std::max(dd, 0.01), 3);
  f.dd_lo = std::ceil(std::max(dd, 0.01) / dd_step) * dd_step;

  const double x0 = f.left, x1 = f.width - f.right;
  // Grid and y labels.
  for (double v = f.e_lo; v <= f.e_hi + step / 2; v += step) {
    const double y = f.y_eq(v);
    s += "<line x1=\"" + fmt("%.1f", x0) + "\" x2=\"" + fmt("%.1f", x1) + "\" y1=\"" + fmt("%.1f", y) + "\" y2=\"" +
         fmt("%.1f", y) + "\" stroke=\"#e6e6e6\"/>\n";
    s += "<text x=\"" + fmt("%.1f", x0 - 6) + "\" y=\"" + fmt("%.1f", y + 4) +
         "\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">" + money_label(v) + "</text>\n";
  }
  for (double v = 0.0; v <= f.dd_lo + dd_step / 2; v += dd_step) {
    const double y = f.y_dd(v);
    s += "<line x1=\"" + fmt("%.1f", x0) + "\" x2=\"" + fmt("%.1f", x1) + "\" y1=\"" + fmt("%.1f", y) + "\" y2=\"" +
         fmt("%.1f", y) + "\" stroke=\"#eeeeee\"/>\n";
    s += "<text x=\"" + fmt("%.1f", x0 - 6) + "\" y=\"" + fmt("%.1f", y + 4) +
         "\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">" + (v > 0.0 ? fmt("%.0f%%", -v * 100) : std::string("0%")) + "</text>\n";
  }
  for (const auto& [t, label] : time_ticks(f.t0, f.t1)) {
    if (t < f.t0 || t > f.t1) continue;
    const double x = f.x(t);
    s += "<line x1=\"" + fmt("%.1f", x) + "\" x2=\"" + fmt("%.1f", x) + "\" y1=\"" + fmt("%.1f", f.eq_top) +
         "\" y2=\"" + fmt("%.1f", f.dd_bottom) + "\" stroke=\"#f0f0f0\"/>\n";
    s += "<text x=\"" + fmt("%.1f", x) + "\" y=\"" + fmt("%.1f", f.dd_bottom + 18) +
         "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">" + label + "</text>\n";
  }
  s += "<text x=\"14\" y=\"" + fmt("%.1f", (f.eq_top + f.eq_bottom) / 2) +
       "\" font-size=\"12\" fill=\"#333\" transform=\"rotate(-90 14 " + fmt("%.1f", (f.eq_top + f.eq_bottom) / 2) +
       ")\" text-anchor=\"middle\">Equity</text>\n";
  s += "<text x=\"14\" y=\"" + fmt("%.1f", (f.dd_top + f.dd_bottom) / 2) +
       "\" font-size=\"12\" fill=\"#333\" transform=\"rotate(-90 14 " + fmt("%.1f", (f.dd_top + f.dd_bottom) / 2) +
       ")\" text-anchor=\"middle\">Drawdown</text>\n";
  // Starting equity reference line.
  const double start_y = f.y_eq(pts.front().equity);
  s += "<line x1=\"" + fmt("%.1f", x0) + "\" x2=\"" + fmt("%.1f", x1) + "\" y1=\"" + fmt("%.1f", start_y) +
       "\" y2=\"" + fmt("%.1f", start_y) + "\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n";
  // Curves.
  s += "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"";
  for (const auto& p : pts) s += fmt("%.1f", f.x(p.time)) + "," + fmt("%.1f", f.y_eq(p.equity)) + " ";
  s += "\"/>\n";
  s += "<polygon fill=\"#d9534f\" fill-opacity=\"0.35\" stroke=\"#c9302c\" stroke-width=\"1\" points=\"";
  s += fmt("%.1f", f.x(pts.front().time)) + "," + fmt("%.1f", f.y_dd(0)) + " ";
  for (const auto& p : pts) s += fmt("%.1f", f.x(p.time)) + "," + fmt("%.1f", f.y_dd(p.drawdown)) + " ";
  s += fmt("%.1f", f.x(pts.back().time)) + "," + fmt("%.1f", f.y_dd(0)) + "\"/>\n";
  // Frames.
  s += "<rect x=\"" + fmt("%.1f", x0) + "\" y=\"" + fmt("%.1f", f.eq_top) + "\" width=\"" + fmt("%.1f", x1 - x0) +
       "\" height=\"" + fmt("%.1f", f.eq_bottom - f.eq_top) + "\" fill=\"none\" stroke=\"#888\"/>\n";
  s += "<rect x=\"" + fmt("%.1f", x0) + "\" y=\"" + fmt("%.1f", f.dd_top) + "\" width=\"" + fmt("%.1f", x1 - x0) +
       "\" height=\"" + fmt("%.1f", f.dd_bottom - f.dd_top) + "\" fill=\"none\" stroke=\"#888\"/>\n";
  s += "<line id=\"cursor\" x1=\"0\" x2=\"0\" y1=\"" + fmt("%.1f", f.eq_top) + "\" y2=\"" + fmt("%.1f", f.dd_bottom) +
       "\" stroke=\"#333\" stroke-width=\"0.8\" visibility=\"hidden\"/>\n";
  s += "</svg>\n";
  return s;
}

std::string chart_html(const ChartInput& in, const Metrics& m) {
  const auto pts = reduce(in.equity, in.max_points);
  Frame f;
  f.width = in.width;
  std::string h;
  h += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(in.title) +
       "</title>\n<style>\nbody{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222}\n"
       "table{border-collapse:collapse;margin-top:16px}td{padding:3px 14px 3px 0;font-size:14px}\n"
       "td.v{text-align:right;font-variant-numeric:tabular-nums}\n"
       "#tip{font-size:13px;height:18px;margin:6px 0 0 84px;color:#333}\n</style>\n</head>\n<body>\n";
  h += chart_svg(in, false);
  h += "<div id=\"tip\"></div>\n<table>\n";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><td>" + escape(k) + "</td><td class=\"v\">" + escape(v) + "</td></tr>\n";
  };
  row("Total return", fmt("%.2f%%", m.total_return * 100));
  row("CAGR", fmt("%.2f%%", m.cagr * 100));
  row("Annualised volatility", fmt("%.2f%%", m.volatility * 100));
  row("Sharpe", fmt("%.3f", m.sharpe));
  row("Sortino", fmt("%.3f", m.sortino));
  row("Max drawdown", fmt("%.2f%%", m.max_drawdown * 100));
  row("Max drawdown duration", std::to_string(m.max_drawdown_periods) + " bars (" + fmt("%.0f", m.max_drawdown_days) +
                                   " days)");
  row("Calmar", fmt("%.3f", m.calmar));
  row("Trades", std::to_string(m.trades));
  row("Win rate", fmt("%.1f%%", m.win_rate * 100));
  row("Profit factor", m.profit_factor ? fmt("%.2f", *m.profit_factor) : std::string("n/a (no losing trade)"));
  row("Average win / loss", fmt("%.2f", m.avg_win) + " / " + fmt("%.2f", m.avg_loss));
  row("Exposure", fmt("%.1f%%", m.exposure * 100));
  row("Final equity", fmt("%.2f", m.final_equity));
  h += "</table>\n<script>\n";
  if (!pts.empty()) {
    f.t0 = pts.front().time;
    f.t1 = pts.back().time;
    h += "const X=[";
    for (std::size_t i = 0; i < pts.size(); ++i) h += (i ? "," : "") + fmt("%.1f", f.x(pts[i].time));
    h += "];\nconst D=[";
    for (std::size_t i = 0; i < pts.size(); ++i) h += std::string(i ? "," : "") + "\"" + date_text(pts[i].time) + "\"";
    h += "];\nconst E=[";
    for (std::size_t i = 0; i < pts.size(); ++i) h += (i ? "," : "") + fmt("%.2f", pts[i].equity);
    h += "];\nconst W=[";
    for (std::size_t i = 0; i < pts.size(); ++i) h += (i ? "," : "") + fmt("%.4f", pts[i].drawdown * 100);
    h += "];\n";
    h += "const svg=document.getElementById('chart'),cur=document.getElementById('cursor'),"
         "tip=document.getElementById('tip');\n"
         "svg.addEventListener('mousemove',ev=>{const r=svg.getBoundingClientRect();"
         "const x=(ev.clientX-r.left)*svg.viewBox.baseVal.width/r.width;let lo=0,hi=X.length-1;"
         "while(lo<hi){const mid=(lo+hi)>>1;if(X[mid]<x)lo=mid+1;else hi=mid;}"
         "if(lo>0&&Math.abs(X[lo-1]-x)<Math.abs(X[lo]-x))lo--;"
         "cur.setAttribute('x1',X[lo]);cur.setAttribute('x2',X[lo]);cur.setAttribute('visibility','visible');"
         "tip.textContent=D[lo]+'   equity '+E[lo].toLocaleString(undefined,{maximumFractionDigits:2})+"
         "'   drawdown -'+W[lo].toFixed(2)+'%';});\n"
         "svg.addEventListener('mouseleave',()=>{cur.setAttribute('visibility','hidden');tip.textContent='';});\n";
  }
  h += "</script>\n</body>\n</html>\n";
  return h;
}

}  // namespace rt::backtest
