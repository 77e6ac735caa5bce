#include "gateway/unserved_requests.hpp"

#include <array>

namespace rt::gateway {
namespace {

// Layouts at server versions 157-200 (TWS_PROTOCOL.md §3.1): a leading version field puts the
// request id second.
constexpr std::array<UnservedRequest, 32> kUnserved{{
    {12, "REQ_NEWS_BULLETINS", -1},
    {13, "CANCEL_NEWS_BULLETINS", -1},
    {18, "REQ_FA", -1},
    {19, "REPLACE_FA", 1},
    {21, "EXERCISE_OPTIONS", 1},
    {22, "REQ_SCANNER_SUBSCRIPTION", 0},
    {23, "CANCEL_SCANNER_SUBSCRIPTION", 1},
    {24, "REQ_SCANNER_PARAMETERS", -1},
    {52, "REQ_FUNDAMENTAL_DATA", 1},
    {53, "CANCEL_FUNDAMENTAL_DATA", 1},
    {54, "REQ_CALC_IMPLIED_VOLAT", 1},
    {55, "REQ_CALC_OPTION_PRICE", 1},
    {56, "CANCEL_CALC_IMPLIED_VOLAT", 1},
    {57, "CANCEL_CALC_OPTION_PRICE", 1},
    {65, "VERIFY_REQUEST", -1},
    {66, "VERIFY_MESSAGE", -1},
    {67, "QUERY_DISPLAY_GROUPS", 1},
    {68, "SUBSCRIBE_TO_GROUP_EVENTS", 1},
    {69, "UPDATE_DISPLAY_GROUP", 1},
    {70, "UNSUBSCRIBE_FROM_GROUP_EVENTS", 1},
    {72, "VERIFY_AND_AUTH_REQUEST", -1},
    {73, "VERIFY_AND_AUTH_MESSAGE", -1},
    {79, "REQ_SOFT_DOLLAR_TIERS", 0},
    {82, "REQ_MKT_DEPTH_EXCHANGES", -1},
    {84, "REQ_NEWS_ARTICLE", 0},
    {85, "REQ_NEWS_PROVIDERS", -1},
    {86, "REQ_HISTORICAL_NEWS", 0},
    {100, "REQ_WSH_META_DATA", 0},
    {101, "CANCEL_WSH_META_DATA", 0},
    {102, "REQ_WSH_EVENT_DATA", 0},
    {103, "CANCEL_WSH_EVENT_DATA", 0},
    {107, "CANCEL_HISTORICAL_TICKS", 0},
}};

}  // namespace

std::optional<UnservedRequest> unserved_request(int msg_id) {
  for (const auto& r : kUnserved) {
    if (r.msg_id == msg_id) return r;
  }
  return std::nullopt;
}

}  // namespace rt::gateway
