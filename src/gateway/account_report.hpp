#pragma once
// The text values TWS reports for an account: account summary tags (reqAccountSummary) and the
// account value keys of reqAccountUpdates, formatted as TWS formats them ("100000.00").
// Pure functions of an Account; no I/O.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/account.hpp"

namespace rt::gateway {

struct TagValue {
  std::string tag;
  std::string value;
  std::string currency;  // "" for non-monetary tags (AccountType, Cushion, DayTradesRemaining...)
  bool operator==(const TagValue&) const = default;
};

// Every plain tag reqAccountSummary understands, in TWS's documented order.
std::span<const std::string_view> account_summary_tags();

// The rows for a comma-separated tag list, in the order requested, each tag once. "All" (or an
// empty list) means every plain tag; "$LEDGER", "$LEDGER:ALL" and "$LEDGER:<CCY>" add the
// per-currency ledger rows for the account's currency. Unknown tags are skipped, as TWS does.
std::vector<TagValue> account_summary_values(const Account& account, std::string_view tags);

// The key/value rows reqAccountUpdates streams for an account (ACCT_VALUE messages).
std::vector<TagValue> account_update_values(const Account& account);

// Money as TWS prints it in account messages: two decimals ("100000.00", "-12.50").
std::string money_text(Decimal v);

}  // namespace rt::gateway
