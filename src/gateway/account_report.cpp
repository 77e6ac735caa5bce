#include "gateway/account_report.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text.hpp"

namespace rt::gateway {
namespace {

constexpr std::array<std::string_view, 29> kSummaryTags{
    "AccountType",         "NetLiquidation",          "TotalCashValue",
    "SettledCash",         "AccruedCash",             "BuyingPower",
    "EquityWithLoanValue", "PreviousDayEquityWithLoanValue", "GrossPositionValue",
    "RegTEquity",          "RegTMargin",              "SMA",
    "InitMarginReq",       "MaintMarginReq",          "AvailableFunds",
    "ExcessLiquidity",     "Cushion",                 "FullInitMarginReq",
    "FullMaintMarginReq",  "FullAvailableFunds",      "FullExcessLiquidity",
    "LookAheadNextChange", "LookAheadInitMarginReq",  "LookAheadMaintMarginReq",
    "LookAheadAvailableFunds", "LookAheadExcessLiquidity", "HighestSeverity",
    "DayTradesRemaining",  "Leverage",
};

// One plain summary tag for `account`, or nullopt for a tag this emulator does not know.
std::optional<TagValue> summary_tag(const Account& account, const AccountMetrics& m, std::string_view tag) {
  const std::string ccy = account.currency();
  auto money = [&](Decimal v) { return TagValue{std::string(tag), money_text(v), ccy}; };
  auto plain = [&](std::string value) { return TagValue{std::string(tag), std::move(value), ""}; };
  if (tag == "AccountType") return plain("INDIVIDUAL");
  if (tag == "NetLiquidation") return money(m.net_liquidation);
  if (tag == "TotalCashValue") return money(m.cash);
  if (tag == "SettledCash") return money(m.cash);
  if (tag == "AccruedCash") return money(Decimal{});
  if (tag == "BuyingPower") return money(m.buying_power);
  if (tag == "EquityWithLoanValue") return money(m.equity_with_loan);
  if (tag == "PreviousDayEquityWithLoanValue") return money(m.equity_with_loan);
  if (tag == "GrossPositionValue") return money(m.gross_position_value);
  if (tag == "RegTEquity") return money(m.equity_with_loan);
  if (tag == "RegTMargin") return money(m.init_margin);
  if (tag == "SMA") return money(m.available_funds.is_negative() ? Decimal{} : m.available_funds);
  if (tag == "InitMarginReq" || tag == "FullInitMarginReq" || tag == "LookAheadInitMarginReq") {
    return money(m.init_margin);
  }
  if (tag == "MaintMarginReq" || tag == "FullMaintMarginReq" || tag == "LookAheadMaintMarginReq") {
    return money(m.maint_margin);
  }
  if (tag == "AvailableFunds" || tag == "FullAvailableFunds" || tag == "LookAheadAvailableFunds") {
    return money(m.available_funds);
  }
  if (tag == "ExcessLiquidity" || tag == "FullExcessLiquidity" || tag == "LookAheadExcessLiquidity") {
    return money(m.excess_liquidity);
  }
  if (tag == "Cushion") return plain(m.cushion.to_string_fixed(6));
  if (tag == "LookAheadNextChange") return plain("0");
  if (tag == "DayTradesRemaining") return plain("-1");
  if (tag == "Leverage") return plain(m.leverage.to_string_fixed(2));
  if (tag == "HighestSeverity") return plain("0");
  return std::nullopt;
}

// Ledger rows ($LEDGER): per-currency figures, tagged with the currency.
std::vector<TagValue> ledger_rows(const Account& account, const AccountMetrics& m) {
  const std::string& ccy = account.currency();
  return {
      {"Currency", ccy, ccy},
      {"CashBalance", money_text(m.cash), ccy},
      {"TotalCashBalance", money_text(m.cash), ccy},
      {"AccruedCash", money_text(Decimal{}), ccy},
      {"StockMarketValue", money_text(m.stock_market_value), ccy},
      {"NetLiquidationByCurrency", money_text(m.net_liquidation), ccy},
      {"UnrealizedPnL", money_text(m.unrealized_pnl), ccy},
      {"RealizedPnL", money_text(m.realized_pnl), ccy},
      {"ExchangeRate", "1.00", ccy},
  };
}

}  // namespace

std::string money_text(Decimal v) { return v.to_string_fixed(2); }

std::span<const std::string_view> account_summary_tags() { return kSummaryTags; }

std::vector<TagValue> account_summary_values(const Account& account, std::string_view tags) {
  const AccountMetrics m = account.metrics();
  std::vector<TagValue> out;
  std::vector<std::string> seen;
  auto add_once = [&](TagValue row) {
    const std::string key = row.tag + "\x1f" + row.currency;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(key);
    out.push_back(std::move(row));
  };
  auto add_all = [&] {
    for (auto tag : account_summary_tags()) {
      if (auto row = summary_tag(account, m, tag)) add_once(std::move(*row));
    }
  };
  if (trim(tags).empty()) add_all();
  while (!tags.empty()) {
    auto comma = tags.find(',');
    auto tag = trim(tags.substr(0, comma));
    tags = comma == std::string_view::npos ? std::string_view{} : tags.substr(comma + 1);
    if (tag.empty()) continue;
    if (tag == "All") {
      add_all();
    } else if (tag == "$LEDGER" || tag == "$LEDGER:ALL" ||
               (tag.starts_with("$LEDGER:") && tag.substr(8) == account.currency())) {
      for (auto& row : ledger_rows(account, m)) add_once(std::move(row));
    } else if (auto row = summary_tag(account, m, tag)) {
      add_once(std::move(*row));
    }
  }
  return out;
}

std::vector<TagValue> account_update_values(const Account& account) {
  const AccountMetrics m = account.metrics();
  const std::string& ccy = account.currency();
  std::vector<TagValue> rows{
      {"AccountCode", account.code(), ""},
      {"AccountReady", "true", ""},
      {"AccountType", "INDIVIDUAL", ""},
      {"Currency", ccy, ccy},
      {"AvailableFunds", money_text(m.available_funds), ccy},
      {"BuyingPower", money_text(m.buying_power), ccy},
      {"CashBalance", money_text(m.cash), ccy},
      {"Cushion", m.cushion.to_string_fixed(6), ""},
      {"DayTradesRemaining", "-1", ""},
      {"EquityWithLoanValue", money_text(m.equity_with_loan), ccy},
      {"ExcessLiquidity", money_text(m.excess_liquidity), ccy},
      {"GrossPositionValue", money_text(m.gross_position_value), ccy},
      {"InitMarginReq", money_text(m.init_margin), ccy},
      {"MaintMarginReq", money_text(m.maint_margin), ccy},
      {"NetLiquidation", money_text(m.net_liquidation), ccy},
      {"NetLiquidationByCurrency", money_text(m.net_liquidation), ccy},
      {"RealizedPnL", money_text(m.realized_pnl), ccy},
      {"StockMarketValue", money_text(m.stock_market_value), ccy},
      {"TotalCashBalance", money_text(m.cash), ccy},
      {"TotalCashValue", money_text(m.cash), ccy},
      {"UnrealizedPnL", money_text(m.unrealized_pnl), ccy},
  };
  return rows;
}

}  // namespace rt::gateway
