#include "runner/broker_view.hpp"

#include <gtest/gtest.h>

namespace rt::runner {
namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

const Timestamp kT0{std::chrono::seconds{1'736'974'800}};

std::vector<SummaryValue> summary(const char* net, const char* cash) {
  return {{"DU123", "NetLiquidation", net},
          {"DU123", "TotalCashValue", cash},
          {"DU123", "UnrealizedPnL", "-47.88"},
          {"DU999", "NetLiquidation", "1"},
          {"DU123", "BuyingPower", "400000"}};
}

TEST(BrokerView, ReadsTheAccountsOwnRowsOfAnAccountSummary) {
  auto v = broker_view_from_summary(summary("99950.12", "96058.52"), "DU123", kT0);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->net_liquidation, d("99950.12"));
  EXPECT_EQ(v->cash, d("96058.52"));
  EXPECT_EQ(v->unrealized, d("-47.88"));
  EXPECT_FALSE(v->realized);
  EXPECT_EQ(v->time, kT0);
}

TEST(BrokerView, AMissingOrNonNumericTagIsAnErrorThatNamesIt) {
  auto missing = broker_view_from_summary({{"DU123", "NetLiquidation", "100"}}, "DU123", kT0);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("TotalCashValue"), std::string::npos);
  auto bad = broker_view_from_summary(summary("n/a", "1"), "DU123", kT0);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("NetLiquidation 'n/a'"), std::string::npos);
}

TEST(BrokerView, BooksThatMatchIbToTheCentAgree) {
  BrokerAccountView ib{kT0, "DU123", d("99950.12"), d("96058.52"), {}, {}};
  auto c = compare_account(d("96058.52"), d("3891.60"), ib, 0, true);
  EXPECT_TRUE(c.agrees());
  EXPECT_EQ(c.equity_difference, Decimal{});
}

TEST(BrokerView, ACashDifferenceAboveACentIsFlaggedOnceEveryCommissionIsKnown) {
  BrokerAccountView ib{kT0, "DU123", d("100000"), d("96058.52"), {}, {}};
  auto c = compare_account(d("96059.52"), d("3941.48"), ib, 0, false);
  EXPECT_TRUE(c.cash_flagged);
  EXPECT_EQ(c.cash_difference, d("1"));
  // The same difference while a commission is still on its way is not judged yet.
  auto waiting = compare_account(d("96059.52"), d("3941.48"), ib, 1, false);
  EXPECT_FALSE(waiting.cash_flagged);
  EXPECT_NE(waiting.describe().find("1 commissions not yet reported"), std::string::npos);
  // A cent is within tolerance.
  EXPECT_FALSE(compare_account(d("96058.53"), d("3941.47"), ib, 0, false).cash_flagged);
}

TEST(BrokerView, AMarketValueDifferenceIsFlaggedOnlyWhenBothSidesValueAtTheClose) {
  BrokerAccountView ib{kT0, "DU123", d("100000"), d("96000"), {}, {}};
  auto intraday = compare_account(d("96000"), d("4012.50"), ib, 0, false);
  EXPECT_FALSE(intraday.value_flagged);
  EXPECT_EQ(intraday.value_difference, d("12.50"));
  EXPECT_NE(intraday.describe().find("intraday"), std::string::npos);
  auto at_close = compare_account(d("96000"), d("4012.50"), ib, 0, true);
  EXPECT_TRUE(at_close.value_flagged);
  EXPECT_FALSE(at_close.agrees());
}

}  // namespace
}  // namespace rt::runner

namespace rt::runner {
namespace {

ib::PositionPnl ib_answer(const char* qty, const char* value) {
  ib::PositionPnl p;
  p.symbol = "MSFT";
  p.con_id = 272093;
  p.received = true;
  p.position = *Decimal::parse(qty);
  p.value = *Decimal::parse(value);
  p.unrealized = *Decimal::parse("-37.96");
  return p;
}

const OurPosition kOurs{"MSFT", *Decimal::parse("14"), *Decimal::parse("1902.60"), *Decimal::parse("-36.96")};

TEST(PositionComparison, APositionThatMatchesIbsQuantityAndValueAtTheCloseAgrees) {
  const auto ib = ib_answer("14", "1902.60");
  auto c = compare_position(kOurs, &ib, true, false);
  EXPECT_TRUE(c.ib_known);
  EXPECT_TRUE(c.agrees()) << c.describe();
  EXPECT_EQ(*c.ib_unrealized, *Decimal::parse("-37.96"));  // shown, never compared
}

TEST(PositionComparison, AQuantityDifferenceIsFlaggedOnlyWhenTheNextCheckStillSeesIt) {
  const auto ib = ib_answer("10", "1359.00");
  auto first = compare_position(kOurs, &ib, false, false);
  EXPECT_TRUE(first.quantity_differs);
  EXPECT_TRUE(first.agrees()) << "a fill on its way is not a disagreement yet";
  auto second = compare_position(kOurs, &ib, false, first.quantity_differs);
  EXPECT_FALSE(second.agrees());
  EXPECT_NE(second.describe().find("IB 10"), std::string::npos) << second.describe();
}

TEST(PositionComparison, AValueDifferenceIsFlaggedOnlyAtTheClose) {
  const auto ib = ib_answer("14", "1905.00");
  EXPECT_TRUE(compare_position(kOurs, &ib, false, false).agrees());
  EXPECT_FALSE(compare_position(kOurs, &ib, true, false).agrees());
}

TEST(PositionComparison, APositionIbHasNotAnsweredForIsShownWithWhyAndNotFlagged) {
  auto none = compare_position(kOurs, nullptr, true, true);
  EXPECT_FALSE(none.ib_known);
  EXPECT_TRUE(none.agrees());
  ib::PositionPnl waiting;
  waiting.problem = "TWS error 321: bad account";
  auto c = compare_position(kOurs, &waiting, true, true);
  EXPECT_TRUE(c.agrees());
  EXPECT_NE(c.describe().find("TWS error 321"), std::string::npos) << c.describe();
}

}  // namespace
}  // namespace rt::runner
