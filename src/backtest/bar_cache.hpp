#pragma once
// BarCache: a binary copy of a parsed CSV bar file, so a second backtest of the same file skips
// the parse (`robotrader backtest --cache`).
//
// Contract
// - The cache file sits beside the CSV (`<csv>.rtbars`) or, with a cache directory, in it (named
//   after the CSV's file name and a hash of its path).
// - It is keyed by the CSV's size, modification time and a hash of its first and last 4 KiB (the
//   header and the rows around it, and the last rows), and by the CsvOptions that shape the
//   parse (adjust, skip_bad_rows, symbol). A key that differs is "stale"; a cache whose format,
//   length or checksum (over every byte) is wrong is "corrupt". Either way the CSV is parsed again
//   and the cache rewritten; the outcome says which, so a caller can tell the user. A cache is
//   never used unless its checksum and key both match.
// - The cache is written to a temporary file and renamed into place, so a reader sees the old
//   file or the new one, never a torn one. Failing to write it is not an error (the bars are
//   still returned; `detail` says why).
// - A CSV that does not parse fails exactly as load_csv_bars does, and no cache is written.
// Pure functions over the file system; no state kept between calls.
#include <string>

#include "backtest/csv_bars.hpp"
#include "core/result.hpp"

namespace rt::backtest {

enum class BarCacheOutcome {
  kHit,      // bars read from the cache
  kMissing,  // no cache yet: parsed and written
  kStale,    // the CSV or the options changed: parsed and rewritten
  kCorrupt,  // the cache did not verify: parsed and rewritten
};

struct CachedBars {
  BarSeries series;
  BarCacheOutcome outcome = BarCacheOutcome::kMissing;
  std::string cache_path;
  std::string detail;  // why stale or corrupt; why the cache could not be written
  bool written = false;
};

// "hit", "missing", "stale", "corrupt".
const char* outcome_name(BarCacheOutcome outcome);

// Where the cache of `csv_path` lives: beside it when `cache_dir` is empty, else inside cache_dir.
std::string bar_cache_path(const std::string& csv_path, const std::string& cache_dir = {});

// Loads `csv_path` through its cache (see the contract above).
Result<CachedBars> load_csv_bars_cached(const std::string& csv_path, const CsvOptions& options = {},
                                        const std::string& cache_dir = {});

}  // namespace rt::backtest
