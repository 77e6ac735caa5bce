#include "trading/risk/risk_engine.hpp"

#include <gtest/gtest.h>

#include <string>

#include "risk/decimal_literal.hpp"
#include "trading/risk/stop_book.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono_literals;
using test::d;

const Timestamp kNow = Timestamp{std::chrono::seconds{1'710'000'000}};

Quote quote_at(Timestamp time, const char* bid = "99.99", const char* ask = "100.01") {
  Quote q;
  q.bid = d(bid);
  q.ask = d(ask);
  q.last = d("100");
  q.time = time;
  return q;
}

// $100,000 account, flat, nothing traded today, a fresh AAPL quote around $100.
RiskContext base_context() {
  RiskContext ctx;
  ctx.now = kNow;
  ctx.equity = d("100000");
  ctx.cash = d("100000");
  ctx.day_start_equity = d("100000");
  ctx.quote = quote_at(kNow - 1s);
  return ctx;
}

OrderIntent buy(const char* qty, const char* symbol = "AAPL", const char* price = "100") {
  OrderIntent in;
  in.symbol = symbol;
  in.side = Side::Buy;
  in.quantity = d(qty);
  in.reference_price = d(price);
  return in;
}

OrderIntent sell_exit(const char* qty, OrderPurpose purpose = OrderPurpose::Exit) {
  OrderIntent in;
  in.symbol = "AAPL";
  in.side = Side::Sell;
  in.quantity = d(qty);
  in.reference_price = d("100");
  in.purpose = purpose;
  return in;
}

RiskEngine engine(RiskLimits limits = {}) { return RiskEngine::create(limits).value(); }

RiskPosition position(const char* qty, const char* price, std::optional<const char*> stop = std::nullopt) {
  RiskPosition p;
  p.quantity = d(qty);
  p.avg_cost = d(price);
  p.mark = d(price);
  if (stop) p.stop = d(*stop);
  return p;
}

void expect_denied(const RiskDecision& decision, RiskRule rule) {
  EXPECT_FALSE(decision.allowed);
  ASSERT_TRUE(decision.rule.has_value()) << decision.reason;
  EXPECT_EQ(*decision.rule, rule) << decision.reason;
  EXPECT_FALSE(decision.reason.empty());
}

void expect_allowed(const RiskDecision& decision) {
  EXPECT_TRUE(decision.allowed) << decision.reason;
  EXPECT_FALSE(decision.rule.has_value());
  EXPECT_TRUE(decision.reason.empty());
}

TEST(RiskEngine, OrdinaryEntryWithinEveryLimitThenAllowed) {
  expect_allowed(engine().check(buy("10"), base_context()));
}

TEST(RiskEngine, IncompleteIntentThenDeniedAsInvalid) {
  auto in = buy("0");
  expect_denied(engine().check(in, base_context()), RiskRule::InvalidIntent);
}

// --- Kill switch ---

TEST(RiskEngine, EntryWhileKillSwitchEngagedThenDenied) {
  auto ctx = base_context();
  ctx.kill_switch = KillSwitchState{true, KillSwitchKind::Loss, "day loss", kNow - 60s, "", "", Timestamp{}};
  const auto decision = engine().check(buy("10"), ctx);
  expect_denied(decision, RiskRule::KillSwitch);
  EXPECT_NE(decision.reason.find("loss: day loss"), std::string::npos) << decision.reason;
}

TEST(RiskEngine, KillSwitchSetInConfigurationThenEntryDenied) {
  RiskLimits limits;
  limits.kill_switch = true;
  expect_denied(engine(limits).check(buy("10"), base_context()), RiskRule::KillSwitch);
}

TEST(RiskEngine, StopExitAllowedWhileKillSwitchEngaged) {
  auto ctx = base_context();
  ctx.kill_switch = KillSwitchState{true, KillSwitchKind::Loss, "day loss", kNow - 60s, "", "", Timestamp{}};
  ctx.positions["AAPL"] = position("50", "100", "95");
  expect_allowed(engine().check(sell_exit("50", OrderPurpose::Stop), ctx));
  expect_allowed(engine().check(sell_exit("20", OrderPurpose::Exit), ctx));
}

TEST(RiskEngine, ExitThatWouldOpenAShortWhileKillSwitchEngagedThenDenied) {
  auto ctx = base_context();
  ctx.kill_switch = KillSwitchState{true, KillSwitchKind::Manual, "operator", kNow - 60s, "", "", Timestamp{}};
  ctx.positions["AAPL"] = position("50", "100", "95");
  expect_denied(engine().check(sell_exit("80"), ctx), RiskRule::KillSwitch);
  ctx.positions.clear();
  expect_denied(engine().check(sell_exit("10"), ctx), RiskRule::KillSwitch);
}

// --- Quote freshness (D6) and quarantine (D5) ---

TEST(RiskEngine, StaleQuoteThenNoOrderAndNoStopDecision) {
  auto ctx = base_context();
  ctx.positions["AAPL"] = position("50", "100", "95");
  ctx.quote = quote_at(kNow - 11s, "90", "90.02");
  const auto entry = engine().check(buy("10"), ctx);
  expect_denied(entry, RiskRule::StaleQuote);
  EXPECT_EQ(entry.reason, "quote for AAPL is 11 s old; max_quote_age 10 s");
  expect_denied(engine().check(sell_exit("50", OrderPurpose::Stop), ctx), RiskRule::StaleQuote);

  // The stop book, handed the same stale price, moves nothing and decides nothing.
  StopBook stops;
  ASSERT_TRUE(stops.set_fixed("AAPL", PositionSide::Long, d("50"), d("95"), kNow - 60s));
  EXPECT_FALSE(stops.on_price("AAPL", d("90"), ctx.quote->time, PriceQuality::Stale).has_value());
  EXPECT_EQ(stops.level("AAPL"), d("95"));
  EXPECT_FALSE(stops.find("AAPL")->triggered);
}

TEST(RiskEngine, QuoteExactlyAtMaxAgeThenAllowed) {
  auto ctx = base_context();
  ctx.quote = quote_at(kNow - 10s);
  expect_allowed(engine().check(buy("10"), ctx));
}

TEST(RiskEngine, MissingQuoteThenDeniedAsStale) {
  auto ctx = base_context();
  ctx.quote.reset();
  expect_denied(engine().check(buy("10"), ctx), RiskRule::StaleQuote);
  ctx.quote = quote_at(Timestamp{});
  expect_denied(engine().check(buy("10"), ctx), RiskRule::StaleQuote);
}

TEST(RiskEngine, QuoteFromTheFutureBeyondMaxAgeThenDenied) {
  auto ctx = base_context();
  ctx.quote = quote_at(kNow + 30s);
  const auto decision = engine().check(buy("10"), ctx);
  expect_denied(decision, RiskRule::StaleQuote);
  EXPECT_NE(decision.reason.find("in the future"), std::string::npos) << decision.reason;
}

TEST(RiskEngine, QuarantinedPriceThenEvenAStopIsDenied) {
  auto ctx = base_context();
  ctx.positions["AAPL"] = position("50", "100", "95");
  ctx.quote_quarantined = true;
  expect_denied(engine().check(sell_exit("50", OrderPurpose::Stop), ctx), RiskRule::StaleQuote);
  expect_denied(engine().check(buy("10"), ctx), RiskRule::StaleQuote);
}

// --- Price ---

TEST(RiskEngine, EntryWithNoPriceAnywhereThenDeniedAsPriceUnknown) {
  auto ctx = base_context();
  ctx.quote = Quote{};
  ctx.quote->time = kNow;
  auto in = buy("10");
  in.reference_price.reset();
  expect_denied(engine().check(in, ctx), RiskRule::PriceUnknown);
}

TEST(RiskEngine, MarketEntryWithoutReferencePriceIsValuedAtTheQuoteMid) {
  auto ctx = base_context();
  ctx.quote = quote_at(kNow, "1249.99", "1250.01");
  ctx.equity = d("1000000");
  ctx.day_start_equity = d("1000000");
  auto in = buy("10");
  in.reference_price.reset();
  const auto decision = engine().check(in, ctx);
  expect_denied(decision, RiskRule::MaxOrderNotional);
  EXPECT_EQ(decision.reason, "order notional $12,500.00 exceeds max_order_notional $10,000.00");
}

TEST(RiskEngine, LimitEntryIsValuedAtItsLimitPrice) {
  auto in = buy("10");
  in.type = OrderType::Limit;
  in.limit_price = d("250");  // $2,500 > 2 % of $100,000
  const auto decision = engine().check(in, base_context());
  expect_denied(decision, RiskRule::MaxPositionSize);
  EXPECT_NE(decision.reason.find("$2,500.00"), std::string::npos) << decision.reason;
}

// --- Max open positions ---

RiskContext with_open_positions(int count) {
  auto ctx = base_context();
  for (int i = 0; i < count; ++i) ctx.positions["S" + std::to_string(i)] = position("1", "100", "99");
  return ctx;
}

TEST(RiskEngine, TwentyOpenPositionsThenEntryInANewSymbolDenied) {
  const auto decision = engine().check(buy("10"), with_open_positions(20));
  expect_denied(decision, RiskRule::MaxOpenPositions);
  EXPECT_EQ(decision.reason, "AAPL would be open position 21; max_open_positions 20");
}

TEST(RiskEngine, NineteenOpenPositionsThenEntryInANewSymbolAllowed) {
  expect_allowed(engine().check(buy("10"), with_open_positions(19)));
}

TEST(RiskEngine, FlatPositionsDoNotCountAsOpen) {
  auto ctx = with_open_positions(19);
  ctx.positions["FLAT"] = position("0", "100");
  expect_allowed(engine().check(buy("10"), ctx));
}

TEST(RiskEngine, AddingToAHeldSymbolAtTheOpenPositionLimitThenAllowed) {
  auto ctx = with_open_positions(19);
  ctx.positions["AAPL"] = position("5", "100", "95");
  expect_allowed(engine().check(buy("5"), ctx));
}

// --- Max position size ---

TEST(RiskEngine, PositionValueAboveMaxPositionPctThenDenied) {
  const auto decision = engine().check(buy("25"), base_context());
  expect_denied(decision, RiskRule::MaxPositionSize);
  EXPECT_EQ(decision.reason,
            "position value $2,500.00 in AAPL exceeds max_position_pct 2% of equity $100,000.00 = $2,000.00");
}

TEST(RiskEngine, PositionValueExactlyAtMaxPositionPctThenAllowed) {
  expect_allowed(engine().check(buy("20"), base_context()));
}

TEST(RiskEngine, ExistingPositionCountsTowardsMaxPositionSize) {
  auto ctx = base_context();
  ctx.positions["AAPL"] = position("15", "100", "95");
  expect_denied(engine().check(buy("10"), ctx), RiskRule::MaxPositionSize);
}

// --- Min position value ---

TEST(RiskEngine, PositionValueBelowMinimumThenDenied) {
  const auto decision = engine().check(buy("4"), base_context());
  expect_denied(decision, RiskRule::MinPositionValue);
  EXPECT_EQ(decision.reason, "position value $400.00 in AAPL is below min_position_value $500.00");
}

TEST(RiskEngine, PositionValueAtMinimumThenAllowed) {
  expect_allowed(engine().check(buy("5"), base_context()));
}

// --- Max order notional ---

TEST(RiskEngine, OrderNotionalAboveLimitThenDenied) {
  auto ctx = base_context();
  ctx.equity = d("1000000");
  ctx.day_start_equity = d("1000000");
  const auto decision = engine().check(buy("125"), ctx);
  expect_denied(decision, RiskRule::MaxOrderNotional);
  EXPECT_EQ(decision.reason, "order notional $12,500.00 exceeds max_order_notional $10,000.00");
}

TEST(RiskEngine, OrderNotionalAtLimitThenAllowed) {
  auto ctx = base_context();
  ctx.equity = d("1000000");
  ctx.day_start_equity = d("1000000");
  expect_allowed(engine().check(buy("100"), ctx));
}

// --- Max daily notional ---

TEST(RiskEngine, DailyNotionalAboveLimitThenDenied) {
  auto ctx = base_context();
  ctx.notional_today = d("99000");
  const auto decision = engine().check(buy("15"), ctx);
  expect_denied(decision, RiskRule::MaxDailyNotional);
  EXPECT_EQ(decision.reason,
            "daily notional $99,000.00 + order $1,500.00 = $100,500.00 exceeds max_daily_notional $100,000.00");
}

TEST(RiskEngine, DailyNotionalReachingLimitExactlyThenAllowed) {
  auto ctx = base_context();
  ctx.notional_today = d("98500");
  expect_allowed(engine().check(buy("15"), ctx));
}

// --- Max leverage ---

TEST(RiskEngine, GrossExposureAboveMaxLeverageThenDenied) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("1995", "100", "99.9");  // $199,500 gross, $199.50 heat
  const auto decision = engine().check(buy("10"), ctx);
  expect_denied(decision, RiskRule::MaxLeverage);
  EXPECT_EQ(decision.reason, "gross exposure $200,500.00 would be 2.01x equity $100,000.00; max_leverage 2x");
}

TEST(RiskEngine, GrossExposureAtMaxLeverageThenAllowed) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("1995", "100", "99.9");
  expect_allowed(engine().check(buy("5"), ctx));
}

TEST(RiskEngine, ShortPositionsCountTowardsGrossExposure) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("-1995", "100", "100.1");
  expect_denied(engine().check(buy("10"), ctx), RiskRule::MaxLeverage);
}

TEST(RiskEngine, NonPositiveEquityThenEntryDenied) {
  auto ctx = base_context();
  ctx.equity = d("0");
  RiskLimits limits;
  limits.min_position_value = d("0");
  limits.max_position_pct = d("100");
  // Size rule: value $1,000 > 100 % of $0.
  expect_denied(engine(limits).check(buy("10"), ctx), RiskRule::MaxPositionSize);
}

// --- Portfolio heat ---

TEST(RiskEngine, PortfolioHeatAboveLimitThenDenied) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("100", "100", "50");  // $5,000 to its stop
  // The entry has no planned stop: its whole $1,100 counts.
  const auto decision = engine().check(buy("11"), ctx);
  expect_denied(decision, RiskRule::PortfolioHeat);
  EXPECT_EQ(decision.reason,
            "portfolio heat $6,100.00 (6.1% of equity $100,000.00) exceeds max_portfolio_heat_pct 6% = $6,000.00");
}

TEST(RiskEngine, PortfolioHeatAtLimitThenAllowed) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("100", "100", "50");
  expect_allowed(engine().check(buy("10"), ctx));
}

TEST(RiskEngine, PlannedEntryStopCountsOnlyTheDistanceToIt) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("100", "100", "50");
  ctx.entry_stop = d("95");  // 15 x $5 = $75
  expect_allowed(engine().check(buy("15"), ctx));
}

TEST(RiskEngine, PositionWithoutStopCountsItsWholeValueAsHeat) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("60", "100");  // no stop: $6,000
  ctx.entry_stop = d("90");                        // 10 x $10 = $100
  expect_denied(engine().check(buy("10"), ctx), RiskRule::PortfolioHeat);
  ctx.positions["MSFT"].stop = d("90");            // now $600
  expect_allowed(engine().check(buy("10"), ctx));
}

TEST(RiskEngine, ShortPositionHeatIsTheDistanceUpToItsStop) {
  auto ctx = base_context();
  ctx.positions["MSFT"] = position("-100", "100", "150");  // $5,000 up to its stop
  expect_denied(engine().check(buy("11"), ctx), RiskRule::PortfolioHeat);
  ctx.positions["MSFT"].stop = d("149");
  expect_allowed(engine().check(buy("11"), ctx));
}

// --- Daily loss limit ---

TEST(RiskEngine, DailyLossLimitReachedThenEntryDeniedAndKillSwitchMustTripWithKindLoss) {
  auto ctx = base_context();
  ctx.equity = d("99500");
  const auto decision = engine().check(buy("10"), ctx);
  expect_denied(decision, RiskRule::DailyLossLimit);
  ASSERT_TRUE(decision.trip_kill_switch.has_value());
  EXPECT_EQ(*decision.trip_kill_switch, KillSwitchKind::Loss);
  EXPECT_EQ(decision.reason,
            "day loss $500.00 reached daily_loss_limit_pct 0.5% of day-start equity $100,000.00 = $500.00; "
            "kill switch must trip (kind=loss)");
}

TEST(RiskEngine, DailyLossJustBelowLimitThenAllowedAndNoTrip) {
  auto ctx = base_context();
  ctx.equity = d("99500.01");
  const auto decision = engine().check(buy("10"), ctx);
  expect_allowed(decision);
  EXPECT_FALSE(decision.trip_kill_switch.has_value());
}

TEST(RiskEngine, StopExitAllowedAfterDailyLossLimitReached) {
  auto ctx = base_context();
  ctx.equity = d("90000");
  ctx.positions["AAPL"] = position("50", "100", "95");
  const auto decision = engine().check(sell_exit("50", OrderPurpose::Stop), ctx);
  expect_allowed(decision);
  EXPECT_FALSE(decision.trip_kill_switch.has_value());
}

// --- Cooldown ---

TEST(RiskEngine, SameSideOrderWithinCooldownThenDenied) {
  auto ctx = base_context();
  ctx.last_trades["AAPL"].buy = kNow - 599s;
  const auto decision = engine().check(buy("10"), ctx);
  expect_denied(decision, RiskRule::Cooldown);
  EXPECT_EQ(decision.reason, "BUY 10 AAPL 599 s after the last BUY on AAPL; cooldown 600 s");
}

TEST(RiskEngine, SameSideOrderAfterCooldownThenAllowed) {
  auto ctx = base_context();
  ctx.last_trades["AAPL"].buy = kNow - 600s;
  expect_allowed(engine().check(buy("10"), ctx));
}

TEST(RiskEngine, CooldownIsPerSideAndPerSymbol) {
  auto ctx = base_context();
  ctx.last_trades["AAPL"].sell = kNow - 10s;
  ctx.last_trades["MSFT"].buy = kNow - 10s;
  expect_allowed(engine().check(buy("10"), ctx));
}

// --- Exits skip the entry rules ---

TEST(RiskEngine, ReducingExitSkipsEveryEntryRule) {
  auto ctx = with_open_positions(25);                // above max open positions
  ctx.positions["AAPL"] = position("500", "100");   // $50,000: size, heat
  ctx.notional_today = d("500000");                 // daily notional
  ctx.equity = d("80000");                          // daily loss, leverage
  ctx.last_trades["AAPL"].sell = kNow - 1s;         // cooldown
  expect_allowed(engine().check(sell_exit("500"), ctx));  // $50,000 order notional
  expect_allowed(engine().check(sell_exit("200", OrderPurpose::Stop), ctx));
}

TEST(RiskEngine, ExitLargerThanThePositionIsJudgedAsAnEntry) {
  auto ctx = base_context();
  ctx.positions["AAPL"] = position("10", "100", "95");
  // Selling 40 flips to 30 short: $3,000 > 2 % of equity.
  expect_denied(engine().check(sell_exit("40"), ctx), RiskRule::MaxPositionSize);
  EXPECT_FALSE(RiskEngine::reduces_position(sell_exit("40"), ctx));
  EXPECT_TRUE(RiskEngine::reduces_position(sell_exit("10"), ctx));
}

TEST(RiskEngine, BuyToCoverAShortIsAReducingExit) {
  auto ctx = base_context();
  ctx.positions["AAPL"] = position("-300", "100", "105");
  ctx.kill_switch = KillSwitchState{true, KillSwitchKind::Loss, "day loss", kNow, "", "", Timestamp{}};
  auto cover = buy("300");
  cover.purpose = OrderPurpose::Stop;
  expect_allowed(engine().check(cover, ctx));
}

// --- Order of the checks ---

TEST(RiskEngine, ChecksRunInTheDocumentedOrderAndTheFirstFailureIsTheDenial) {
  // Everything below is violated at once; each step repairs the rule just reported, and the next
  // rule in the documented order must be the one reported.
  RiskLimits limits;
  limits.min_position_value = d("5000");
  limits.max_order_notional = d("5000");
  auto ctx = base_context();
  ctx.kill_switch = KillSwitchState{true, KillSwitchKind::Manual, "operator", kNow, "", "", Timestamp{}};
  ctx.quote = quote_at(kNow - 60s);
  for (int i = 0; i < 20; ++i) ctx.positions["S" + std::to_string(i)] = position("100", "100", "98");
  ctx.notional_today = d("99000");
  ctx.day_start_equity = d("101000");
  ctx.last_trades["AAPL"].buy = kNow - 60s;
  auto in = buy("30");  // $3,000
  in.reference_price.reset();

  auto expect_next = [&](RiskRule rule) {
    const auto decision = RiskEngine::create(limits).value().check(in, ctx);
    expect_denied(decision, rule);
  };
  expect_next(RiskRule::KillSwitch);
  ctx.kill_switch = {};
  expect_next(RiskRule::StaleQuote);
  ctx.quote = Quote{};
  ctx.quote->time = kNow;
  expect_next(RiskRule::PriceUnknown);
  in.reference_price = d("100");
  expect_next(RiskRule::MaxOpenPositions);
  limits.max_open_positions = 30;
  expect_next(RiskRule::MaxPositionSize);
  limits.max_position_pct = d("10");
  expect_next(RiskRule::MinPositionValue);
  limits.min_position_value = d("500");
  limits.max_order_notional = d("2500");
  expect_next(RiskRule::MaxOrderNotional);
  limits.max_order_notional = d("10000");
  expect_next(RiskRule::MaxDailyNotional);
  ctx.notional_today = d("0");
  expect_next(RiskRule::MaxLeverage);
  limits.max_leverage = d("3");
  expect_next(RiskRule::PortfolioHeat);
  ctx.entry_stop = d("99");
  expect_next(RiskRule::DailyLossLimit);
  ctx.day_start_equity = d("100000");
  expect_next(RiskRule::Cooldown);
  ctx.last_trades.clear();
  expect_allowed(RiskEngine::create(limits).value().check(in, ctx));
}

}  // namespace
}  // namespace rt::trading
