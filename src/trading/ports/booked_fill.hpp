#pragma once
// BookedFill: the broker event the trading kernel takes for a fill, emitted by the order side
// (ib/: FillRecorder, the backtester: its engine) only after the ledger and the OMS have both
// taken the fill, so the position it names is the one the books hold.
#include "core/decimal.hpp"
#include "trading/fill.hpp"

namespace rt::trading {

// Passed by reference for the length of one call.
struct BookedFill {
  const Fill& fill;
  Decimal before;    // the symbol's signed position before the fill
  Decimal after;     // and after it
  Decimal realized;  // the P&L the fill realised
};

}  // namespace rt::trading
