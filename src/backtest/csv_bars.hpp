#pragma once
// CSV bar files: the Yahoo-style daily layout (Date,Open,High,Low,Close,Adj Close,Volume) and the
// minute layout (Date,Time,Open,High,Low,Close,Volume,OpenInterest), detected from the header and
// the first row, parsed straight to Decimal.
//
// Contract
// - Columns are found by header name (case-insensitive; "Adj Close", "AdjClose" and "Adj_Close"
//   alike). A row with exactly one field more than the header whose second field is a time
//   (HH:MM[:SS]) is read as Date,Time,<header columns after Date>: the published minute file names
//   7 columns and has 8. The mismatch is reported in BarSeries::notes.
// - Adjusted prices: when an Adj Close column is present (and CsvOptions::adjust), Open, High, Low
//   and Close are scaled by AdjClose / Close; Close becomes Adj Close exactly.
// - Times: a daily row is the New York regular session of its date (09:30 for 6 h 30 min). A
//   minute row's time is the bar's end in New York local time; the bar length is the most common
//   spacing of the first rows (1 minute for the published file).
// - A malformed row (field count, date, time, a price that is not a positive number, a negative
//   volume, a timestamp not after the previous row's) fails the load with
//   "<file>:<line>: <reason>", e.g. "orcl-1995-2014.txt:123: Close 'abc' is not a number", unless
//   skip_bad_rows: then it is left out, counted, and the first few are kept in bad_rows.
// - Shape checks of a bar's prices (low above close...) are the BadBarGuard's job, not the loader's.
// Pure functions; no state. The series is owned by the caller and read-only during runs, so many
// sweep workers can share one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "trading/bar.hpp"

namespace rt::backtest {

enum class CsvLayout { kDaily, kIntraday };

struct CsvOptions {
  bool skip_bad_rows = false;
  bool adjust = true;   // use Adj Close when the file has it
  std::string symbol;   // empty: derived from the file name
};

struct BadRow {
  std::int64_t line = 0;
  std::string reason;
};

struct BarSeries {
  std::string symbol;
  std::string source;  // file name as given
  CsvLayout layout = CsvLayout::kDaily;
  bool adjusted = false;
  Duration bar_length{};
  std::vector<trading::Bar> bars;
  std::int64_t skipped_rows = 0;
  std::vector<BadRow> bad_rows;     // the first kMaxBadRowsKept skipped rows
  std::vector<std::string> notes;   // layout remarks (header/row mismatch)

  static constexpr std::size_t kMaxBadRowsKept = 20;
};

// "data/orcl-1995-2014.txt" -> "ORCL": the file name up to the first '-', '_' or '.', upper case;
// the whole stem when that part is not alphabetic.
std::string symbol_from_path(std::string_view path);

// Parses CSV text; `source` names the file in messages.
Result<BarSeries> parse_csv_bars(std::string_view text, std::string_view source, const CsvOptions& options = {});
// Reads and parses a file.
Result<BarSeries> load_csv_bars(const std::string& path, const CsvOptions& options = {});

}  // namespace rt::backtest
