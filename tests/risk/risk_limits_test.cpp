#include "trading/risk/risk_limits.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "risk/decimal_literal.hpp"
#include "trading/risk/money_text.hpp"
#include "trading/risk/risk_engine.hpp"
#include "trading/risk/risk_rule.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono_literals;
using test::d;

TEST(RiskLimits, DefaultsAreTheDocumentedValuesAndValidate) {
  const RiskLimits limits;
  EXPECT_FALSE(limits.kill_switch);
  EXPECT_EQ(limits.max_open_positions, 20);
  EXPECT_EQ(limits.max_position_pct, d("2"));
  EXPECT_EQ(limits.min_position_value, d("500"));
  EXPECT_EQ(limits.max_order_notional, d("10000"));
  EXPECT_EQ(limits.max_daily_notional, d("100000"));
  EXPECT_EQ(limits.max_leverage, d("2"));
  EXPECT_EQ(limits.max_portfolio_heat_pct, d("6"));
  EXPECT_EQ(limits.daily_loss_limit_pct, d("0.5"));
  EXPECT_EQ(limits.cooldown, 600s);
  EXPECT_EQ(limits.max_quote_age, 10s);
  EXPECT_TRUE(limits.validate());
}

TEST(RiskLimits, MaxPositionPctAboveHundredThenErrorNamesKeyValueAndRange) {
  RiskLimits limits;
  limits.max_position_pct = d("150");
  const auto status = limits.validate();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "risk.max_position_pct = 150: must be in (0, 100]");
}

TEST(RiskLimits, EachOutOfRangeLimitIsNamedWithItsRange) {
  struct Case {
    std::function<void(RiskLimits&)> mutate;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](RiskLimits& l) { l.max_open_positions = 0; }, "risk.max_open_positions = 0: must be in [1, 10000]"},
      {[](RiskLimits& l) { l.max_position_pct = d("0"); }, "risk.max_position_pct = 0: must be in (0, 100]"},
      {[](RiskLimits& l) { l.max_order_notional = d("-1"); }, "risk.max_order_notional = -1: must be in (0, inf)"},
      {[](RiskLimits& l) { l.min_position_value = d("20000"); },
       "risk.min_position_value = 20000: must be in [0, max_order_notional = 10000]"},
      {[](RiskLimits& l) { l.max_daily_notional = d("0"); }, "risk.max_daily_notional = 0: must be in (0, inf)"},
      {[](RiskLimits& l) { l.max_leverage = d("12.5"); }, "risk.max_leverage = 12.5: must be in (0, 10]"},
      {[](RiskLimits& l) { l.max_portfolio_heat_pct = d("101"); },
       "risk.max_portfolio_heat_pct = 101: must be in (0, 100]"},
      {[](RiskLimits& l) { l.daily_loss_limit_pct = d("-0.5"); },
       "risk.daily_loss_limit_pct = -0.5: must be in (0, 100]"},
      {[](RiskLimits& l) { l.cooldown = -1s; }, "risk.cooldown = -1 s: must be in [0 s, 86400 s]"},
      {[](RiskLimits& l) { l.max_quote_age = 0s; }, "risk.max_quote_age = 0 s: must be in (0 s, 3600 s]"},
      {[](RiskLimits& l) { l.max_quote_age = 7200500ms; }, "risk.max_quote_age = 7200.5 s: must be in (0 s, 3600 s]"},
  };
  for (const auto& c : cases) {
    RiskLimits limits;
    c.mutate(limits);
    const auto status = limits.validate();
    ASSERT_FALSE(status) << c.message;
    EXPECT_EQ(status.error().message, c.message);
  }
}

TEST(RiskLimits, BoundaryValuesAreAccepted) {
  RiskLimits limits;
  limits.max_position_pct = d("100");
  limits.min_position_value = limits.max_order_notional;
  limits.max_leverage = d("10");
  limits.cooldown = 0s;
  limits.max_quote_age = 3600s;
  EXPECT_TRUE(limits.validate());
}

TEST(RiskEngine, CreateWithInvalidLimitsThenFailsWithTheLimitError) {
  RiskLimits limits;
  limits.max_position_pct = d("150");
  const auto engine = RiskEngine::create(limits);
  ASSERT_FALSE(engine);
  EXPECT_EQ(engine.error().message, "risk.max_position_pct = 150: must be in (0, 100]");
}

TEST(MoneyText, FormatsDollarsWithThousandsSeparatorsAndCents) {
  EXPECT_EQ(format_money(d("12500")), "$12,500.00");
  EXPECT_EQ(format_money(d("0")), "$0.00");
  EXPECT_EQ(format_money(d("999.5")), "$999.50");
  EXPECT_EQ(format_money(d("100000")), "$100,000.00");
  EXPECT_EQ(format_money(d("-1234567.891")), "-$1,234,567.89");
  EXPECT_EQ(format_percent(d("0.5")), "0.5%");
}

TEST(RiskRuleNames, EveryRuleRoundTripsThroughItsName) {
  for (auto r : {RiskRule::InvalidIntent, RiskRule::KillSwitch, RiskRule::StaleQuote, RiskRule::PriceUnknown,
                 RiskRule::MaxOpenPositions, RiskRule::MaxPositionSize, RiskRule::MinPositionValue,
                 RiskRule::MaxOrderNotional, RiskRule::MaxDailyNotional, RiskRule::MaxLeverage,
                 RiskRule::PortfolioHeat, RiskRule::DailyLossLimit, RiskRule::Cooldown}) {
    EXPECT_EQ(parse_risk_rule(to_string(r)), r);
  }
  EXPECT_FALSE(parse_risk_rule("NoSuchRule"));
}

}  // namespace
}  // namespace rt::trading
