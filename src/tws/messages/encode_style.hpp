#pragma once
// How a request spells its unset and default values. Both spellings decode to the same typed
// message; only the bytes differ (TWS_PROTOCOL.md §1.4).
namespace rt::tws {

enum class EncodeStyle {
  // As IB's official Java client writes them: conId 0, strike 0.0, booleans 0/1, exemptCode -1,
  // and the "plain send" sentinels (2147483647, 1.7976931348623157E308) where Java uses them.
  // robotrader's own client writes this.
  kOfficial,
  // As @stoqey/ib 1.6.10 writes a request whose optional fields were left undefined: "" for a
  // conId or strike of 0, for false or default flags and numbers, and for unset sentinels. Used to
  // reproduce that client's bytes in tests and by anything that imitates it.
  kStoqey,
};

}  // namespace rt::tws
