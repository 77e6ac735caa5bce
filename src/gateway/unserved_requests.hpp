#pragma once
// The TWS API requests this emulator does not serve, by message id: each one's name and where its
// request id sits, so the refusal (error 321) lands on that request id and the client's request
// ends at once instead of waiting for its timeout. Ids absent from the table are unknown to TWS
// as well; they are refused on id -1.
#include <optional>
#include <string_view>

namespace rt::gateway {

struct UnservedRequest {
  int msg_id;
  std::string_view name;
  int req_id_field;  // fields after the message id; -1: the request carries no id
};

// The entry for `msg_id`, or nullopt when TWS has no such request.
std::optional<UnservedRequest> unserved_request(int msg_id);

}  // namespace rt::gateway
