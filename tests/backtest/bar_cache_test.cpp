#include "backtest/bar_cache.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/temp_dir.hpp"

namespace rt::backtest {
namespace {

const std::string kData = RT_DATA_DIR;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Sets the file's modification time to `seconds` past the epoch, as a `touch -d` would.
void set_mtime(const std::string& path, time_t seconds) {
  timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

void expect_same_series(const BarSeries& a, const BarSeries& b) {
  EXPECT_EQ(a.symbol, b.symbol);
  EXPECT_EQ(a.layout, b.layout);
  EXPECT_EQ(a.adjusted, b.adjusted);
  EXPECT_EQ(a.bar_length, b.bar_length);
  EXPECT_EQ(a.notes, b.notes);
  EXPECT_EQ(a.skipped_rows, b.skipped_rows);
  ASSERT_EQ(a.bars.size(), b.bars.size());
  for (std::size_t i = 0; i < a.bars.size(); ++i) {
    const auto& x = a.bars[i];
    const auto& y = b.bars[i];
    ASSERT_TRUE(x.start == y.start && x.length == y.length && x.open == y.open && x.high == y.high &&
                x.low == y.low && x.close == y.close && x.volume == y.volume && x.wap == y.wap &&
                x.trade_count == y.trade_count && x.extended_hours == y.extended_hours)
        << "bar " << i;
  }
}

class BarCache : public ::testing::Test {
 protected:
  void SetUp() override {
    csv_ = dir_.file("orcl-1995-2014.txt");
    write(csv_, slurp(kData + "/orcl-1995-2014.txt"));
    set_mtime(csv_, 1'700'000'000);
  }
  store::testing::TempDir dir_;
  std::string csv_;
};

TEST_F(BarCache, SecondLoadOfAnUnchangedCsvIsAHitWithTheBarsTheParserReads) {
  const auto first = load_csv_bars_cached(csv_);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->outcome, BarCacheOutcome::kMissing);
  EXPECT_TRUE(first->written) << first->detail;
  EXPECT_EQ(first->cache_path, csv_ + ".rtbars");
  EXPECT_TRUE(std::filesystem::exists(first->cache_path));

  const auto second = load_csv_bars_cached(csv_);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->outcome, BarCacheOutcome::kHit);
  EXPECT_FALSE(second->written);
  const auto parsed = load_csv_bars(csv_);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bars.size(), 5036u);
  expect_same_series(second->series, *parsed);
  EXPECT_EQ(second->series.source, csv_);
}

TEST_F(BarCache, MinuteFileWithItsLayoutNoteRoundTrips) {
  const std::string minute = dir_.file("2006-01-02-volume-min-001.txt");
  write(minute, slurp(kData + "/2006-01-02-volume-min-001.txt"));
  ASSERT_TRUE(load_csv_bars_cached(minute).has_value());
  const auto hit = load_csv_bars_cached(minute);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->outcome, BarCacheOutcome::kHit);
  const auto parsed = load_csv_bars(minute);
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->notes.size(), 1u);
  expect_same_series(hit->series, *parsed);
}

TEST_F(BarCache, ACsvEditedInPlaceWithTheSameSizeAndTimeIsStaleAndReparsed) {
  ASSERT_TRUE(load_csv_bars_cached(csv_).has_value());
  std::string text = slurp(csv_);
  const auto at = text.find("1995-01-03,2.179012");
  ASSERT_NE(at, std::string::npos);
  text[at + 11] = '3';  // Open 2.179012 -> 3.179012, same length
  write(csv_, text);
  set_mtime(csv_, 1'700'000'000);

  const auto again = load_csv_bars_cached(csv_);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->outcome, BarCacheOutcome::kStale);
  EXPECT_NE(again->detail.find("CSV changed"), std::string::npos) << again->detail;
  EXPECT_TRUE(again->written);
  const auto parsed = load_csv_bars(csv_);
  ASSERT_TRUE(parsed.has_value());
  expect_same_series(again->series, *parsed);
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kHit);
}

TEST_F(BarCache, ACsvTouchedOrGrownIsStale) {
  ASSERT_TRUE(load_csv_bars_cached(csv_).has_value());
  set_mtime(csv_, 1'700'000'001);
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kStale);
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kHit);

  write(csv_, slurp(csv_) + "2015-01-02,44.0,44.5,43.5,44.2,44.2,1000\n");
  set_mtime(csv_, 1'700'000'001);
  const auto grown = load_csv_bars_cached(csv_);
  ASSERT_TRUE(grown.has_value());
  EXPECT_EQ(grown->outcome, BarCacheOutcome::kStale);
  EXPECT_EQ(grown->series.bars.size(), 5037u);
}

TEST_F(BarCache, OtherCsvOptionsMakeTheCacheStale) {
  ASSERT_TRUE(load_csv_bars_cached(csv_).has_value());
  CsvOptions raw;
  raw.adjust = false;
  const auto unadjusted = load_csv_bars_cached(csv_, raw);
  ASSERT_TRUE(unadjusted.has_value());
  EXPECT_EQ(unadjusted->outcome, BarCacheOutcome::kStale);
  EXPECT_FALSE(unadjusted->series.adjusted);
  CsvOptions named;
  named.symbol = "XYZ";
  const auto renamed = load_csv_bars_cached(csv_, named);
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->outcome, BarCacheOutcome::kStale);
  EXPECT_EQ(renamed->series.symbol, "XYZ");
}

TEST_F(BarCache, ADamagedCacheIsDetectedNeverUsedAndRebuilt) {
  const auto first = load_csv_bars_cached(csv_);
  ASSERT_TRUE(first.has_value());
  const std::string good = slurp(first->cache_path);
  const auto parsed = load_csv_bars(csv_);
  ASSERT_TRUE(parsed.has_value());

  // One flipped bit in a bar's price.
  std::string damaged = good;
  damaged[good.size() / 2] = static_cast<char>(damaged[good.size() / 2] ^ 0x04);
  write(first->cache_path, damaged);
  auto again = load_csv_bars_cached(csv_);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->outcome, BarCacheOutcome::kCorrupt);
  EXPECT_NE(again->detail.find("checksum"), std::string::npos) << again->detail;
  expect_same_series(again->series, *parsed);
  EXPECT_EQ(slurp(first->cache_path), good);  // rewritten

  // Truncated, as by a crash of a writer that did not rename.
  write(first->cache_path, good.substr(0, good.size() - 100));
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kCorrupt);
  // Not a cache at all.
  write(first->cache_path, "Date,Open\n");
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kCorrupt);
  write(first->cache_path, "");
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kCorrupt);
  EXPECT_EQ(load_csv_bars_cached(csv_)->outcome, BarCacheOutcome::kHit);
}

TEST_F(BarCache, ACacheDirectoryHoldsTheCacheNamedAfterTheCsv) {
  const std::string cache_dir = dir_.file("cache");
  const auto first = load_csv_bars_cached(csv_, {}, cache_dir);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->written) << first->detail;
  EXPECT_EQ(std::filesystem::path(first->cache_path).parent_path(), std::filesystem::path(cache_dir));
  EXPECT_EQ(std::filesystem::path(first->cache_path).filename().string().rfind("orcl-1995-2014.txt-", 0), 0u);
  EXPECT_FALSE(std::filesystem::exists(csv_ + ".rtbars"));
  EXPECT_EQ(load_csv_bars_cached(csv_, {}, cache_dir)->outcome, BarCacheOutcome::kHit);
}

TEST_F(BarCache, ACacheThatCannotBeWrittenStillYieldsTheBarsAndSaysWhy) {
  const std::string not_a_dir = dir_.file("plain-file");
  write(not_a_dir, "x");
  const auto loaded = load_csv_bars_cached(csv_, {}, not_a_dir);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->written);
  EXPECT_NE(loaded->detail.find("not written"), std::string::npos) << loaded->detail;
  EXPECT_EQ(loaded->series.bars.size(), 5036u);
}

TEST_F(BarCache, ACsvThatDoesNotParseFailsAsWithoutTheCacheAndWritesNothing) {
  write(csv_, "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,abc,100\n");
  const auto loaded = load_csv_bars_cached(csv_);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().message.find(":2: Close 'abc' is not a number"), std::string::npos)
      << loaded.error().message;
  EXPECT_FALSE(std::filesystem::exists(csv_ + ".rtbars"));
  EXPECT_FALSE(load_csv_bars_cached(dir_.file("missing.csv")).has_value());
}

}  // namespace
}  // namespace rt::backtest
