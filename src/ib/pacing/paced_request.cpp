#include "ib/pacing/paced_request.hpp"

namespace rt::ib {

std::string_view to_string(RequestKind kind) noexcept {
  switch (kind) {
    case RequestKind::kOrder: return "order";
    case RequestKind::kCancel: return "cancel";
    case RequestKind::kMarketData: return "market_data";
    case RequestKind::kMarketDataCancel: return "market_data_cancel";
    case RequestKind::kHistorical: return "historical";
    case RequestKind::kHistoricalCancel: return "historical_cancel";
    case RequestKind::kRealTimeBars: return "real_time_bars";
    case RequestKind::kRealTimeBarsCancel: return "real_time_bars_cancel";
    case RequestKind::kContractDetails: return "contract_details";
    case RequestKind::kAccount: return "account";
    case RequestKind::kOther: return "other";
  }
  return "unknown";
}

std::string_view to_string(DispatchAction action) noexcept {
  switch (action) {
    case DispatchAction::kSend: return "send";
    case DispatchAction::kResubscribe: return "resubscribe";
    case DispatchAction::kRotateOut: return "rotate_out";
  }
  return "unknown";
}

bool is_urgent(RequestKind kind) noexcept {
  return kind == RequestKind::kOrder || kind == RequestKind::kCancel || is_stream_cancel(kind);
}

bool holds_line(RequestKind kind) noexcept {
  return kind == RequestKind::kMarketData || kind == RequestKind::kRealTimeBars;
}

bool is_stream_cancel(RequestKind kind) noexcept {
  return kind == RequestKind::kMarketDataCancel || kind == RequestKind::kHistoricalCancel ||
         kind == RequestKind::kRealTimeBarsCancel;
}

std::string HistoricalKey::identical_key() const {
  std::string k;
  k.reserve(contract.size() + exchange.size() + bar_size.size() + duration.size() + what_to_show.size() +
            end_date_time.size() + 8);
  k.append(contract).append("|").append(exchange).append("|").append(bar_size).append("|").append(duration);
  k.append("|").append(what_to_show).append("|").append(end_date_time).append(use_rth ? "|1" : "|0");
  return k;
}

std::string HistoricalKey::contract_key() const {
  std::string k;
  k.append(contract).append("|").append(exchange).append("|").append(what_to_show);
  return k;
}

}  // namespace rt::ib
