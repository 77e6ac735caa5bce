#include "core/client_id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rt {
namespace {

TEST(ClientId, DerivedIdsStayInTheirRange) {
  for (int pid = 1; pid < 2000; pid += 7) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      int id = derive_client_id(1'700'000'000'000 + pid, pid, attempt);
      EXPECT_GE(id, kDerivedClientIdMin);
      EXPECT_LE(id, kDerivedClientIdMax);
    }
  }
}

TEST(ClientId, EachRetryGetsAFreshId) {
  std::set<int> ids;
  for (int attempt = 0; attempt < 50; ++attempt) ids.insert(derive_client_id(1'700'000'000'000, 4242, attempt));
  EXPECT_EQ(ids.size(), 50U);
}

TEST(ClientId, TwoProcessesInTheSameMillisecondDiffer) {
  EXPECT_NE(derive_client_id(1'700'000'000'000, 100, 0), derive_client_id(1'700'000'000'000, 101, 0));
}

}  // namespace
}  // namespace rt
