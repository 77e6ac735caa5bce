#include "ib/market_data/contract_resolver.hpp"

#include <functional>
#include <vector>

#include "ib/connection_manager.hpp"
#include "ib/market_data/market_data_error.hpp"
#include "ib/pacing/pacing_driver.hpp"

namespace rt::ib {

ContractResolver::ContractResolver(ConnectionManager& connections, PacingDriver& pacer, ContractResolverOptions options)
    : connections_(connections), pacer_(pacer), options_(options) {}

tws::Contract ContractResolver::stock(std::string symbol) {
  tws::Contract c;
  c.symbol = std::move(symbol);
  c.sec_type = "STK";
  c.exchange = "SMART";
  c.currency = "USD";
  return c;
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

boost::asio::awaitable<Result<ResolvedContract>> ContractResolver::resolve(std::string symbol) {
  tws::Contract contract = stock(std::move(symbol));
  co_return co_await resolve(std::move(contract));
}

boost::asio::awaitable<Result<ResolvedContract>> ContractResolver::resolve(tws::Contract contract) {
  const std::string key = key_of(contract);
  if (auto it = cache_.find(key); it != cache_.end()) co_return it->second;
  const std::string label = contract.symbol.empty() ? key : contract.symbol;

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
      Result<ResolvedContract> unknown =
          fail(ErrorCode::kNotFound, "unknown symbol '" + label + "': " + e.message, e.broker_code);
      cache_.emplace(key, unknown);
      co_return unknown;
    }
    co_return fail(e.code, "contract details for '" + label + "': " + e.message, e.broker_code);
  }
  if (found.empty()) {
    Result<ResolvedContract> unknown = fail(ErrorCode::kNotFound, "unknown symbol '" + label + "': no definition returned");
    cache_.emplace(key, unknown);
    co_return unknown;
  }
  const tws::ContractDetails* pick = &found.front();
  for (const auto& d : found) {
    if (d.contract.symbol == contract.symbol && d.contract.currency == contract.currency) {
      pick = &d;
      break;
    }
  }
  ResolvedContract out;
  out.contract = pick->contract;
  if (!contract.exchange.empty()) out.contract.exchange = contract.exchange;
  out.min_tick = pick->min_tick;
  out.long_name = pick->long_name;
  out.time_zone = pick->time_zone_id;
  out.trading_hours = pick->trading_hours;
  out.liquid_hours = pick->liquid_hours;
  out.alternatives = static_cast<int>(found.size());
  Result<ResolvedContract> ok = out;
  cache_.emplace(key, ok);
  co_return ok;
}

}  // namespace rt::ib
