#include "backtest/csv_bars.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>

#include "backtest/mapped_file.hpp"
#include "core/text.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::backtest {
namespace {

using namespace std::chrono;

// kStartUtc and kSymbol are the columns `robotrader bars --csv` writes (symbol,start_utc,...).
enum Column : int { kDate, kTime, kOpen, kHigh, kLow, kClose, kAdjClose, kVolume, kStartUtc, kSymbol, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "Date", "Time", "Open", "High", "Low", "Close", "Adj Close", "Volume", "start_utc", "symbol"};

std::string normalise(std::string_view name) {
  std::string out;
  for (char c : trim(name)) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<Column> column_of(std::string_view name) {
  const std::string n = normalise(name);
  if (n == "date") return kDate;
  if (n == "time") return kTime;
  if (n == "open") return kOpen;
  if (n == "high") return kHigh;
  if (n == "low") return kLow;
  if (n == "close") return kClose;
  if (n == "adjclose") return kAdjClose;
  if (n == "volume") return kVolume;
  if (n == "startutc") return kStartUtc;
  if (n == "symbol") return kSymbol;
  return std::nullopt;  // OpenInterest and anything else: ignored
}

// A field without the double quotes some exporters put around every value ("Date","Open",...).
std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// Splits on commas into `out` (cleared); returns the field count. Quotes around a whole field are
// dropped; bar files have no commas inside values.
std::size_t split(std::string_view line, std::vector<std::string_view>& out) {
  split_into(line, ',', out);
  for (auto& field : out) field = unquote(field);
  return out.size();
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YYYY-MM-DD or YYYYMMDD.
std::optional<year_month_day> parse_date(std::string_view s) {
  std::string_view y, m, d;
  if (s.size() == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
    y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  } else if (s.size() == 8) {
    y = s.substr(0, 4), m = s.substr(4, 2), d = s.substr(6, 2);
  } else {
    return std::nullopt;
  }
  int yy = 0, mm = 0, dd = 0;
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  if (!read_int(y, yy) || !read_int(m, mm) || !read_int(d, dd)) return std::nullopt;
  const year_month_day ymd{year{yy}, month{static_cast<unsigned>(mm)}, day{static_cast<unsigned>(dd)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// HH:MM or HH:MM:SS, below 24:00.
std::optional<seconds> parse_time(std::string_view s) {
  if (s.size() != 5 && s.size() != 8) return std::nullopt;
  if (s[2] != ':' || (s.size() == 8 && s[5] != ':')) return std::nullopt;
  const auto hh = s.substr(0, 2), mm = s.substr(3, 2), ss = s.size() == 8 ? s.substr(6, 2) : std::string_view("00");
  int h = 0, m = 0, sec = 0;
  if (!all_digits(hh) || !all_digits(mm) || !all_digits(ss)) return std::nullopt;
  if (!read_int(hh, h) || !read_int(mm, m) || !read_int(ss, sec)) return std::nullopt;
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return hours{h} + minutes{m} + seconds{sec};
}

// RFC 3339 in UTC as `bars --csv` writes it: YYYY-MM-DDTHH:MM:SSZ.
std::optional<Timestamp> parse_utc_instant(std::string_view s) {
  if (s.size() != 20 || s[10] != 'T' || s[19] != 'Z') return std::nullopt;
  const auto date = parse_date(s.substr(0, 10));
  const auto tod = parse_time(s.substr(11, 8));
  if (!date || !tod) return std::nullopt;
  return Timestamp{sys_days{*date}} + *tod;
}

std::string format_ymd(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// The UTC instant of New York local `date` + `tod`, with the day's offset cached (rows of one day
// share it; a DST change happens at 02:00 local, when no market trades).
class LocalClock {
 public:
  Timestamp at(year_month_day date, seconds tod) {
    if (date != date_) {
      date_ = date;
      noon_ = trading::EasternTime::to_utc(date, minutes{12 * 60});
    }
    return noon_ - hours{12} + tod;
  }

 private:
  year_month_day date_{};
  Timestamp noon_{};
};

struct Layout {
  std::array<int, kColumnCount> index{};  // field index per column, -1 when absent
  std::size_t fields = 0;                 // fields per row
  bool intraday = false;
};

constexpr Duration kSessionOpen = hours{9} + minutes{30};
constexpr Duration kSessionLength = hours{6} + minutes{30};

}  // namespace

std::string symbol_from_path(std::string_view path) {
  if (const auto slash = path.find_last_of("/\\"); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  std::string_view stem = path.substr(0, path.rfind('.'));
  if (stem.empty()) stem = path;
  const std::string_view head = stem.substr(0, stem.find_first_of("-_."));
  const bool alpha = !head.empty() && std::all_of(head.begin(), head.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
  });
  std::string out(alpha ? head : stem);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<BarSeries> parse_csv_bars(std::string_view text, std::string_view source, const CsvOptions& options) {
  BarSeries series;
  series.source = std::string(source);
  series.symbol = options.symbol.empty() ? symbol_from_path(source) : options.symbol;
  const std::string where = std::string(source) + ":";

  std::size_t pos = 0;
  std::int64_t line_no = 0;
  auto next_line = [&](std::string_view& line) {
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!trim(line).empty()) return true;
    }
    return false;
  };

  std::string_view header_line;
  if (!next_line(header_line)) return fail(ErrorCode::kParse, where + " the file is empty");
  std::vector<std::string_view> fields;
  split(header_line, fields);
  std::array<int, kColumnCount> header_index;
  header_index.fill(-1);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (auto c = column_of(fields[i]); c && header_index[*c] < 0) header_index[*c] = static_cast<int>(i);
  }
  const bool utc_starts = header_index[kStartUtc] >= 0 && header_index[kDate] < 0;
  for (Column c : {kDate, kOpen, kHigh, kLow, kClose}) {
    if (c == kDate && utc_starts) continue;
    if (header_index[c] < 0) {
      return fail(ErrorCode::kParse, where + "1: header has no '" + std::string(kColumnNames[c]) +
                                         "' column (expected Date,Open,High,Low,Close[,Adj Close],Volume or "
                                         "Date,Time,Open,High,Low,Close,Volume,OpenInterest or what `robotrader "
                                         "bars --csv` writes: symbol,start_utc,open,high,low,close,volume,...)");
    }
  }
  const std::size_t header_fields = fields.size();

  // Look at the first data row to settle the layout.
  Layout layout;
  layout.index = header_index;
  layout.fields = header_fields;
  {
    const std::size_t save_pos = pos;
    const std::int64_t save_line = line_no;
    std::string_view first;
    if (next_line(first)) {
      const std::size_t n = split(first, fields);
      if (!utc_starts && header_index[kTime] < 0 && n == header_fields + 1 && header_index[kDate] == 0 &&
          parse_time(fields[1])) {
        // Date,Time,<the header's columns after Date>: shift every column after Date by one.
        for (int c = 0; c < kColumnCount; ++c) {
          if (c != kDate && header_index[c] > 0) layout.index[c] = header_index[c] + 1;
        }
        layout.index[kTime] = 1;
        layout.fields = n;
        series.notes.push_back(std::string(source) + ": the header names " + std::to_string(header_fields) +
                               " columns but rows have " + std::to_string(n) +
                               " with a time in the second; read as Date,Time,<header columns after Date>");
      }
    }
    pos = save_pos;
    line_no = save_line;
  }
  layout.intraday = layout.index[kTime] >= 0 || utc_starts;
  series.layout = layout.intraday ? CsvLayout::kIntraday : CsvLayout::kDaily;
  const bool adjust = options.adjust && layout.index[kAdjClose] >= 0;
  series.adjusted = adjust;

  series.bars.reserve(text.size() / 48 + 1);
  std::vector<Timestamp> ends;  // intraday: bar end times until the length is known
  LocalClock clock;
  Timestamp previous{};
  bool have_previous = false;
  std::string_view line;
  while (next_line(line)) {
    std::string reason;
    const std::size_t n = split(line, fields);
    auto number = [&](Column c, Decimal& out) {
      const int i = layout.index[c];
      if (i < 0) return true;
      const std::string_view f = fields[static_cast<std::size_t>(i)];
      if (!Decimal::parse(f, out)) {
        reason = std::string(kColumnNames[c]) + " '" + std::string(f) + "' is not a number";
        return false;
      }
      return true;
    };
    trading::Bar bar;
    Decimal adj;
    Timestamp stamp{};
    do {
      if (n != layout.fields) {
        reason = "expected " + std::to_string(layout.fields) + " fields, got " + std::to_string(n);
        break;
      }
      if (layout.index[kSymbol] >= 0) {
        const std::string_view row_symbol = fields[static_cast<std::size_t>(layout.index[kSymbol])];
        if (!options.symbol.empty() && row_symbol != options.symbol) {
          reason = "symbol '" + std::string(row_symbol) + "' is not " + options.symbol + " (one symbol per file)";
          break;
        }
        if (series.bars.empty() && options.symbol.empty()) series.symbol = std::string(row_symbol);
        if (row_symbol != series.symbol) {
          reason = "symbol '" + std::string(row_symbol) + "' after " + series.symbol + " rows (one symbol per file)";
          break;
        }
      }
      // The bar's instant: a UTC start (bars --csv), or a New York date (and time) to convert.
      year_month_day date{};
      if (utc_starts) {
        const std::string_view start_text = fields[static_cast<std::size_t>(layout.index[kStartUtc])];
        const auto start = parse_utc_instant(start_text);
        if (!start) {
          reason = "start_utc '" + std::string(start_text) + "' is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)";
          break;
        }
        stamp = *start;
      } else {
        const std::string_view date_text = fields[static_cast<std::size_t>(layout.index[kDate])];
        const auto parsed = parse_date(date_text);
        if (!parsed) {
          reason = "Date '" + std::string(date_text) + "' is not a date (YYYY-MM-DD)";
          break;
        }
        date = *parsed;
        seconds tod = duration_cast<seconds>(kSessionOpen);
        if (layout.intraday) {
          const std::string_view time_text = fields[static_cast<std::size_t>(layout.index[kTime])];
          const auto t = parse_time(time_text);
          if (!t) {
            reason = "Time '" + std::string(time_text) + "' is not a time (HH:MM:SS)";
            break;
          }
          tod = *t;
        }
        stamp = clock.at(date, tod);
      }
      if (!number(kOpen, bar.open) || !number(kHigh, bar.high) || !number(kLow, bar.low) ||
          !number(kClose, bar.close) || !number(kAdjClose, adj) || !number(kVolume, bar.volume)) {
        break;
      }
      for (Column c : {kOpen, kHigh, kLow, kClose}) {
        const Decimal v = c == kOpen ? bar.open : c == kHigh ? bar.high : c == kLow ? bar.low : bar.close;
        if (v <= Decimal{}) {
          reason = std::string(kColumnNames[c]) + " '" +
                   std::string(fields[static_cast<std::size_t>(layout.index[c])]) + "' is not a positive price";
          break;
        }
      }
      if (!reason.empty()) break;
      if (adjust && adj <= Decimal{}) {
        reason = "Adj Close '" + std::string(fields[static_cast<std::size_t>(layout.index[kAdjClose])]) +
                 "' is not a positive price";
        break;
      }
      if (bar.volume.is_negative()) {
        reason = "Volume '" + std::string(fields[static_cast<std::size_t>(layout.index[kVolume])]) +
                 "' is negative";
        break;
      }
      if (have_previous && stamp <= previous) {
        reason = utc_starts ? "start_utc " + std::string(fields[static_cast<std::size_t>(layout.index[kStartUtc])]) +
                                  " is not after the previous row"
                            : "Date " + format_ymd(date) +
                                  (layout.intraday ? " " + std::string(fields[1]) : std::string()) +
                                  " is not after the previous row";
        break;
      }
    } while (false);

    if (!reason.empty()) {
      if (!options.skip_bad_rows) return fail(ErrorCode::kParse, where + std::to_string(line_no) + ": " + reason);
      ++series.skipped_rows;
      if (series.bad_rows.size() < BarSeries::kMaxBadRowsKept) series.bad_rows.push_back({line_no, std::move(reason)});
      continue;
    }
    if (adjust) {
      bar.open = bar.open * adj / bar.close;
      bar.high = bar.high * adj / bar.close;
      bar.low = bar.low * adj / bar.close;
      bar.close = adj;
    }
    bar.wap = bar.close;
    if (layout.intraday) {
      bar.start = stamp;  // the end for now; fixed once the length is known
    } else {
      bar.start = stamp;
      bar.length = kSessionLength;
    }
    previous = stamp;
    have_previous = true;
    series.bars.push_back(bar);
  }

  if (layout.intraday) {
    // Bar length: the most common spacing among the first rows (gaps between sessions are rarer).
    std::map<Duration::rep, int> counts;
    const std::size_t probe = std::min<std::size_t>(series.bars.size(), 500);
    for (std::size_t i = 1; i < probe; ++i) ++counts[(series.bars[i].start - series.bars[i - 1].start).count()];
    Duration length = minutes{1};
    int best = 0;
    for (const auto& [rep, count] : counts) {
      if (count > best) best = count, length = Duration{rep};
    }
    if (utc_starts && length >= hours{20}) {
      // Daily bars from `bars --bar-size "1 day"`: each row is a regular session from its start.
      series.layout = CsvLayout::kDaily;
      series.bar_length = kSessionLength;
      for (auto& b : series.bars) {
        b.start = clock.at(trading::EasternTime::local_date(b.start), duration_cast<seconds>(kSessionOpen));
        b.length = kSessionLength;
      }
    } else {
      series.bar_length = length;
      for (auto& b : series.bars) {
        if (!utc_starts) b.start -= length;  // Date,Time rows stamp a bar's end; start_utc its start
        b.length = length;
      }
    }
  } else {
    series.bar_length = kSessionLength;
  }
  if (series.bars.empty()) return fail(ErrorCode::kParse, where + " no bars (every row was empty or skipped)");
  return series;
}

Result<BarSeries> load_csv_bars(const std::string& path, const CsvOptions& options) {
  // Mapped, not copied: the parser reads straight from the page cache.
  const auto file = MappedFile::open(path);
  if (!file) return fail(ErrorCode::kNotFound, path + ": cannot open the file");
  return parse_csv_bars(file->bytes(), path, options);
}

}  // namespace rt::backtest
