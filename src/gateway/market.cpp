#include "gateway/market.hpp"

#include <algorithm>
#include <cstdio>

#include "gateway/listed_contracts.hpp"
#include "gateway/replay_series.hpp"
#include "gateway/synthetic_series.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;

std::string ymd_text(trading::Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string hhmm_text(Timestamp t) {
  const auto tod = duration_cast<minutes>(trading::EasternTime::local_time_of_day(t)).count();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d", static_cast<int>(tod / 60), static_cast<int>(tod % 60));
  return buf;
}

}  // namespace

Market::Market(const MarketConfig& config, const Clock& clock)
    : config_(config), clock_(clock), directory_(config.unknown_symbols) {}

Market::~Market() = default;

Status Market::load() {
  for (const auto& r : config_.replays) {
    if (models_.contains(r.symbol) || replays_.contains(r.symbol)) continue;
    auto series = ReplaySeries::load(r.path, calendar_, config_.seed);
    if (!series) return std::unexpected(series.error());
    replays_[r.symbol] = std::move(*series);
  }
  return {};
}

Result<StockContract> Market::resolve(const tws::Contract& request) {
  tws::Contract asked = request;
  if (asked.symbol.empty() && asked.con_id != 0) {
    if (auto it = listed_by_con_id_.find(asked.con_id); it != listed_by_con_id_.end()) asked = it->second;
  }
  if (!is_listed_kind(asked)) return directory_.resolve(request);
  auto listed = listed_contracts(asked, trading::EasternTime::local_date(clock_.now()));
  if (!listed) return std::unexpected(listed.error());
  if (listed->size() > 1) {
    return fail(ErrorCode::kNotFound,
                "The contract description specified for " + asked.symbol + " is ambiguous.");
  }
  const auto& d = listed->front();
  listed_by_con_id_.emplace(d.contract.con_id, d.contract);
  StockContract c;
  c.con_id = d.contract.con_id;
  c.symbol = d.contract.local_symbol;
  c.primary_exchange = d.contract.exchange;
  c.long_name = d.long_name;
  c.stock_type.clear();
  c.listed = d.contract;
  return c;
}

MarketModel& Market::model(const std::string& symbol) {
  if (auto it = models_.find(symbol); it != models_.end()) return *it->second;
  std::unique_ptr<DayGenerator> generator;
  if (auto r = replays_.find(symbol); r != replays_.end()) {
    generator = std::move(r->second);
    replays_.erase(r);
  } else {
    generator = std::make_unique<SyntheticSeries>(config_.seed, symbol, calendar_, listed_market(symbol));
  }
  auto [it, inserted] = models_.emplace(symbol, std::make_unique<MarketModel>(symbol, std::move(generator)));
  return *it->second;
}

bool Market::delayed_only(std::string_view symbol) const {
  const auto canonical = ContractDirectory::canonical_symbol(symbol);
  return std::any_of(config_.delayed_only.begin(), config_.delayed_only.end(), [&](const std::string& s) {
    return s == symbol || ContractDirectory::canonical_symbol(s) == canonical;
  });
}

std::string trading_hours_text(const MarketModel& model, trading::Date from, bool liquid) {
  std::string out;
  for (int i = 0; i < 7; ++i) {
    const trading::Date d{sys_days{from} + days{i}};
    if (!out.empty()) out += ';';
    const auto s = model.session(d);
    if (!s) {
      out += ymd_text(d) + ":CLOSED";
      continue;
    }
    const auto open = liquid ? s->open : s->extended_open;
    const auto close = liquid ? s->close : s->extended_close;
    out += ymd_text(d) + ":" + hhmm_text(open) + "-" + ymd_text(d) + ":" + hhmm_text(close);
  }
  return out;
}

tws::ContractDetails Market::details(const StockContract& contract, int req_id) {
  auto& m = model(contract);
  tws::ContractDetails d;
  d.req_id = req_id;
  d.contract = contract.to_contract();
  d.market_name = d.contract.trading_class;
  d.min_tick = MarketModel::min_tick();
  d.order_types =
      "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,"
      "GTT,HID,IOC,LIT,LMT,LOC,MIT,MKT,MOC,MTL,NGCOMB,NONALGO,OCA,PEGMID,REL,SCALE,SNAPMID,SNAPMKT,STP,STPLMT,TRAIL,"
      "TRAILLIT,TRAILLMT,TRAILMIT,WHATIF";
  d.valid_exchanges = "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,LTSE,MEMX," +
                      contract.primary_exchange;
  d.price_magnifier = 1;
  d.long_name = contract.long_name;
  d.industry = contract.industry;
  d.category = contract.category;
  d.subcategory = contract.category;
  d.time_zone_id = "US/Eastern";
  const auto today = trading::EasternTime::local_date(clock_.now());
  d.trading_hours = trading_hours_text(m, today, false);
  d.liquid_hours = trading_hours_text(m, today, true);
  d.agg_group = 1;
  // One market rule (26: stocks, 0.01 tick) per valid exchange.
  d.market_rule_ids = "26";
  for (char c : d.valid_exchanges) {
    if (c == ',') d.market_rule_ids += ",26";
  }
  d.stock_type = contract.stock_type;
  d.min_size = Decimal::from_raw(Decimal::kScale / 10000);
  d.size_increment = Decimal::from_raw(Decimal::kScale / 10000);
  d.suggested_size_increment = Decimal::from_int(100);
  return d;
}

}  // namespace rt::gateway
