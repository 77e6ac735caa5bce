#pragma once
// Test helper: reads the daily Yahoo-style files in RT_DATA_DIR
// (Date,Open,High,Low,Close,Adj Close,Volume) into Bars. Aborts the test on a malformed row.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "trading/bar.hpp"

namespace rt::trading::testing {

inline std::vector<Bar> load_daily_bars(const std::string& file) {
  const std::string path = std::string(RT_DATA_DIR) + "/" + file;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<Bar> bars;
  std::string line;
  std::getline(in, line);  // header
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() < 7) {
      ADD_FAILURE() << path << ":" << row << ": expected 7 columns, got " << f.size();
      return bars;
    }
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    if (std::sscanf(f[0].c_str(), "%d-%u-%u", &y, &m, &d) != 3) {
      ADD_FAILURE() << path << ":" << row << ": bad date " << f[0];
      return bars;
    }
    Bar b;
    b.start = std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
    b.length = std::chrono::hours{24};
    auto open = Decimal::parse(f[1]);
    auto high = Decimal::parse(f[2]);
    auto low = Decimal::parse(f[3]);
    auto close = Decimal::parse(f[4]);
    auto volume = Decimal::parse(f[6]);
    if (!open || !high || !low || !close || !volume) {
      ADD_FAILURE() << path << ":" << row << ": bad number in " << line;
      return bars;
    }
    b.open = *open;
    b.high = *high;
    b.low = *low;
    b.close = *close;
    b.volume = *volume;
    b.wap = *close;
    bars.push_back(b);
  }
  return bars;
}

inline std::vector<double> closes(const std::vector<Bar>& bars) {
  std::vector<double> out;
  out.reserve(bars.size());
  for (const auto& b : bars) out.push_back(b.close.to_double());
  return out;
}

// A bar with the given close (open = close, high/low = close +/- 0.5) for hand-made series.
inline Bar make_bar(double close, double volume = 1000.0, int index = 0) {
  Bar b;
  b.start = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1} + std::chrono::days{index};
  b.length = std::chrono::hours{24};
  b.open = Decimal::from_double(close);
  b.close = Decimal::from_double(close);
  b.high = Decimal::from_double(close + 0.5);
  b.low = Decimal::from_double(close - 0.5);
  b.volume = Decimal::from_double(volume);
  b.wap = b.close;
  return b;
}

}  // namespace rt::trading::testing
