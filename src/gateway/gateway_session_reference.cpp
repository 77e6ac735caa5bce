// GatewaySession, the multi-account and reference-data half: reqPositionsMulti and
// reqAccountUpdatesMulti (with their updates after fills), reqFamilyCodes, reqUserInfo,
// reqMatchingSymbols, reqMarketRule, reqSmartComponents, reqSecDefOptParams and
// reqCurrentTimeInMillis, answered as TWS answers them (TWS_PROTOCOL.md §4.17-4.18).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include "gateway/account_report.hpp"
#include "gateway/gateway_session.hpp"

namespace rt::gateway {
namespace {

// US stocks trade in cents at every price: IB's market rule 26.
constexpr int kUsStockMarketRule = 26;
// The SMART components behind the bboExchange that tickReqParams reports ("9c0001").
constexpr const char* kBboExchange = "9c0001";
struct Component {
  int bit;
  const char* exchange;
  const char* letter;
};
constexpr std::array<Component, 6> kSmartComponents{{
    {0, "NYSE", "N"}, {1, "NASDAQ", "Q"}, {2, "ARCA", "P"}, {3, "BATS", "Z"}, {4, "IEX", "V"}, {5, "EDGX", "K"}}};
// Keys of the cash ledger and net liquidation, all a ledgerAndNLV request wants.
constexpr std::array<std::string_view, 4> kLedgerKeys = {"CashBalance", "TotalCashBalance", "NetLiquidation",
                                                         "NetLiquidationByCurrency"};
constexpr int kOptionExpirations = 4;  // weekly expiries listed by reqSecDefOptParams
constexpr int kStrikesEachSide = 10;

bool names_every_account(std::string_view account) { return account.empty() || account == "All"; }

std::string yyyymmdd(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

bool GatewaySession::check_multi_account(int req_id, const std::string& account, SessionOutput& out) {
  if (names_every_account(account) || find_account(account) != nullptr) return true;
  send_error(req_id, kErrValidatingRequest, "Error validating request: account '" + account + "' is not managed here",
             out);
  return false;
}

void GatewaySession::send_position_multi(int req_id, const Account& account, const tws::Contract& contract,
                                         Decimal quantity, Decimal avg_cost, SessionOutput& out) {
  tws::PositionMulti m;
  m.req_id = req_id;
  m.account = account.code();
  m.contract = contract;
  // Like POSITION_DATA, the exchange slot carries the primary exchange.
  m.contract.exchange = contract.primary_exchange;
  m.contract.primary_exchange.clear();
  m.position = quantity;
  m.avg_cost = avg_cost;
  send_message(m, out);
}

void GatewaySession::on_positions_multi(const tws::ReqPositionsMulti& m, SessionOutput& out) {
  if (!check_multi_account(m.req_id, m.account, out)) return;
  positions_multi_[m.req_id] = m.account;
  for (const auto& account : ctx_.accounts) {
    if (!names_every_account(m.account) && account.code() != m.account) continue;
    for (const auto& p : account.positions()) {
      send_position_multi(m.req_id, account, p.contract, p.quantity, p.average_cost, out);
    }
  }
  send_message(tws::PositionMultiEnd{m.req_id}, out);
}

void GatewaySession::send_account_updates_multi(int req_id, const AccountUpdatesMulti& sub, SessionOutput& out) {
  for (const auto& account : ctx_.accounts) {
    if (!names_every_account(sub.account) && account.code() != sub.account) continue;
    for (auto& row : account_update_values(account)) {
      if (sub.ledger_and_nlv && std::find(kLedgerKeys.begin(), kLedgerKeys.end(), row.tag) == kLedgerKeys.end()) {
        continue;
      }
      send_message(tws::AccountUpdateMulti{req_id, account.code(), sub.model_code, std::move(row.tag),
                                           std::move(row.value), std::move(row.currency)},
                   out);
    }
  }
}

void GatewaySession::on_account_updates_multi(const tws::ReqAccountUpdatesMulti& m, SessionOutput& out) {
  if (!check_multi_account(m.req_id, m.account, out)) return;
  auto& sub = account_updates_multi_[m.req_id];
  sub = AccountUpdatesMulti{m.account, m.model_code, m.ledger_and_nlv};
  send_account_updates_multi(m.req_id, sub, out);
  send_message(tws::AccountUpdateMultiEnd{m.req_id}, out);
}

void GatewaySession::push_multi(const Account& account, const tws::Contract& contract, const SimPosition* position,
                                SessionOutput& out) {
  for (const auto& [req_id, filter] : positions_multi_) {
    if (!names_every_account(filter) && filter != account.code()) continue;
    send_position_multi(req_id, account, contract, position != nullptr ? position->quantity : Decimal{},
                        position != nullptr ? position->average_cost : Decimal{}, out);
  }
  for (const auto& [req_id, sub] : account_updates_multi_) {
    if (!names_every_account(sub.account) && sub.account != account.code()) continue;
    AccountUpdatesMulti one = sub;
    one.account = account.code();
    send_account_updates_multi(req_id, one, out);
  }
}

void GatewaySession::answer_reference(const tws::ReqFamilyCodes& /*m*/, SessionOutput& out) {
  tws::FamilyCodes codes;
  // Individual accounts belong to no family: TWS lists each with an empty family code.
  for (const auto& a : ctx_.accounts) codes.codes.push_back(tws::FamilyCode{a.code(), ""});
  send_message(codes, out);
}

void GatewaySession::answer_reference(const tws::ReqUserInfo& m, SessionOutput& out) {
  send_message(tws::UserInfo{m.req_id, ""}, out);
}

void GatewaySession::answer_reference(const tws::ReqMatchingSymbols& m, SessionOutput& out) {
  tws::SymbolSamples samples;
  samples.req_id = m.req_id;
  for (const auto& c : ctx_.market.directory().matching(m.pattern)) {
    tws::ContractDescription d;
    d.contract = c.to_contract();
    d.contract.exchange.clear();
    d.derivative_sec_types = {"CFD", "OPT"};
    d.description = c.long_name;
    samples.descriptions.push_back(std::move(d));
  }
  send_message(samples, out);
}

void GatewaySession::answer_reference(const tws::ReqMarketRule& m, SessionOutput& out) {
  if (m.market_rule_id != kUsStockMarketRule) {
    send_error(-1, kErrValidatingRequest,
               "Error validating request: market rule " + std::to_string(m.market_rule_id) + " is not known", out);
    return;
  }
  send_message(tws::MarketRule{m.market_rule_id, {tws::PriceIncrement{Decimal{}, MarketModel::min_tick()}}}, out);
}

void GatewaySession::answer_reference(const tws::ReqSmartComponents& m, SessionOutput& out) {
  if (m.bbo_exchange != kBboExchange) {
    send_error(m.req_id, kErrValidatingRequest,
               "Error validating request: bboExchange '" + m.bbo_exchange + "' is not known (tickReqParams gives " +
                   kBboExchange + ")",
               out);
    return;
  }
  tws::SmartComponents reply;
  reply.req_id = m.req_id;
  for (const auto& c : kSmartComponents) reply.components.push_back({c.bit, c.exchange, c.letter});
  send_message(reply, out);
}

void GatewaySession::answer_reference(const tws::ReqCurrentTimeInMillis& /*m*/, SessionOutput& out) {
  if (server_version_ < tws::sv::kCurrentTimeInMillis) {
    send_error(-1, kErrValidatingRequest, "Error validating request: reqCurrentTimeInMillis needs server version 197",
               out);
    return;
  }
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(ctx_.clock.now().time_since_epoch());
  send_message(tws::CurrentTimeInMillis{millis.count()}, out);
}

// The option chain of a stock underlying: weekly Friday expiries and strikes around its price.
void GatewaySession::answer_reference(const tws::ReqSecDefOptParams& m, SessionOutput& out) {
  tws::Contract request;
  request.symbol = m.underlying_symbol;
  request.sec_type = m.underlying_sec_type.empty() ? "STK" : m.underlying_sec_type;
  auto contract = ctx_.market.resolve(request);
  if (!contract || (m.underlying_con_id != 0 && contract->con_id != m.underlying_con_id)) {
    send_error(m.req_id, kErrNoSecDefinition,
               "No security definition has been found for the request: " + m.underlying_symbol + " conId " +
                   std::to_string(m.underlying_con_id),
               out);
    return;
  }
  tws::SecDefOptParams p;
  p.req_id = m.req_id;
  p.exchange = "SMART";
  p.underlying_con_id = contract->con_id;
  p.trading_class = contract->symbol;
  p.multiplier = "100";
  using namespace std::chrono;
  const auto today = floor<days>(ctx_.clock.now());
  const weekday wd{today};
  auto friday = today + days{(Friday.c_encoding() + 7 - wd.c_encoding()) % 7};
  for (int i = 0; i < kOptionExpirations; ++i) p.expirations.push_back(yyyymmdd(friday + weeks{i}));
  const auto q = ctx_.market.model(*contract).quote_at(ctx_.clock.now());
  const double price = q.valid ? q.last.to_double() : 100.0;
  const double step = price < 25 ? 0.5 : price < 200 ? 2.5 : 5.0;
  const double centre = static_cast<double>(static_cast<long long>(price / step)) * step;
  for (int i = -kStrikesEachSide; i <= kStrikesEachSide; ++i) {
    if (const double strike = centre + step * i; strike > 0) p.strikes.push_back(strike);
  }
  send_message(p, out);
  send_message(tws::SecDefOptParamsEnd{m.req_id}, out);
}

}  // namespace rt::gateway
