// One configuration vocabulary for `run` and `backtest`: the same file, the same key names, the
// same checks; old names refused with their new one; flags over the file.
#include "apps/commands/backtest_settings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace rt::app {
namespace {

using runner::ConfigOverride;

class BacktestSettingsTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    char tmpl[] = "/tmp/rt-bt-config-XXXXXX";
    auto dir = std::filesystem::path(::mkdtemp(tmpl));
    auto path = dir / "bt.toml";
    std::ofstream(path) << text;
    return path;
  }
  static Result<BacktestSettings> load(std::optional<std::filesystem::path> file,
                                       std::vector<ConfigOverride> overrides = {}) {
    BacktestSettingsInput in;
    in.file = std::move(file);
    in.overrides = std::move(overrides);
    return load_backtest_settings(in);
  }
  static const std::filesystem::path example() {
    return std::filesystem::path(RT_SOURCE_DIR) / "robotrader.example.toml";
  }
};

TEST_F(BacktestSettingsTest, EveryKeyOfTheVocabularyIsReadByTheBacktestOrLiveOnlyAndNeverBoth) {
  std::set<std::string> backtest(backtest_keys().begin(), backtest_keys().end());
  std::set<std::string> live(live_only_keys().begin(), live_only_keys().end());
  for (const auto& key : runner::config_key_names()) {
    EXPECT_NE(backtest.count(key) + live.count(key), 0u) << key << " is in neither list";
    EXPECT_FALSE(backtest.count(key) && live.count(key)) << key << " is in both lists";
  }
  const auto all = runner::config_key_names();
  for (const auto& key : backtest) EXPECT_NE(std::find(all.begin(), all.end(), key), all.end()) << key;
  for (const auto& key : live) EXPECT_NE(std::find(all.begin(), all.end(), key), all.end()) << key;
}

TEST_F(BacktestSettingsTest, TheExampleConfigGivesTheBacktestTheRunsStrategyRiskSizingAndStops) {
  auto run = runner::load_runner_config(example(), {}, {});
  ASSERT_TRUE(run) << run.error().message;
  auto bt = load(example());
  ASSERT_TRUE(bt) << bt.error().message;
  const auto& c = bt->config;
  EXPECT_EQ(c.strategy, run->strategy);
  EXPECT_EQ(c.params, run->strategy_params);
  EXPECT_EQ(c.limits, run->risk);
  EXPECT_EQ(c.sizing.method, backtest::SizingMethod::kFraction);
  EXPECT_EQ(c.sizing.fraction_pct, run->sizing_fraction_pct);
  ASSERT_TRUE(c.trailing_stop_pct.has_value());
  EXPECT_EQ(*c.trailing_stop_pct, run->stop_pct);
  EXPECT_TRUE(bt->notes.empty());
}

TEST_F(BacktestSettingsTest, WithoutAFileOrFlagsTheBacktestKeepsItsDefaults) {
  auto bt = load(std::nullopt);
  ASSERT_TRUE(bt) << bt.error().message;
  const backtest::BacktestConfig defaults;
  EXPECT_EQ(bt->config.strategy, defaults.strategy);
  EXPECT_EQ(bt->config.limits, defaults.limits);
  EXPECT_FALSE(bt->config.trailing_stop_pct.has_value());
  EXPECT_EQ(bt->config.sizing.method, defaults.sizing.method);
  EXPECT_EQ(bt->config.sizing.fraction_pct, defaults.sizing.fraction_pct);
}

TEST_F(BacktestSettingsTest, EachRiskKeySetsTheSameLimitInTheFileOnTheCommandLineAndForTheRun) {
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"kill_switch", "true"},       {"max_open_positions", "7"},    {"max_position_pct", "12.5"},
      {"min_position_value", "250"}, {"max_order_notional", "5000"}, {"max_daily_notional", "70000"},
      {"max_leverage", "1.5"},       {"portfolio_heat_pct", "9"},    {"daily_loss_limit_pct", "1.25"},
      {"cooldown_seconds", "30"},    {"max_quote_age_seconds", "4"}};
  for (const auto& [key, value] : keys) {
    auto run = runner::load_runner_config(std::nullopt, {}, {{"risk." + key, value, "--set"}});
    ASSERT_TRUE(run) << key << ": " << run.error().message;
    ASSERT_NE(run->risk, trading::RiskLimits{})
        << key << " = " << value << " is the default: the case shows nothing";
    auto from_file = load(write("[risk]\n" + key + " = " + value + "\n"));
    ASSERT_TRUE(from_file) << key << ": " << from_file.error().message;
    EXPECT_EQ(from_file->config.limits, run->risk) << key;
    auto from_flag = load(std::nullopt, {{"risk." + key, value, "--risk"}});
    ASSERT_TRUE(from_flag) << key << ": " << from_flag.error().message;
    EXPECT_EQ(from_flag->config.limits, run->risk) << key;
  }
}

TEST_F(BacktestSettingsTest, TheOldBacktestRiskNamesAreRefusedNamingTheNewName) {
  auto heat = load(std::nullopt, {{"risk.max_portfolio_heat_pct", "100", "--risk"}});
  ASSERT_FALSE(heat);
  EXPECT_EQ(heat.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(heat.error().message.find("--risk"), std::string::npos) << heat.error().message;
  EXPECT_NE(heat.error().message.find("'risk.max_portfolio_heat_pct'"), std::string::npos)
      << heat.error().message;
  EXPECT_NE(heat.error().message.find("'risk.portfolio_heat_pct'"), std::string::npos)
      << heat.error().message;
  auto cooldown = load(write("[risk]\nmax_position_pct = 3\ncooldown_s = 0\n"));
  ASSERT_FALSE(cooldown);
  EXPECT_NE(cooldown.error().message.find("bt.toml:3: 'risk.cooldown_s' is an old name"), std::string::npos)
      << cooldown.error().message;
  EXPECT_NE(cooldown.error().message.find("'risk.cooldown_seconds'"), std::string::npos)
      << cooldown.error().message;
}

TEST_F(BacktestSettingsTest, CommandLineKeysOverrideTheFileAndALaterFlagWinsOverAnEarlierOne) {
  auto path =
      write("[trading]\nstrategy = \"momentum\"\n[risk]\nmax_position_pct = 3\nportfolio_heat_pct = 8\n");
  BacktestSettingsInput in;
  in.file = path;
  in.overrides = {{"risk.max_position_pct", "4", "--set"}, {"risk.max_position_pct", "5", "--risk"}};
  in.strategy = "sma_cross";
  auto bt = load_backtest_settings(in);
  ASSERT_TRUE(bt) << bt.error().message;
  EXPECT_EQ(bt->config.limits.max_position_pct, Decimal::from_int(5));
  EXPECT_EQ(bt->config.limits.max_portfolio_heat_pct, Decimal::from_int(8));
  EXPECT_EQ(bt->config.strategy, "sma_cross");
}

TEST_F(BacktestSettingsTest, LiveOnlyKeysAreIgnoredFromTheFileButRefusedFromTheCommandLine) {
  auto bt =
      load(write("[connection]\nport = 4002\n[http]\nenabled = false\n[risk]\nprotection = \"local\"\n"));
  ASSERT_TRUE(bt) << bt.error().message;
  EXPECT_EQ(bt->config.limits, trading::RiskLimits{});
  auto flag = load(std::nullopt, {{"risk.protection", "local", "--risk"}});
  ASSERT_FALSE(flag);
  EXPECT_NE(flag.error().message.find("--risk: risk.protection is read only by a live trader"),
            std::string::npos)
      << flag.error().message;
}

TEST_F(BacktestSettingsTest, ABadValueEvenOfALiveOnlyKeyIsRefusedNamingFileLineAndKey) {
  auto bad = load(write("[risk]\nmax_position_pct = 3\n\nportfolio_heat_pct = \"lots\"\n"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("bt.toml:4: risk.portfolio_heat_pct = lots: must be a number"),
            std::string::npos)
      << bad.error().message;
  auto live = load(write("[trading]\nbar_size = \"7 mins\"\n"));
  ASSERT_FALSE(live);
  EXPECT_NE(live.error().message.find("bt.toml:2: trading.bar_size = 7 mins"), std::string::npos)
      << live.error().message;
  auto unknown = load(write("[risk]\nmax_positon_pct = 3\n"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("bt.toml:2: unknown key 'risk.max_positon_pct'"), std::string::npos)
      << unknown.error().message;
}

TEST_F(BacktestSettingsTest, AtrSizingRisksTheFractionOverTheAtrMultipleAsLive) {
  auto bt = load(write("[sizing]\nmethod = \"atr\"\nfraction_pct = 1.5\natr_multiplier = 3\n"));
  ASSERT_TRUE(bt) << bt.error().message;
  EXPECT_EQ(bt->config.sizing.method, backtest::SizingMethod::kAtr);
  EXPECT_EQ(bt->config.sizing.risk_pct, Decimal::from_raw(150'000'000));
  EXPECT_EQ(bt->config.sizing.atr_multiple, Decimal::from_int(3));
}

TEST_F(BacktestSettingsTest, WhatTheBacktesterCannotSimulateIsRefusedOrNotedNamingTheKey) {
  auto kelly = load(write("[sizing]\nmethod = \"half_kelly\"\n"));
  ASSERT_FALSE(kelly);
  EXPECT_NE(kelly.error().message.find("bt.toml:2: sizing.method = half_kelly"), std::string::npos)
      << kelly.error().message;
  auto tiered = load(write("[sim]\ncommission = \"tiered\"\n"));
  ASSERT_FALSE(tiered);
  EXPECT_NE(tiered.error().message.find("bt.toml:2: sim.commission = tiered"), std::string::npos)
      << tiered.error().message;
  auto take_profit = load(write("[stops]\ntake_profit_pct = 4\n"));
  ASSERT_TRUE(take_profit) << take_profit.error().message;
  ASSERT_EQ(take_profit->notes.size(), 1u);
  EXPECT_NE(take_profit->notes[0].find("bt.toml:2: stops.take_profit_pct = 4"), std::string::npos)
      << take_profit->notes[0];
  auto no_trailing = load(write("[stops]\ntrailing = false\npercent = 5\n"));
  ASSERT_TRUE(no_trailing) << no_trailing.error().message;
  EXPECT_FALSE(no_trailing->config.trailing_stop_pct.has_value());
}

TEST_F(BacktestSettingsTest, AStrategyParameterTheStrategyDoesNotTakeIsRefused) {
  auto bt = load(std::nullopt, {{"strategy.params.fats", "5", "--param"}});
  ASSERT_FALSE(bt);
  EXPECT_NE(bt.error().message.find("fats"), std::string::npos) << bt.error().message;
}

}  // namespace
}  // namespace rt::app
