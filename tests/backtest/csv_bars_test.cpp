#include "backtest/csv_bars.hpp"

#include <gtest/gtest.h>

#include "backtest/fixtures.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::backtest {
namespace {

using test::d;
using namespace std::chrono;

const std::string kData = RT_DATA_DIR;

TEST(CsvBars, DailyLayoutWithAdjCloseScalesOhlcByAdjCloseOverClose) {
  const auto s = parse_csv_bars(
      "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,8,12,6,10,5,1000\n", "x.txt");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  ASSERT_EQ(s->bars.size(), 1u);
  EXPECT_EQ(s->layout, CsvLayout::kDaily);
  EXPECT_TRUE(s->adjusted);
  EXPECT_EQ(s->bars[0].open, d("4"));
  EXPECT_EQ(s->bars[0].high, d("6"));
  EXPECT_EQ(s->bars[0].low, d("3"));
  EXPECT_EQ(s->bars[0].close, d("5"));
  EXPECT_EQ(s->bars[0].volume, d("1000"));
}

constexpr const char* kBarsCsvHeader = "symbol,start_utc,open,high,low,close,volume,wap,trades\n";

TEST(CsvBars, WhatBarsCsvWritesIsReadWithBarStartsInUtcAndTheSymbolFromItsColumn) {
  const std::string text = std::string(kBarsCsvHeader) +
                           "AAPL,2025-01-14T14:30:00Z,86.91,88.22,86.63,87.74,57724,87.6484,310\n"
                           "AAPL,2025-01-14T14:35:00Z,87.74,87.77,86.58,87.54,43477,87.0378,235\n"
                           "AAPL,2025-01-14T14:40:00Z,87.54,87.60,87.10,87.20,40000,87.3,200\n";
  const auto s = parse_csv_bars(text, "bars-output.csv");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->symbol, "AAPL");
  EXPECT_EQ(s->layout, CsvLayout::kIntraday);
  ASSERT_EQ(s->bars.size(), 3u);
  EXPECT_EQ(s->bars[0].start, Timestamp{sys_days{2025y / January / 14} + hours{14} + minutes{30}});
  EXPECT_EQ(s->bars[0].length, Duration{minutes{5}});
  EXPECT_EQ(s->bars[1].close, d("87.54"));
}

TEST(CsvBars, DailyBarsFromBarsCsvAreRegularSessions) {
  const std::string text = std::string(kBarsCsvHeader) +
                           "MSFT,2024-12-16T05:00:00Z,74.71,76.2,74.51,75.99,1173409,75.303,6661\n"
                           "MSFT,2024-12-17T05:00:00Z,76.1,76.47,70.79,71.01,2726737,73.0881,14674\n";
  const auto s = parse_csv_bars(text, "daily.csv");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->symbol, "MSFT");
  EXPECT_EQ(s->layout, CsvLayout::kDaily);
  ASSERT_EQ(s->bars.size(), 2u);
  EXPECT_EQ(s->bars[1].start, trading::EasternTime::to_utc(2024y / December / 17, minutes{9 * 60 + 30}));
}

TEST(CsvBars, AFileWithTwoSymbolsIsRefusedNamingTheLine) {
  const std::string text = std::string(kBarsCsvHeader) +
                           "AAPL,2025-01-14T14:30:00Z,86.91,88.22,86.63,87.74,57724,87.6484,310\n"
                           "MSFT,2025-01-14T14:35:00Z,87.74,87.77,86.58,87.54,43477,87.0378,235\n";
  const auto s = parse_csv_bars(text, "two.csv");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("two.csv:3"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("one symbol per file"), std::string::npos) << s.error().message;
}

TEST(CsvBars, QuotedHeadersAndValuesAreRead) {
  const auto s = parse_csv_bars(
      "\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Volume\"\n\"2020-01-02\",\"8\",\"12\",\"6\",\"10\",\"1000\"\n",
      "quoted.csv");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  ASSERT_EQ(s->bars.size(), 1u);
  EXPECT_EQ(s->bars[0].close, d("10"));
}

TEST(CsvBars, NoAdjustKeepsThePublishedPrices) {
  CsvOptions o;
  o.adjust = false;
  const auto s = parse_csv_bars("Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,8,12,6,10,5,1000\n", "x", o);
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->adjusted);
  EXPECT_EQ(s->bars[0].close, d("10"));
}

TEST(CsvBars, DailyBarIsTheNewYorkRegularSession) {
  const auto s = parse_csv_bars("Date,Open,High,Low,Close,Volume\n2020-07-01,1,2,1,2,5\n", "x");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->bars[0].start, trading::EasternTime::to_utc(2020y / July / 1, minutes{9 * 60 + 30}));
  EXPECT_EQ(s->bars[0].length, hours{6} + minutes{30});
}

TEST(CsvBars, OrclFileLoadsEveryRowAdjusted) {
  const auto s = load_csv_bars(kData + "/orcl-1995-2014.txt");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->symbol, "ORCL");
  EXPECT_EQ(s->bars.size(), 5036u);
  EXPECT_TRUE(s->adjusted);
  EXPECT_EQ(s->bars.back().close, d("42.303135"));
  EXPECT_EQ(trading::EasternTime::local_date(s->bars.front().start), 1995y / January / 3);
}

TEST(CsvBars, MinuteFileWithSevenNameHeaderIsReadAsDateTimeLayout) {
  const auto s = load_csv_bars(kData + "/2006-01-02-volume-min-001.txt");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->layout, CsvLayout::kIntraday);
  EXPECT_EQ(s->bars.size(), 30889u);
  EXPECT_EQ(s->bar_length, minutes{1});
  ASSERT_EQ(s->notes.size(), 1u);
  EXPECT_NE(s->notes[0].find("header names 7 columns but rows have 8"), std::string::npos);
  EXPECT_EQ(s->bars[0].open, d("3602"));
  EXPECT_EQ(s->bars[0].close, d("3599"));
  EXPECT_EQ(s->bars[0].volume, d("5699"));
  EXPECT_EQ(s->bars[0].end(), trading::EasternTime::to_utc(2006y / January / 2, minutes{9 * 60 + 1}));
}

TEST(CsvBars, MalformedNumberFailsWithFileLineAndReason) {
  const auto s = parse_csv_bars(
      "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,1,2,2,5\n2020-01-03,1,2,1,abc,2,5\n",
      "orcl-1995-2014.txt");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "orcl-1995-2014.txt:3: Close 'abc' is not a number");
}

TEST(CsvBars, WrongFieldCountBadDateAndBackwardsTimeAreNamed) {
  const std::string head = "Date,Open,High,Low,Close,Volume\n";
  auto e1 = parse_csv_bars(head + "2020-01-02,1,2,1\n", "f");
  ASSERT_FALSE(e1.has_value());
  EXPECT_EQ(e1.error().message, "f:2: expected 6 fields, got 4");
  auto e2 = parse_csv_bars(head + "2020-13-02,1,2,1,2,5\n", "f");
  ASSERT_FALSE(e2.has_value());
  EXPECT_EQ(e2.error().message, "f:2: Date '2020-13-02' is not a date (YYYY-MM-DD)");
  auto e3 = parse_csv_bars(head + "2020-01-03,1,2,1,2,5\n2020-01-02,1,2,1,2,5\n", "f");
  ASSERT_FALSE(e3.has_value());
  EXPECT_EQ(e3.error().message, "f:3: Date 2020-01-02 is not after the previous row");
  auto e4 = parse_csv_bars(head + "2020-01-03,0,2,1,2,5\n", "f");
  ASSERT_FALSE(e4.has_value());
  EXPECT_EQ(e4.error().message, "f:2: Open '0' is not a positive price");
}

TEST(CsvBars, SkipBadRowsLeavesThemOutCountsAndKeepsTheReasons) {
  CsvOptions o;
  o.skip_bad_rows = true;
  const auto s = parse_csv_bars(
      "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,1,2,5\nbroken\n2020-01-03,1,2,1,x,5\n2020-01-06,1,2,1,2,5\n",
      "f", o);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->bars.size(), 2u);
  EXPECT_EQ(s->skipped_rows, 2);
  ASSERT_EQ(s->bad_rows.size(), 2u);
  EXPECT_EQ(s->bad_rows[0].line, 3);
  EXPECT_EQ(s->bad_rows[1].line, 4);
  EXPECT_EQ(s->bad_rows[1].reason, "Close 'x' is not a number");
}

TEST(CsvBars, MissingFileAndMissingColumnAreReported) {
  auto missing = load_csv_bars(kData + "/no-such-file.txt");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("no-such-file.txt: cannot open"), std::string::npos);
  auto no_close = parse_csv_bars("Date,Open,High,Low,Volume\n2020-01-02,1,2,1,5\n", "f");
  ASSERT_FALSE(no_close.has_value());
  EXPECT_NE(no_close.error().message.find("f:1: header has no 'Close' column"), std::string::npos);
}

TEST(CsvBars, SymbolComesFromTheFileName) {
  EXPECT_EQ(symbol_from_path("data/orcl-1995-2014.txt"), "ORCL");
  EXPECT_EQ(symbol_from_path("nvda.csv"), "NVDA");
  EXPECT_EQ(symbol_from_path("/x/2006-01-02-volume-min-001.txt"), "2006-01-02-VOLUME-MIN-001");
}

}  // namespace
}  // namespace rt::backtest
