#include "runner/runner_config.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace rt::runner {
namespace {

class RunnerConfigTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    char tmpl[] = "/tmp/rt-config-XXXXXX";
    auto dir = std::filesystem::path(::mkdtemp(tmpl));
    auto path = dir / "robotrader.toml";
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(RunnerConfigTest, DefaultsAreValid) {
  auto c = load_runner_config(std::nullopt, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->strategy, "sma_cross");
  EXPECT_EQ(c->risk.max_open_positions, 20);
  EXPECT_EQ(c->port, "7497");
}

TEST_F(RunnerConfigTest, FileValuesAreApplied) {
  auto path = write(R"(
[connection]
port = 4002
[trading]
symbols = ["aapl", "MSFT"]
strategy = "momentum"
[risk]
max_position_pct = 1.5
max_open_positions = 5
[strategy.params]
rsi_period = "10"
)");
  auto c = load_runner_config(path, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->port, "4002");
  EXPECT_EQ(c->symbols, (std::vector<std::string>{"AAPL", "MSFT"}));
  EXPECT_EQ(c->strategy, "momentum");
  EXPECT_EQ(c->risk.max_position_pct, *Decimal::parse("1.5"));
  EXPECT_EQ(c->risk.max_open_positions, 5);
}

TEST_F(RunnerConfigTest, MisspelledKeyStopsTheStartNamingKeyFileAndLine) {
  auto path = write("[risk]\nmax_postion_pct = 2\n");
  auto c = load_runner_config(path, {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("unknown key 'risk.max_postion_pct'"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("robotrader.toml:2"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("risk.max_position_pct"), std::string::npos) << "lists the known keys";
}

TEST_F(RunnerConfigTest, OutOfRangeValueNamesTheKeyAndTheRange) {
  auto path = write("[risk]\nmax_position_pct = 150\n");
  auto c = load_runner_config(path, {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("risk.max_position_pct = 150"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("(0, 100]"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, AnUnknownBarSizeIsRefusedAtLoadNamingFileLineAndTheSizesAllowed) {
  auto path = write("[trading]\nsymbols = [\"AAPL\"]\nbar_size = \"7 mins\"\n");
  auto c = load_runner_config(path, {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("robotrader.toml:3"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("trading.bar_size = 7 mins"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("5 mins"), std::string::npos) << "lists the sizes allowed";
  auto good = write("[trading]\nbar_size = \"15 secs\"\n");
  auto ok = load_runner_config(good, {}, {});
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->bar_size, "15 secs");
}

TEST_F(RunnerConfigTest, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  auto path = write("[risk]\nmax_open_positions = 5\n");
  auto c = load_runner_config(path, {{"ROBOTRADER_RISK_MAX_OPEN_POSITIONS", "7"}}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->risk.max_open_positions, 7);
  c = load_runner_config(path, {{"ROBOTRADER_RISK_MAX_OPEN_POSITIONS", "7"}},
                         {{"risk.max_open_positions", "9", "--set"}});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->risk.max_open_positions, 9);
}

TEST_F(RunnerConfigTest, MismatchPolicyAndStartupWaitAreReadAndAnUnknownPolicyIsRefused) {
  auto c = load_runner_config(std::nullopt, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->on_mismatch, MismatchPolicy::kHalt);
  EXPECT_EQ(c->startup_wait_seconds, 0.0);  // until stopped
  auto path = write("[reconcile]\non_mismatch = \"adopt\"\n[connection]\nstartup_wait_seconds = 90\n");
  c = load_runner_config(path, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->on_mismatch, MismatchPolicy::kAdopt);
  EXPECT_EQ(c->startup_wait_seconds, 90.0);
  c = load_runner_config(std::nullopt, {{"ROBOTRADER_RECONCILE_ON_MISMATCH", "ignore"}}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("halt or adopt"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, TheMarginCheckIsOffByDefaultAndItsLimitIsAPercentInRange) {
  auto c = load_runner_config(std::nullopt, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_FALSE(c->margin_check);
  EXPECT_EQ(c->max_margin_pct, Decimal::from_int(100));
  c = load_runner_config(write("[risk]\nmargin_check = true\nmax_margin_pct = 40\n"), {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_TRUE(c->margin_check);
  EXPECT_EQ(c->max_margin_pct, Decimal::from_int(40));
  c = load_runner_config(write("[risk]\nmax_margin_pct = 140\n"), {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("risk.max_margin_pct"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, ProtectionAndTheRestartWindowAreReadAndCheckedNamingTheKey) {
  auto c = load_runner_config(std::nullopt, {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->protection, trading::Protection::kBroker);
  ASSERT_TRUE(c->restart_window);
  c = load_runner_config(write("[risk]\nprotection = \"both\"\n[connection]\nrestart_window = \"23:30-00:30\"\n"), {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->protection, trading::Protection::kBoth);
  EXPECT_EQ(c->restart_window->first, std::chrono::hours(23) + std::chrono::minutes(30));
  EXPECT_EQ(c->restart_window->second, std::chrono::minutes(30));
  c = load_runner_config(write("[connection]\nrestart_window = \"\"\n"), {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_FALSE(c->restart_window);
  for (const char* bad : {"[risk]\nprotection = \"remote\"\n", "[connection]\nrestart_window = \"25:00-01:00\"\n",
                          "[connection]\nrestart_window = \"23:40\"\n"}) {
    c = load_runner_config(write(bad), {}, {});
    ASSERT_FALSE(c.has_value()) << bad;
    const bool named = c.error().message.find("risk.protection") != std::string::npos ||
                       c.error().message.find("connection.restart_window") != std::string::npos;
    EXPECT_TRUE(named) << c.error().message;
  }
}

TEST_F(RunnerConfigTest, AnOldKeyNameIsRefusedNamingTheKeyWhereItCameFromAndTheNewName) {
  auto c = load_runner_config(write("[risk]\nmax_portfolio_heat_pct = 6\n"), {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("robotrader.toml:2: 'risk.max_portfolio_heat_pct' is an old name: the key is now "
                                   "'risk.portfolio_heat_pct'"),
            std::string::npos)
      << c.error().message;
  c = load_runner_config(std::nullopt, {}, {{"risk.cooldown_s", "60", "--set"}});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("--set: 'risk.cooldown_s' is an old name: the key is now 'risk.cooldown_seconds'"),
            std::string::npos)
      << c.error().message;
}

TEST_F(RunnerConfigTest, AHistoryDurationTwsWouldRefuseIsRefusedAtLoadNamingFileAndLine) {
  auto ok = load_runner_config(write("[trading]\nhistory_duration = \"3 W\"\n"), {}, {});
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->history_duration, "3 W");
  for (const char* bad : {"2 days", "2D", "0 D", "-1 D", "D", ""}) {
    auto c = load_runner_config(write(std::string("[trading]\n\nhistory_duration = \"") + bad + "\"\n"), {}, {});
    ASSERT_FALSE(c.has_value()) << bad;
    EXPECT_NE(c.error().message.find("robotrader.toml:3: trading.history_duration = "), std::string::npos)
        << c.error().message;
    EXPECT_NE(c.error().message.find("a TWS duration"), std::string::npos) << c.error().message;
  }
}

TEST_F(RunnerConfigTest, BadEnvironmentValueNamesTheVariable) {
  auto c = load_runner_config(std::nullopt, {{"ROBOTRADER_CONNECTION_PORT", "99999"}}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("ROBOTRADER_CONNECTION_PORT"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, InvalidSymbolIsRejected) {
  auto c = load_runner_config(std::nullopt, {}, {{"trading.symbols", "AAPL,$$$", "--symbols"}});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("'$$$'"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, StrategyParametersAreValidatedByTheStrategy) {
  auto c = load_runner_config(std::nullopt, {}, {{"strategy.params.fast", "50", "--param"},
                                                  {"strategy.params.slow", "20", "--param"}});
  EXPECT_FALSE(c.has_value()) << "fast must be below slow";
}

TEST_F(RunnerConfigTest, TomlSyntaxErrorNamesFileAndLine) {
  auto path = write("[risk\nmax_open_positions = 5\n");
  auto c = load_runner_config(path, {}, {});
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("robotrader.toml:1"), std::string::npos) << c.error().message;
}

TEST_F(RunnerConfigTest, TheAnnotatedExampleLoads) {
  auto c = load_runner_config(std::filesystem::path(RT_SOURCE_DIR) / "robotrader.example.toml", {}, {});
  ASSERT_TRUE(c.has_value()) << c.error().message;
}

}  // namespace
}  // namespace rt::runner
