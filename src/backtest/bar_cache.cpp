#include "backtest/bar_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <type_traits>

#include "backtest/mapped_file.hpp"

namespace rt::backtest {
namespace {

// Format: the magic, then fixed-size little-endian fields, length-prefixed strings, the bar
// records, and a checksum of every byte before it. Bump kFormatVersion on any change.
constexpr std::string_view kMagic{"RTBARS\r\n", 8};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kBarRecordSize = 8 * 8 + 4 + 4;
constexpr std::size_t kSampleBytes = 4096;
constexpr std::uint64_t kEndianCheck = 0x0102030405060708ULL;

static_assert(std::is_trivially_copyable_v<trading::Bar>);

// A fast 64-bit hash over 8-byte words (not cryptographic: it detects torn and corrupted files).
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0x243F6A8885A308D3ULL) {
  constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t k2 = 0xC2B2AE3D27D4EB4FULL;
  std::uint64_t h = seed ^ (bytes.size() * k1);
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h ^= w * k2;
    h = ((h << 31) | (h >> 33)) * k1;
  }
  std::uint64_t tail = 0;
  if (i < bytes.size()) std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h ^= tail * k2;
  h ^= h >> 29;
  h *= k1;
  h ^= h >> 32;
  return h;
}

struct CsvKey {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t sample_hash = 0;  // first and last kSampleBytes
  bool adjust = true;
  bool skip_bad_rows = false;
  std::string symbol;

  bool operator==(const CsvKey&) const = default;
};

Result<CsvKey> key_of(const std::string& csv_path, const CsvOptions& options) {
  std::FILE* f = std::fopen(csv_path.c_str(), "rb");
  if (f == nullptr) return fail(ErrorCode::kNotFound, csv_path + ": cannot open the file");
  struct stat st {};
  if (::fstat(fileno(f), &st) != 0) {
    std::fclose(f);
    return fail(ErrorCode::kNotFound, csv_path + ": cannot stat the file");
  }
  CsvKey key;
  key.size = static_cast<std::uint64_t>(st.st_size);
  key.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  std::string sample(std::min<std::size_t>(key.size, kSampleBytes), '\0');
  std::size_t got = std::fread(sample.data(), 1, sample.size(), f);
  if (key.size > kSampleBytes) {
    const std::size_t tail = std::min<std::size_t>(key.size - kSampleBytes, kSampleBytes);
    std::string end(tail, '\0');
    if (std::fseek(f, -static_cast<long>(tail), SEEK_END) == 0) got += std::fread(end.data(), 1, tail, f);
    sample += end;
  }
  const bool ok = std::ferror(f) == 0 && got == sample.size();
  std::fclose(f);
  if (!ok) return fail(ErrorCode::kNotFound, csv_path + ": read error");
  key.sample_hash = hash_bytes(sample);
  key.adjust = options.adjust;
  key.skip_bad_rows = options.skip_bad_rows;
  key.symbol = options.symbol;
  return key;
}

class Writer {
 public:
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_string(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  bool get(T& v) {
    if (in_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  bool get_string(std::string& s) {
    std::uint64_t n = 0;
    if (!get(n) || in_.size() - pos_ < n) return false;
    s.assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::string_view take(std::size_t n) {
    if (in_.size() - pos_ < n) return {};
    auto v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  [[nodiscard]] std::size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

void put_key(Writer& w, const CsvKey& k) {
  w.put(k.size);
  w.put(k.mtime_ns);
  w.put(k.sample_hash);
  w.put(static_cast<std::uint8_t>(k.adjust));
  w.put(static_cast<std::uint8_t>(k.skip_bad_rows));
  w.put_string(k.symbol);
}

bool get_key(Reader& r, CsvKey& k) {
  std::uint8_t adjust = 0, skip = 0;
  if (!r.get(k.size) || !r.get(k.mtime_ns) || !r.get(k.sample_hash) || !r.get(adjust) || !r.get(skip) ||
      !r.get_string(k.symbol)) {
    return false;
  }
  k.adjust = adjust != 0;
  k.skip_bad_rows = skip != 0;
  return true;
}

std::string encode_cache(const CsvKey& key, const BarSeries& s) {
  Writer w;
  w.bytes().append(kMagic);
  w.put(kFormatVersion);
  w.put(kBarRecordSize);
  w.put(kEndianCheck);
  put_key(w, key);
  w.put_string(s.symbol);
  w.put(static_cast<std::uint8_t>(s.layout == CsvLayout::kIntraday));
  w.put(static_cast<std::uint8_t>(s.adjusted));
  w.put(static_cast<std::int64_t>(s.bar_length.count()));
  w.put(static_cast<std::int64_t>(s.skipped_rows));
  w.put(static_cast<std::uint64_t>(s.bad_rows.size()));
  for (const auto& b : s.bad_rows) {
    w.put(static_cast<std::int64_t>(b.line));
    w.put_string(b.reason);
  }
  w.put(static_cast<std::uint64_t>(s.notes.size()));
  for (const auto& n : s.notes) w.put_string(n);
  w.put(static_cast<std::uint64_t>(s.bars.size()));
  std::string& out = w.bytes();
  const std::size_t at = out.size();
  out.resize(at + s.bars.size() * kBarRecordSize);
  char* p = out.data() + at;
  for (const auto& b : s.bars) {
    const std::int64_t words[8] = {b.start.time_since_epoch().count(),
                                   b.length.count(),
                                   b.open.raw(),
                                   b.high.raw(),
                                   b.low.raw(),
                                   b.close.raw(),
                                   b.volume.raw(),
                                   b.wap.raw()};
    std::memcpy(p, words, sizeof words);
    const std::int32_t trades = b.trade_count;
    std::memcpy(p + 64, &trades, 4);
    const std::uint32_t flags = b.extended_hours ? 1U : 0U;
    std::memcpy(p + 68, &flags, 4);
    p += kBarRecordSize;
  }
  w.put(hash_bytes(out));
  return std::move(out);
}

enum class Verdict { kOk, kStale, kCorrupt };

// Decodes a cache file into `s`; `why` says what did not match.
Verdict decode_cache(std::string_view bytes, const CsvKey& want, BarSeries& s, std::string& why) {
  if (bytes.size() < kMagic.size() + 8 || bytes.substr(0, kMagic.size()) != kMagic) {
    why = "not a bar cache file";
    return Verdict::kCorrupt;
  }
  std::uint64_t stored_sum = 0;
  std::memcpy(&stored_sum, bytes.data() + bytes.size() - 8, 8);
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  if (hash_bytes(body) != stored_sum) {
    why = "checksum mismatch (truncated or damaged)";
    return Verdict::kCorrupt;
  }
  Reader r(body.substr(kMagic.size()));
  std::uint32_t version = 0, record = 0;
  std::uint64_t endian = 0;
  if (!r.get(version) || !r.get(record) || !r.get(endian) || version != kFormatVersion ||
      record != kBarRecordSize || endian != kEndianCheck) {
    why = "written by another format version or machine";
    return Verdict::kStale;
  }
  CsvKey key;
  if (!get_key(r, key)) {
    why = "truncated key";
    return Verdict::kCorrupt;
  }
  if (key.size != want.size || key.mtime_ns != want.mtime_ns || key.sample_hash != want.sample_hash) {
    why = "the CSV changed since the cache was written";
    return Verdict::kStale;
  }
  if (!(key == want)) {
    why = "written with other CSV options (adjust, skip-bad-rows or symbol)";
    return Verdict::kStale;
  }
  std::uint8_t intraday = 0, adjusted = 0;
  std::int64_t length = 0, skipped = 0;
  std::uint64_t n = 0;
  bool ok = r.get_string(s.symbol) && r.get(intraday) && r.get(adjusted) && r.get(length) && r.get(skipped) &&
            r.get(n) && n <= BarSeries::kMaxBadRowsKept;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    BadRow b;
    ok = r.get(b.line) && r.get_string(b.reason);
    s.bad_rows.push_back(std::move(b));
  }
  constexpr std::uint64_t kMaxNotes = 64;
  ok = ok && r.get(n) && n <= kMaxNotes;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    std::string note;
    ok = r.get_string(note);
    s.notes.push_back(std::move(note));
  }
  std::uint64_t bars = 0;
  ok = ok && r.get(bars) && bars <= r.remaining() / kBarRecordSize && r.remaining() == bars * kBarRecordSize;
  if (!ok) {
    why = "inconsistent contents";
    return Verdict::kCorrupt;
  }
  s.layout = intraday != 0 ? CsvLayout::kIntraday : CsvLayout::kDaily;
  s.adjusted = adjusted != 0;
  s.bar_length = Duration{length};
  s.skipped_rows = skipped;
  s.bars.reserve(bars);
  const char* p = r.take(bars * kBarRecordSize).data();
  for (std::uint64_t i = 0; i < bars; ++i) {
    trading::Bar& b = s.bars.emplace_back();
    std::int64_t words[8];
    std::memcpy(words, p, sizeof words);
    std::int32_t trades = 0;
    std::uint32_t flags = 0;
    std::memcpy(&trades, p + 64, 4);
    std::memcpy(&flags, p + 68, 4);
    b.start = Timestamp{Duration{words[0]}};
    b.length = Duration{words[1]};
    b.open = Decimal::from_raw(words[2]);
    b.high = Decimal::from_raw(words[3]);
    b.low = Decimal::from_raw(words[4]);
    b.close = Decimal::from_raw(words[5]);
    b.volume = Decimal::from_raw(words[6]);
    b.wap = Decimal::from_raw(words[7]);
    b.trade_count = trades;
    b.extended_hours = (flags & 1U) != 0;
    p += kBarRecordSize;
  }
  if (s.bars.empty()) {
    why = "no bars";
    return Verdict::kCorrupt;
  }
  return Verdict::kOk;
}

// Writes via a temporary file and a rename; returns why not on failure.
std::optional<std::string> write_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return "cannot create " + tmp + ": " + std::strerror(errno);
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed) {
    std::remove(tmp.c_str());
    return "cannot write " + tmp;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = "cannot rename " + tmp + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return why;
  }
  return std::nullopt;
}

}  // namespace

const char* outcome_name(BarCacheOutcome outcome) {
  switch (outcome) {
    case BarCacheOutcome::kHit: return "hit";
    case BarCacheOutcome::kMissing: return "missing";
    case BarCacheOutcome::kStale: return "stale";
    case BarCacheOutcome::kCorrupt: return "corrupt";
  }
  return "?";
}

std::string bar_cache_path(const std::string& csv_path, const std::string& cache_dir) {
  if (cache_dir.empty()) return csv_path + ".rtbars";
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(csv_path, ec);
  const std::string full = ec ? csv_path : absolute.lexically_normal().string();
  char tag[20];
  std::snprintf(tag, sizeof tag, "%016llx", static_cast<unsigned long long>(hash_bytes(full)));
  return (std::filesystem::path(cache_dir) /
          (std::filesystem::path(csv_path).filename().string() + "-" + tag + ".rtbars"))
      .string();
}

Result<CachedBars> load_csv_bars_cached(const std::string& csv_path, const CsvOptions& options,
                                        const std::string& cache_dir) {
  auto key = key_of(csv_path, options);
  if (!key) return std::unexpected(key.error());
  CachedBars out;
  out.cache_path = bar_cache_path(csv_path, cache_dir);
  if (auto file = MappedFile::open(out.cache_path)) {
    BarSeries s;
    switch (decode_cache(file->bytes(), *key, s, out.detail)) {
      case Verdict::kOk:
        s.source = csv_path;
        out.series = std::move(s);
        out.outcome = BarCacheOutcome::kHit;
        return out;
      case Verdict::kStale: out.outcome = BarCacheOutcome::kStale; break;
      case Verdict::kCorrupt: out.outcome = BarCacheOutcome::kCorrupt; break;
    }
  }
  auto parsed = load_csv_bars(csv_path, options);
  if (!parsed) return std::unexpected(parsed.error());
  out.series = std::move(*parsed);
  // Keyed on what was stat'ed before the parse: a CSV rewritten meanwhile shows up as stale.
  if (!cache_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
  }
  if (auto why = write_atomically(out.cache_path, encode_cache(*key, out.series))) {
    if (!out.detail.empty()) out.detail += "; ";
    out.detail += "not written: " + *why;
  } else {
    out.written = true;
  }
  return out;
}

}  // namespace rt::backtest
