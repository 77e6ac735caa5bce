#include "trading/risk/kill_switch.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono_literals;

const Timestamp kT0 = Timestamp{std::chrono::seconds{1'710'000'000}};

TEST(KillSwitch, StartsDisengagedAndAllowsEverything) {
  KillSwitch ks;
  EXPECT_FALSE(ks.engaged());
  EXPECT_EQ(ks.kind(), KillSwitchKind::None);
  EXPECT_TRUE(ks.allows(OrderPurpose::Entry));
  EXPECT_TRUE(ks.allows(OrderPurpose::Exit));
  EXPECT_TRUE(ks.allows(OrderPurpose::Stop));
}

TEST(KillSwitch, EngagedThenEntriesBlockedAndExitsAndStopsAllowed) {
  KillSwitch ks;
  EXPECT_TRUE(ks.trip(KillSwitchKind::Loss, "day loss $600.00", kT0));
  EXPECT_TRUE(ks.engaged());
  EXPECT_FALSE(ks.allows(OrderPurpose::Entry));
  EXPECT_TRUE(ks.allows(OrderPurpose::Exit));
  EXPECT_TRUE(ks.allows(OrderPurpose::Stop));
  EXPECT_EQ(ks.reason(), "day loss $600.00");
  EXPECT_EQ(ks.time(), kT0);
}

TEST(KillSwitch, LossTripDoesNotClearWhenTheConnectionIsHealthy) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Loss, "day loss", kT0);
  EXPECT_FALSE(ks.on_connection_healthy(kT0 + 1s));
  EXPECT_TRUE(ks.engaged());
  EXPECT_EQ(ks.kind(), KillSwitchKind::Loss);
}

TEST(KillSwitch, LossTripNeedsAnExplicitResetNamingWhoAndWhy) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Loss, "day loss", kT0);
  EXPECT_FALSE(ks.reset("", "reviewed", kT0 + 1s));
  EXPECT_FALSE(ks.reset("alice", "", kT0 + 1s));
  EXPECT_TRUE(ks.engaged());
  ASSERT_TRUE(ks.reset("alice", "losses reviewed, limits unchanged", kT0 + 2s));
  EXPECT_FALSE(ks.engaged());
  EXPECT_EQ(ks.kind(), KillSwitchKind::None);
  EXPECT_TRUE(ks.allows(OrderPurpose::Entry));
  EXPECT_EQ(ks.state().reset_by, "alice");
  EXPECT_EQ(ks.state().reset_reason, "losses reviewed, limits unchanged");
  EXPECT_EQ(ks.state().reset_at, kT0 + 2s);
}

TEST(KillSwitch, ManualTripNeedsAnExplicitReset) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Manual, "operator stop", kT0);
  EXPECT_FALSE(ks.on_connection_healthy(kT0 + 1s));
  EXPECT_TRUE(ks.engaged());
  EXPECT_TRUE(ks.reset("bob", "resume", kT0 + 2s));
  EXPECT_FALSE(ks.engaged());
}

TEST(KillSwitch, ConnectionTripClearsItselfWhenTheConnectionIsHealthy) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Connection, "1100 connectivity lost", kT0);
  EXPECT_FALSE(ks.allows(OrderPurpose::Entry));
  EXPECT_TRUE(ks.on_connection_healthy(kT0 + 30s));
  EXPECT_FALSE(ks.engaged());
  EXPECT_EQ(ks.state().reset_by, "connection");
  EXPECT_FALSE(ks.on_connection_healthy(kT0 + 31s));
}

TEST(KillSwitch, ConnectionTripDoesNotReplaceALossTrip) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Loss, "day loss", kT0);
  EXPECT_FALSE(ks.trip(KillSwitchKind::Connection, "1100", kT0 + 1s));
  EXPECT_EQ(ks.kind(), KillSwitchKind::Loss);
  EXPECT_EQ(ks.reason(), "day loss");
  EXPECT_FALSE(ks.on_connection_healthy(kT0 + 2s));
  EXPECT_TRUE(ks.engaged());
}

TEST(KillSwitch, LossTripReplacesAConnectionTrip) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Connection, "1100", kT0);
  EXPECT_TRUE(ks.trip(KillSwitchKind::Loss, "day loss", kT0 + 1s));
  EXPECT_EQ(ks.kind(), KillSwitchKind::Loss);
  EXPECT_FALSE(ks.on_connection_healthy(kT0 + 2s));
  EXPECT_TRUE(ks.engaged());
}

TEST(KillSwitch, ResetWhenNotEngagedFails) {
  KillSwitch ks;
  const auto status = ks.reset("alice", "why not", kT0);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "kill switch is not engaged");
}

TEST(KillSwitch, ATripOfTheKindAlreadyEngagedKeepsWhenAndWhyItFirstTripped) {
  KillSwitch ks;
  EXPECT_TRUE(ks.trip(KillSwitchKind::Loss, "day loss $500.00", kT0));
  EXPECT_FALSE(ks.trip(KillSwitchKind::Loss, "day loss $900.00", kT0 + 1h));
  EXPECT_EQ(ks.state().reason, "day loss $500.00");
  EXPECT_EQ(ks.state().time, kT0);
  // A stronger kind still takes over.
  EXPECT_TRUE(ks.trip(KillSwitchKind::Manual, "operator stop", kT0 + 2h));
  EXPECT_EQ(ks.kind(), KillSwitchKind::Manual);
}

TEST(KillSwitch, StateRoundTripGivesAnIdenticalSwitch) {
  KillSwitch ks;
  ks.trip(KillSwitchKind::Loss, "day loss $512.00", kT0);
  const auto restored = KillSwitch::restore(ks.state());
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->state(), ks.state());
  EXPECT_TRUE(restored->engaged());
  EXPECT_FALSE(restored->allows(OrderPurpose::Entry));
  EXPECT_EQ(restored->kind(), KillSwitchKind::Loss);
}

TEST(KillSwitch, RestoreRefusesInconsistentState) {
  EXPECT_FALSE(KillSwitch::restore(KillSwitchState{true, KillSwitchKind::None, "x", kT0, "", "", Timestamp{}}));
  EXPECT_FALSE(KillSwitch::restore(KillSwitchState{true, KillSwitchKind::Loss, "", kT0, "", "", Timestamp{}}));
  EXPECT_FALSE(KillSwitch::restore(KillSwitchState{false, KillSwitchKind::Loss, "x", kT0, "", "", Timestamp{}}));
  EXPECT_TRUE(KillSwitch::restore(KillSwitchState{}));
}

TEST(KillSwitchKindNames, RoundTripThroughText) {
  for (auto k : {KillSwitchKind::None, KillSwitchKind::Loss, KillSwitchKind::Manual, KillSwitchKind::Connection}) {
    EXPECT_EQ(parse_kill_switch_kind(to_string(k)), k);
  }
  EXPECT_FALSE(parse_kill_switch_kind("LOSS"));
  EXPECT_TRUE(needs_explicit_reset(KillSwitchKind::Loss));
  EXPECT_TRUE(needs_explicit_reset(KillSwitchKind::Manual));
  EXPECT_FALSE(needs_explicit_reset(KillSwitchKind::Connection));
}

}  // namespace
}  // namespace rt::trading
