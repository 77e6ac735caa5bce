// Fault specs: parsing, canonical texts, ranges and combinations; the login throttle's rolling
// window; the fault scheduler's timers.
#include "gateway/fault_plan.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

#include "gateway/fault_scheduler.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/login_throttle.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;

TEST(FaultPlanTest, ParsesEverySpecWithItsParameters) {
  FaultPlan p;
  for (const char* spec : {"zombie:4", "reset-after-messages:12:once", "lost-restored:0.5:1.25:data-lost:repeat",
                           "farm-flap:0.05:3", "restart-every:2:0.5", "port-reset-after:7", "throttle:5:0.5",
                           "latency:12.5", "silence-after:0.3:once"}) {
    ASSERT_TRUE(p.add(spec).has_value()) << spec;
  }
  ASSERT_TRUE(p.zombie && p.drop && p.connectivity && p.farm_flap && p.restart && p.port_reset && p.throttle &&
              p.latency && p.silence);
  EXPECT_EQ(p.zombie->stall_after, 4U);
  EXPECT_EQ(p.drop->kind, DropKind::kReset);
  EXPECT_EQ(p.drop->after_messages, 12U);
  EXPECT_FALSE(p.drop->after.has_value());
  EXPECT_TRUE(p.drop->once);
  EXPECT_DOUBLE_EQ(p.connectivity->lost_after.count(), 0.5);
  EXPECT_DOUBLE_EQ(p.connectivity->restored_after.count(), 1.25);
  EXPECT_EQ(p.connectivity->restore, RestoreKind::kDataLost);
  EXPECT_TRUE(p.connectivity->repeat);
  EXPECT_EQ(p.farm_flap->cycles, 3U);
  EXPECT_TRUE(p.restart->repeat);
  EXPECT_DOUBLE_EQ(p.restart->down.count(), 0.5);
  EXPECT_FALSE(p.port_reset->once);
  EXPECT_EQ(p.throttle->max_logins, 5U);
  EXPECT_DOUBLE_EQ(p.throttle->window.count(), 0.5);
  EXPECT_EQ(p.latency->delay, 12500us);
  EXPECT_TRUE(p.silence->once);
  EXPECT_TRUE(validate(p).has_value());
}

TEST(FaultPlanTest, DefaultsWhenOptionalPartsAreLeftOut) {
  FaultPlan p;
  ASSERT_TRUE(p.add("zombie").has_value());
  ASSERT_TRUE(p.add("lost-restored:1:2").has_value());
  ASSERT_TRUE(p.add("farm-flap:1").has_value());
  ASSERT_TRUE(p.add("throttle:3").has_value());
  ASSERT_TRUE(p.add("drop-after:0.25").has_value());
  EXPECT_EQ(p.zombie->stall_after, kDefaultZombieLimit);
  EXPECT_EQ(p.connectivity->restore, RestoreKind::kDataMaintained);
  EXPECT_FALSE(p.connectivity->repeat);
  EXPECT_FALSE(p.farm_flap->cycles.has_value());
  EXPECT_DOUBLE_EQ(p.throttle->window.count(), 60.0);
  EXPECT_EQ(p.drop->kind, DropKind::kClose);
  EXPECT_DOUBLE_EQ(p.drop->after->count(), 0.25);
  EXPECT_FALSE(p.drop->once);
}

TEST(FaultPlanTest, CanonicalSpecsRebuildTheSamePlan) {
  FaultPlan p;
  for (const char* spec : {"zombie", "drop-after:0.25:once", "lost-restored:1:2", "farm-flap:0.5",
                           "restart-after:3:1.5", "throttle:0", "latency:150", "silence-after:2"}) {
    ASSERT_TRUE(p.add(spec).has_value()) << spec;
  }
  FaultPlan again;
  for (const auto& spec : p.specs()) ASSERT_TRUE(again.add(spec).has_value()) << spec;
  EXPECT_EQ(again.specs(), p.specs());
  EXPECT_EQ(p.specs().front(), "zombie:3");
  EXPECT_NE(std::find(p.specs().begin(), p.specs().end(), "drop-after:0.25:once"), p.specs().end());
  EXPECT_NE(std::find(p.specs().begin(), p.specs().end(), "lost-restored:1:2:data-maintained"), p.specs().end());
}

TEST(FaultPlanTest, BadSpecsAreRejectedNamingTheSpecAndThePart) {
  struct Case {
    const char* spec;
    const char* mentions;
  };
  for (const Case c : {Case{"zombie:0", "K"}, Case{"zombie:x", "K"}, Case{"drop-after:-1", "T"},
                       Case{"drop-after:abc", "T"}, Case{"drop-after:nan", "T"}, Case{"reset-after:0", "T"},
                       Case{"drop-after-messages:0", "N"}, Case{"drop-after:1:twice", "twice"},
                       Case{"latency:", "MS"}, Case{"farm-flap:1:0", "COUNT"}, Case{"lost-restored:1", "T1:T2"},
                       Case{"lost-restored:1:2:data-lost:data-maintained", "data-maintained"},
                       Case{"restart-after:1", "T:DOWN"}, Case{"restart-every:1:0", "DOWN"},
                       Case{"throttle:x", "N"}, Case{"throttle:2:0", "WINDOW"}, Case{"silence-after:9999999", "T"},
                       Case{"zombie:2:3", "zombie[:K]"}, Case{"explode:1", "known"}}) {
    FaultPlan p;
    auto st = p.add(c.spec);
    ASSERT_FALSE(st.has_value()) << c.spec;
    EXPECT_NE(st.error().message.find(c.spec), std::string::npos) << st.error().message;
    EXPECT_NE(st.error().message.find(c.mentions), std::string::npos) << st.error().message;
  }
}

TEST(FaultPlanTest, TheSameFaultTwiceOrTwoDropsAreRejected) {
  FaultPlan p;
  ASSERT_TRUE(p.add("latency:5").has_value());
  EXPECT_FALSE(p.add("latency:6").has_value());
  ASSERT_TRUE(p.add("drop-after:1").has_value());
  auto st = p.add("reset-after-messages:3");
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("one drop/reset"), std::string::npos) << st.error().message;
  ASSERT_TRUE(p.add("restart-after:1:1").has_value());
  EXPECT_FALSE(p.add("restart-every:1:1").has_value());
}

TEST(FaultPlanTest, ValidateChecksRangesOfAPlanBuiltInCode) {
  FaultPlan p;
  p.drop = DropFault{};  // neither a count nor a time
  EXPECT_FALSE(validate(p).has_value());
  p.drop->after = FaultSeconds{0.1};
  EXPECT_TRUE(validate(p).has_value());
  p.latency = LatencyFault{0us};
  EXPECT_FALSE(validate(p).has_value());
  p.latency = LatencyFault{1000us};
  p.zombie = ZombieFault{0};
  EXPECT_FALSE(validate(p).has_value());
}

TEST(FaultSpecTest, AddFaultSpecFilesHandshakeFaultsAndPlanFaults) {
  GatewayConfig c;
  ASSERT_TRUE(add_fault_spec(c, "no-version-reply").has_value());
  ASSERT_TRUE(add_fault_spec(c, "zombie:2").has_value());
  ASSERT_TRUE(add_fault_spec(c, "throttle:4").has_value());
  EXPECT_EQ(c.faults, std::vector<Fault>{Fault::kNoVersionReply});
  ASSERT_TRUE(c.fault_plan.zombie.has_value());
  EXPECT_TRUE(validate(c).has_value()) << "zombie and throttle act before the handshake";
  auto bad = add_fault_spec(c, "nonsense");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("nonsense"), std::string::npos);
  EXPECT_NE(bad.error().message.find("client-id-in-use"), std::string::npos);
  EXPECT_NE(bad.error().message.find("silence-after"), std::string::npos);
}

TEST(FaultSpecTest, ZombieThrottleFlapAndLatencyCombine) {
  GatewayConfig c;
  for (const char* spec : {"zombie", "throttle:3:10", "farm-flap:0.5", "latency:20", "lost-restored:1:1",
                           "silence-after:5", "drop-after-messages:100", "restart-every:30:2"}) {
    ASSERT_TRUE(add_fault_spec(c, spec).has_value()) << spec;
  }
  EXPECT_TRUE(validate(c).has_value());
}

TEST(FaultSpecTest, LoginTimedFaultsWithAHandshakeFaultAreRejectedNamingBoth) {
  GatewayConfig c;
  ASSERT_TRUE(add_fault_spec(c, "client-id-in-use").has_value());
  ASSERT_TRUE(add_fault_spec(c, "farm-flap:1").has_value());
  auto st = validate(c);
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("farm-flap:1"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("client-id-in-use"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("logs in"), std::string::npos) << st.error().message;
}

TEST(LoginThrottleTest, AdmitsNPerRollingWindowAndCountsRefusals) {
  LoginThrottle t(2, std::chrono::seconds(60));
  const LoginThrottle::TimePoint t0{};
  EXPECT_TRUE(t.admit(t0));
  EXPECT_TRUE(t.admit(t0 + 10s));
  EXPECT_FALSE(t.admit(t0 + 20s));
  EXPECT_FALSE(t.admit(t0 + 59s));
  EXPECT_EQ(t.refused(), 2U);
  EXPECT_TRUE(t.admit(t0 + 60s));  // the first one left the window
  EXPECT_FALSE(t.admit(t0 + 65s));
  EXPECT_TRUE(t.admit(t0 + 70s));
  EXPECT_EQ(t.refused(), 3U);
  LoginThrottle none(0, std::chrono::seconds(1));
  EXPECT_FALSE(none.admit(t0));
}

TEST(FaultSchedulerTest, RunsActionsInTimeOrderAndNeverAfterCancel) {
  boost::asio::io_context io;
  std::vector<int> ran;
  FaultScheduler s(io.get_executor());
  s.after(FaultSeconds{0.02}, [&] { ran.push_back(2); });
  s.after(FaultSeconds{0.01}, [&] {
    ran.push_back(1);
    s.after(FaultSeconds{0.02}, [&] { ran.push_back(3); });  // re-arming from an action
  });
  EXPECT_EQ(s.pending(), 2U);
  io.run();
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(s.pending(), 0U);

  io.restart();
  s.after(FaultSeconds{0.01}, [&] { ran.push_back(4); });
  s.cancel_all();
  EXPECT_EQ(s.pending(), 0U);
  io.run();
  EXPECT_EQ(ran.size(), 3U);
}

TEST(FaultSchedulerTest, DestroyingTheSchedulerCancelsItsActions) {
  boost::asio::io_context io;
  bool ran = false;
  {
    FaultScheduler s(io.get_executor());
    s.after(FaultSeconds{0.001}, [&] { ran = true; });
  }
  io.run();
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace rt::gateway
