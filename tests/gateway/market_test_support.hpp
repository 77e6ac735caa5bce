#pragma once
// Shared pieces of the market tests: a sans-I/O session fixture on a manual simulated clock, and
// typed decoding of what a session sends.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "gateway/gateway_session.hpp"
#include "gateway/market.hpp"
#include "gateway_test_support.hpp"
#include "trading/market/eastern_time.hpp"
#include "tws/messages/codec.hpp"

namespace rt::gateway::testing {

// New York local time on a date, as a UTC instant.
inline Timestamp new_york(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  using namespace std::chrono;
  return trading::EasternTime::to_utc(year_month_day{year{y}, month{m}, day{d}}, minutes(hh * 60 + mm)) + seconds(ss);
}

// 2025-01-15 (a Wednesday) 10:00 New York.
inline Timestamp market_morning() { return new_york(2025, 1, 15, 10, 0); }

inline std::vector<tws::Response> decode_frames(const std::vector<std::string>& frames, int server_version) {
  std::vector<tws::Response> all;
  for (const auto& f : frames) {
    auto r = tws::decode_response(payload_of(f), server_version);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message) << " in " << tws::describe_payload(payload_of(f));
    if (r) all.push_back(std::move(*r));
  }
  return all;
}

template <class T>
std::vector<T> only(const std::vector<tws::Response>& all) {
  std::vector<T> out;
  for (const auto& r : all) {
    if (const auto* m = std::get_if<T>(&r)) out.push_back(*m);
  }
  return out;
}

inline std::vector<int> error_codes(const std::vector<tws::Response>& all, std::int64_t id) {
  std::vector<int> codes;
  for (const auto& e : only<tws::ErrorMessage>(all)) {
    if (e.id == id) codes.push_back(e.code);
  }
  return codes;
}

inline tws::Contract stock(const std::string& symbol) {
  tws::Contract c;
  c.symbol = symbol;
  return c;
}

// A ready session (START_API done) over a Market on a manual clock.
class MarketSessionFixture : public ::testing::Test {
 protected:
  MarketSessionFixture() : clock_(market_morning()) {}

  GatewaySession& session(int client_max = 193) {
    if (!session_) {
      auto made = make_accounts(config_);
      accounts_ = made.value_or(std::vector<Account>{});
      market_ = std::make_unique<Market>(config_.market, clock_);
      EXPECT_TRUE(market_->load().has_value());
      ctx_.emplace(GatewayContext{config_, clock_, accounts_, clients_, *market_, limits_, clock_});
      session_ = std::make_unique<GatewaySession>(*ctx_, 1);
      auto hello = session_->on_bytes(tws::encode_preamble(tws::VersionRange{100, client_max, ""}));
      EXPECT_EQ(hello.frames.size(), 1U);
      sv_ = session_->stats().server_version;
      auto started = session_->on_bytes(tws::encode(tws::StartApi{7, ""}, sv_));
      EXPECT_EQ(session_->state(), SessionState::kReady);
    }
    return *session_;
  }

  template <class M>
  std::vector<tws::Response> request(const M& m) {
    auto& s = session();
    last_ = s.on_bytes(tws::encode(tws::Request{m}, sv_));
    return decode_frames(last_.frames, sv_);
  }

  std::vector<tws::Response> poll() {
    last_ = session().poll_market();
    return decode_frames(last_.frames, sv_);
  }

  // (public: the model and server tests build their requests with it too)
 public:
  static tws::ReqHistoricalData history(int req_id, const std::string& symbol, const std::string& bar,
                                        const std::string& duration, const std::string& end = "") {
    tws::ReqHistoricalData r;
    r.req_id = req_id;
    r.contract = stock(symbol);
    r.end_date_time = end;
    r.bar_size = bar;
    r.duration = duration;
    r.use_rth = true;
    r.what_to_show = "TRADES";
    r.format_date = 1;
    return r;
  }

 protected:

  GatewayConfig config_;
  ManualClock clock_;
  std::vector<Account> accounts_;
  ClientRegistry clients_;
  std::unique_ptr<Market> market_;
  LimitCounters limits_;
  std::optional<GatewayContext> ctx_;
  std::unique_ptr<GatewaySession> session_;
  SessionOutput last_;
  int sv_ = 0;
};

}  // namespace rt::gateway::testing
