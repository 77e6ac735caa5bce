#include "store/stop_repository.hpp"

namespace rt::store {
namespace {

std::string_view kind_text(StopKind k) { return k == StopKind::Fixed ? "fixed" : "trailing"; }

Result<StopRecord> read_stop(const Statement& s) {
  const std::string kind = s.column_text(1);
  if (kind != "fixed" && kind != "trailing") {
    return fail(ErrorCode::kStorage, "stops row " + s.column_text(0) + " has an unknown kind '" + kind + "'");
  }
  return StopRecord{s.column_text(0), kind == "fixed" ? StopKind::Fixed : StopKind::Trailing, s.column_decimal(2),
                    s.column_optional_decimal(3), s.column_time(4)};
}

}  // namespace

Status StopRepository::save(const StopRecord& stop) {
  auto s = db_.prepare(
      "INSERT INTO stops (symbol, kind, level, high_water, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (symbol) DO UPDATE SET kind = excluded.kind, level = excluded.level, "
      "high_water = excluded.high_water, updated_at = excluded.updated_at");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, stop.symbol)
      .bind_text(2, kind_text(stop.kind))
      .bind_decimal(3, stop.level)
      .bind_decimal(4, stop.high_water)
      .bind_time(5, stop.updated_at)
      .run();
}

Status StopRepository::remove(const std::string& symbol) {
  auto s = db_.prepare("DELETE FROM stops WHERE symbol = ?1");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, symbol).run();
}

Result<std::optional<StopRecord>> StopRepository::find(const std::string& symbol) {
  auto s = db_.prepare("SELECT symbol, kind, level, high_water, updated_at FROM stops WHERE symbol = ?1");
  if (!s) return std::unexpected(s.error());
  (*s)->bind_text(1, symbol);
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<StopRecord>{};
  auto stop = read_stop(**s);
  (*s)->reset();
  if (!stop) return std::unexpected(stop.error());
  return std::optional<StopRecord>{std::move(*stop)};
}

Result<std::vector<StopRecord>> StopRepository::load_all() {
  auto s = db_.prepare("SELECT symbol, kind, level, high_water, updated_at FROM stops ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  std::vector<StopRecord> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto stop = read_stop(**s);
    if (!stop) {
      (*s)->reset();
      return std::unexpected(stop.error());
    }
    out.push_back(std::move(*stop));
  }
  (*s)->reset();
  return out;
}

}  // namespace rt::store
