#include "ib/market_data/contract_resolver.hpp"

#include <functional>
#include <vector>

#include "ib/connection_manager.hpp"
#include "ib/market_data/instrument_contract.hpp"
#include "ib/market_data/market_data_error.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "trading/instrument/instrument_name.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::ib {

ContractResolver::ContractResolver(ConnectionManager& connections, PacingDriver& pacer, const Clock& clock,
                                   ContractResolverOptions options)
    : connections_(connections), pacer_(pacer), clock_(clock), options_(options) {}

tws::Contract ContractResolver::stock(std::string symbol) {
  return contract_for(trading::Instrument::stock(std::move(symbol)));
}

std::string ContractResolver::key_of(const tws::Contract& c) {
  if (c.con_id != 0) return "#" + std::to_string(c.con_id);
  return c.symbol + "|" + c.sec_type + "|" + c.exchange + "|" + c.primary_exchange + "|" + c.currency + "|" +
         c.last_trade_date_or_contract_month + "|" + c.right + "|" + c.local_symbol;
}

const Result<ResolvedContract>* ContractResolver::cached(const tws::Contract& contract) const {
  auto it = cache_.find(key_of(contract));
  return it == cache_.end() ? nullptr : &it->second;
}

std::chrono::year_month_day ContractResolver::today() const {
  return trading::EasternTime::local_date(clock_.now());
}

boost::asio::awaitable<Result<ResolvedContract>> ContractResolver::resolve(std::string name) {
  auto instrument = trading::parse_instrument(name, today());
  if (!instrument) co_return std::unexpected(instrument.error());
  co_return co_await resolve(std::move(*instrument));
}

boost::asio::awaitable<Result<ResolvedContract>> ContractResolver::resolve(trading::Instrument instrument) {
  const tws::Contract contract = contract_for(instrument);
  if (!instrument.is_continuous_future()) {
    auto resolved = co_await resolve(contract);
    if (!resolved) co_return resolved;
    // The terms TWS states win over the built-in table's.
    ResolvedContract out = *resolved;
    const auto& c = out.contract;
    if (auto m = Decimal::parse(c.multiplier); m && *m > Decimal{}) instrument.multiplier = *m;
    if (out.min_tick > Decimal{}) instrument.tick_size = out.min_tick;
    // A stock's size increment says whether fractions are allowed; robotrader trades whole shares.
    if (instrument.type != trading::SecType::kStock) {
      if (out.size_increment > Decimal{}) instrument.quantity_increment = out.size_increment;
      instrument.local_symbol = c.local_symbol;
    }
    out.instrument = std::move(instrument);
    co_return out;
  }
  // The front month: ask for every listed month, let the roll rule pick, then resolve that one.
  const std::string key = "front|" + key_of(contract);
  if (auto it = cache_.find(key); it != cache_.end()) co_return it->second;
  auto months = co_await details(contract, instrument.name);
  if (!months) {
    if (months.error().code == ErrorCode::kNotFound) cache_.emplace(key, std::unexpected(months.error()));
    co_return std::unexpected(months.error());
  }
  auto pick = front_month(*months, today(), options_.roll);
  if (!pick) {
    Result<ResolvedContract> none = fail(ErrorCode::kNotFound, instrument.name + ": " + pick.error().message);
    cache_.emplace(key, none);
    co_return none;
  }
  const auto& chosen = (*months)[*pick];
  instrument.local_symbol = chosen.contract.local_symbol;
  instrument.contract_month = chosen.contract_month.empty()
                                  ? chosen.contract.last_trade_date_or_contract_month.substr(0, 6)
                                  : chosen.contract_month;
  auto resolved = co_await resolve(std::move(instrument));
  cache_.emplace(key, resolved);
  co_return resolved;
}

boost::asio::awaitable<Result<std::vector<tws::ContractDetails>>> ContractResolver::details(
    const tws::Contract& contract, const std::string& label) {
  PacedRequest paced;
  paced.kind = RequestKind::kContractDetails;
  paced.label = label;
  auto grant = co_await pacer_.acquire(std::move(paced), options_.pacing_wait);
  if (!grant) co_return std::unexpected(grant.error());
  auto session = connections_.session();
  if (!session) {
    pacer_.on_request_failed(*grant);
    co_return fail(ErrorCode::kDisconnected, "contract details for '" + label + "': not connected");
  }
  const int req_id = session->next_request_id();
  tws::ReqContractData req;
  req.req_id = req_id;
  req.contract = contract;
  std::string frame = tws::encode(req, session->info().server_version);
  std::vector<tws::ContractDetails> found;
  std::function<bool(const tws::Response&)> on_reply = [&found](const tws::Response& r) {
    if (auto* d = std::get_if<tws::ContractDetails>(&r)) {
      found.push_back(*d);
      return false;
    }
    return std::holds_alternative<tws::ContractDataEnd>(r);
  };
  ++requests_;
  auto status = co_await session->request(req_id, std::move(frame), on_reply, options_.request_timeout);
  pacer_.on_request_failed(*grant);  // contract details hold nothing on the server once answered

  if (!status) {
    const Error& e = status.error();
    if (e.code == ErrorCode::kBroker &&
        classify_market_data_error(e.broker_code, e.message) == MarketDataErrorKind::kUnknownSymbol) {
      co_return fail(ErrorCode::kNotFound, "unknown symbol '" + label + "': " + e.message, e.broker_code);
    }
    co_return fail(e.code, "contract details for '" + label + "': " + e.message, e.broker_code);
  }
  if (found.empty())
    co_return fail(ErrorCode::kNotFound, "unknown symbol '" + label + "': no definition returned");
  co_return found;
}

boost::asio::awaitable<Result<ResolvedContract>> ContractResolver::resolve(tws::Contract contract) {
  const std::string key = key_of(contract);
  if (auto it = cache_.find(key); it != cache_.end()) co_return it->second;
  const std::string label = contract.symbol.empty() ? key : contract.symbol;
  auto found = co_await details(contract, label);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) cache_.emplace(key, std::unexpected(found.error()));
    co_return std::unexpected(found.error());
  }
  const tws::ContractDetails* pick = &found->front();
  for (const auto& d : *found) {
    if (d.contract.symbol == contract.symbol && d.contract.currency == contract.currency) {
      pick = &d;
      break;
    }
  }
  ResolvedContract out;
  out.contract = pick->contract;
  if (!contract.exchange.empty()) out.contract.exchange = contract.exchange;
  out.min_tick = pick->min_tick;
  out.size_increment = pick->size_increment;
  out.long_name = pick->long_name;
  out.time_zone = pick->time_zone_id;
  out.trading_hours = pick->trading_hours;
  out.liquid_hours = pick->liquid_hours;
  out.alternatives = static_cast<int>(found->size());
  out.instrument = trading::Instrument::stock(contract.symbol);
  Result<ResolvedContract> ok = out;
  cache_.emplace(key, ok);
  co_return ok;
}

}  // namespace rt::ib
