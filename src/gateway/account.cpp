#include "gateway/account.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace rt::gateway {
namespace {

struct KnownStock {
  std::string_view symbol;
  std::int64_t con_id;
  std::string_view primary_exchange;
  std::string_view trading_class;
};

constexpr std::array<KnownStock, 10> kKnownStocks{{
    {"AAPL", 265598, "NASDAQ", "NMS"},
    {"MSFT", 272093, "NASDAQ", "NMS"},
    {"AMZN", 3691937, "NASDAQ", "NMS"},
    {"GOOGL", 208813719, "NASDAQ", "NMS"},
    {"META", 107113386, "NASDAQ", "NMS"},
    {"NVDA", 4815747, "NASDAQ", "NMS"},
    {"TSLA", 76792991, "NASDAQ", "NMS"},
    {"SPY", 756733, "ARCA", "SPY"},
    {"QQQ", 320227571, "NASDAQ", "NMS"},
    {"IBM", 8314, "NYSE", "IBM"},
}};

const Decimal kInitMarginRate = Decimal::from_raw(Decimal::kScale / 4);   // 0.25
const Decimal kMaintMarginRate = Decimal::from_raw(Decimal::kScale / 4);  // 0.25
constexpr std::int64_t kIntradayLeverage = 4;

Decimal ratio(Decimal num, Decimal den) { return den.is_zero() ? Decimal{} : num / den; }

}  // namespace

tws::Contract stock_contract(std::string_view symbol) {
  tws::Contract c;
  c.symbol = std::string(symbol);
  c.sec_type = "STK";
  c.exchange = "SMART";
  c.currency = "USD";
  c.local_symbol = std::string(symbol);
  for (const auto& k : kKnownStocks) {
    if (k.symbol == symbol) {
      c.con_id = k.con_id;
      c.primary_exchange = std::string(k.primary_exchange);
      c.trading_class = std::string(k.trading_class);
      return c;
    }
  }
  // FNV-1a folded into 900000000..999999999: stable across runs, away from the real ids above.
  std::uint64_t h = 1469598103934665603ULL;
  for (char ch : symbol) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  c.con_id = 900000000 + static_cast<std::int64_t>(h % 100000000ULL);
  c.primary_exchange = "NASDAQ";
  c.trading_class = "NMS";
  return c;
}

Account::Account(std::string code, Decimal cash, std::string currency)
    : code_(std::move(code)), currency_(std::move(currency)), cash_(cash) {}

const SimPosition* Account::find(std::string_view symbol) const {
  for (const auto& p : positions_) {
    if (p.contract.symbol == symbol) return &p;
  }
  return nullptr;
}

Status Account::seed_position(std::string_view symbol, Decimal quantity, Decimal average_cost,
                              std::optional<Decimal> mark_price) {
  if (quantity.is_zero()) return fail(ErrorCode::kInvalidArgument, "position " + std::string(symbol) + ": zero quantity");
  if (average_cost.is_negative()) {
    return fail(ErrorCode::kInvalidArgument, "position " + std::string(symbol) + ": negative average cost");
  }
  for (auto& p : positions_) {
    if (p.contract.symbol != symbol) continue;
    if (p.quantity.is_negative() != quantity.is_negative()) {
      return fail(ErrorCode::kInvalidArgument,
                  "position " + std::string(symbol) + ": seeding the opposite side of an existing position");
    }
    const Decimal total = p.quantity + quantity;
    p.average_cost = (p.quantity * p.average_cost + quantity * average_cost) / total;
    p.quantity = total;
    if (mark_price) p.mark_price = *mark_price;
    return {};
  }
  positions_.push_back(SimPosition{stock_contract(symbol), quantity, average_cost, mark_price.value_or(average_cost)});
  return {};
}

Status Account::set_mark(std::string_view symbol, Decimal price) {
  if (price.is_negative()) return fail(ErrorCode::kInvalidArgument, "mark " + std::string(symbol) + ": negative price");
  for (auto& p : positions_) {
    if (p.contract.symbol == symbol) {
      p.mark_price = price;
      return {};
    }
  }
  return fail(ErrorCode::kNotFound, "mark " + std::string(symbol) + ": no such position in " + code_);
}

std::optional<Decimal> Account::apply_fill(const tws::Contract& contract, Decimal quantity, Decimal price,
                                           Decimal commission) {
  cash_ -= quantity * price + commission;
  day_cash_flow_[contract.symbol] -= quantity * price + commission;
  auto it = std::find_if(positions_.begin(), positions_.end(),
                         [&](const SimPosition& p) { return p.contract.symbol == contract.symbol; });
  if (it == positions_.end()) {
    // (quantity x price + commission) / quantity: a buy's cost rises, a short's proceeds fall.
    positions_.push_back(SimPosition{contract, quantity, (quantity * price + commission) / quantity, price});
    return std::nullopt;
  }
  it->mark_price = price;
  const bool same_side = it->quantity.is_negative() == quantity.is_negative();
  if (same_side) {
    const Decimal total = it->quantity + quantity;
    // Average cost per share, commissions included (signed cost / signed quantity).
    const Decimal cost = it->quantity * it->average_cost + quantity * price + commission;
    it->average_cost = cost / total;
    it->quantity = total;
    return std::nullopt;
  }
  const Decimal closing = std::min(quantity.abs(), it->quantity.abs());
  const Decimal direction = Decimal::from_int(it->quantity.is_negative() ? -1 : 1);
  const Decimal realized = (price - it->average_cost) * closing * direction - commission;
  realized_pnl_ += realized;
  day_realized_[contract.symbol] += realized;
  const Decimal rest = it->quantity + quantity;
  if (rest.is_zero()) {
    positions_.erase(it);
  } else if (rest.is_negative() == it->quantity.is_negative()) {
    it->quantity = rest;
  } else {
    it->quantity = rest;  // crossed zero: the remainder opens at the fill price
    it->average_cost = price;
  }
  return realized;
}

void Account::start_day(const std::string& day) {
  if (day == day_) return;
  day_ = day;
  day_start_net_liquidation_ = metrics().net_liquidation;
  day_start_realized_ = realized_pnl_;
  day_start_value_.clear();
  for (const auto& p : positions_) day_start_value_[p.contract.symbol] = p.market_value();
  day_cash_flow_.clear();
  day_realized_.clear();
}

Decimal Account::daily_pnl() const { return metrics().net_liquidation - day_start_net_liquidation_; }

Decimal Account::daily_pnl(std::string_view symbol) const {
  auto value_of = [](const auto& map, std::string_view key) {
    auto it = map.find(key);
    return it == map.end() ? Decimal{} : it->second;
  };
  const SimPosition* p = find(symbol);
  const Decimal now = p != nullptr ? p->market_value() : Decimal{};
  return now - value_of(day_start_value_, symbol) + value_of(day_cash_flow_, symbol);
}

Decimal Account::realized_today(std::string_view symbol) const {
  auto it = day_realized_.find(symbol);
  return it == day_realized_.end() ? Decimal{} : it->second;
}

std::vector<std::string> Account::symbols_of_the_day() const {
  std::vector<std::string> out;
  for (const auto& p : positions_) out.push_back(p.contract.symbol);
  for (const auto& [symbol, flow] : day_cash_flow_) {
    if (find(symbol) == nullptr) out.push_back(symbol);
  }
  return out;
}

AccountMetrics Account::metrics() const {
  AccountMetrics m;
  m.cash = cash_;
  m.realized_pnl = realized_pnl_;
  for (const auto& p : positions_) {
    const Decimal value = p.market_value();
    m.stock_market_value += value;
    m.gross_position_value += value.abs();
    m.unrealized_pnl += p.unrealized_pnl();
  }
  m.net_liquidation = m.cash + m.stock_market_value;
  m.equity_with_loan = m.net_liquidation;
  m.init_margin = m.gross_position_value * kInitMarginRate;
  m.maint_margin = m.gross_position_value * kMaintMarginRate;
  m.available_funds = m.equity_with_loan - m.init_margin;
  m.excess_liquidity = m.equity_with_loan - m.maint_margin;
  m.buying_power = m.available_funds.is_negative() ? Decimal{} : m.available_funds * kIntradayLeverage;
  m.cushion = ratio(m.excess_liquidity, m.net_liquidation);
  m.leverage = ratio(m.gross_position_value, m.net_liquidation);
  return m;
}

}  // namespace rt::gateway
