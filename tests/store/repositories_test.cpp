#include <gtest/gtest.h>

#include "store/kill_switch_repository.hpp"
#include "store/stop_repository.hpp"
#include "store/temp_dir.hpp"

namespace rt::store {
namespace {

using namespace std::chrono_literals;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::seconds{1'710'511'200}};

class RepositoriesTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    db_.reset();
    auto db = Database::open(dir_.file("rt.db"));
    ASSERT_TRUE(db) << db.error().describe();
    db_.emplace(std::move(*db));
  }
  testing::TempDir dir_;
  std::optional<Database> db_;
};

TEST_F(RepositoriesTest, StopsRoundTripAndATrailingStopKeepsItsHighWaterMark) {
  StopRepository stops(*db_);
  StopRecord fixed{"AAPL", StopKind::Fixed, d("145.5"), std::nullopt, kT0};
  StopRecord trailing{"MSFT", StopKind::Trailing, d("390"), d("410.25"), kT0};
  ASSERT_TRUE(stops.save(fixed));
  ASSERT_TRUE(stops.save(trailing));
  trailing.level = d("395");
  trailing.high_water = d("415.25");
  trailing.updated_at = kT0 + 1min;
  ASSERT_TRUE(stops.save(trailing));
  reopen();
  StopRepository again(*db_);
  auto all = again.load_all();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0), fixed);
  EXPECT_EQ(all->at(1), trailing);
  ASSERT_TRUE(again.remove("AAPL"));
  EXPECT_FALSE(again.find("AAPL").value().has_value());
  EXPECT_EQ(again.find("MSFT").value(), trailing);
}

TEST_F(RepositoriesTest, TrailingStopWithoutHighWaterMarkIsRefusedByTheSchema) {
  StopRepository stops(*db_);
  auto st = stops.save(StopRecord{"AAPL", StopKind::Trailing, d("100"), std::nullopt, kT0});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kStorage);
  EXPECT_NE(st.error().message.find("CHECK"), std::string::npos);
}

TEST_F(RepositoriesTest, KillSwitchStartsReleased) {
  KillSwitchRepository ks(*db_);
  auto st = ks.load();
  ASSERT_TRUE(st);
  EXPECT_FALSE(st->engaged);
  EXPECT_EQ(st->kind, KillSwitchKind::None);
}

TEST_F(RepositoriesTest, LossTripPersistsWithItsReasonAcrossRestart) {
  KillSwitchState tripped{true, KillSwitchKind::Loss, "daily loss -2150.00 below limit -2000", kT0};
  ASSERT_TRUE(KillSwitchRepository(*db_).save(tripped));
  reopen();
  EXPECT_EQ(KillSwitchRepository(*db_).load().value(), tripped);
  KillSwitchState released{false, KillSwitchKind::None, "reset by operator", kT0 + 1h};
  ASSERT_TRUE(KillSwitchRepository(*db_).save(released));
  EXPECT_EQ(KillSwitchRepository(*db_).load().value(), released);
}

TEST_F(RepositoriesTest, KillSwitchEngagedWithoutAKindIsRefused) {
  EXPECT_FALSE(KillSwitchRepository(*db_).save(KillSwitchState{true, KillSwitchKind::None, "?", kT0}));
  EXPECT_FALSE(KillSwitchRepository(*db_).load()->engaged);
}

}  // namespace
}  // namespace rt::store
