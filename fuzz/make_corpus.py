#!/usr/bin/env python3
"""Writes the fuzz seed corpus (fuzz/corpus/codec/) from the golden captures in tests/golden/.

Each seed is one input for fuzz_codec: byte 0 selects the server version (157 + byte % 44),
the rest is a preamble and/or length-prefixed frames as captured, plus one seed per layout that
the captures do not hold (multi-account, reference data, depth, ticks, completed orders).
Rerun after adding captures or layouts.
"""
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus" / "codec"
MIN_SV, SPAN = 157, 44
VERSIONED_SERVER_IDS = {"5", "10", "11"}  # openOrder, contractDetails, execDetails
VERSIONED_CLIENT_IDS = {"3", "4", "9", "58"}  # placeOrder, cancelOrder, reqContractDetails, globalCancel


AAPL_REQUEST = ["265598", "AAPL", "STK", "", "0.0", "", "", "SMART", "NASDAQ", "USD", "", ""]
AAPL_REPLY = ["265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "", ""]
# Layouts beyond the captures, written as the emulator and the official client write them.
WIDE_SEEDS = {
    "req-74-positions-multi": (193, ["74", "1", "7", "DU1", ""]),
    "req-76-account-updates-multi": (193, ["76", "1", "8", "DU1", "", "0"]),
    "req-10-mkt-depth": (193, ["10", "5", "9"] + AAPL_REQUEST + ["5", "1", ""]),
    "req-97-tick-by-tick": (193, ["97", "9"] + AAPL_REQUEST + ["BidAsk", "0", "0"]),
    "req-87-head-timestamp": (193, ["87", "9"] + AAPL_REQUEST + ["0", "1", "TRADES", "1"]),
    "req-96-historical-ticks": (193, ["96", "9"] + AAPL_REQUEST + ["0", "", "20250115-15:00:00", "100", "TRADES",
                                                                  "1", "0", ""]),
    "req-88-histogram": (193, ["88", "9"] + AAPL_REQUEST + ["0", "1", "3 days"]),
    "req-78-sec-def-opt-params": (193, ["78", "9", "AAPL", "", "STK", "265598"]),
    "req-81-matching-symbols": (193, ["81", "9", "AAP"]),
    "req-7-executions-sv200": (200, ["7", "3", "9", "0", "", "", "", "", "", "", "3", "1", "20250114"]),
    "resp-71-position-multi": (193, ["71", "1", "7", "DU1"] + AAPL_REPLY + ["100", "150.25", ""]),
    "resp-73-account-update-multi": (193, ["73", "1", "8", "DU1", "", "NetLiquidation", "100000.00", "USD"]),
    "resp-13-depth-l2": (193, ["13", "1", "9", "0", "ARCA", "0", "1", "150.1", "200", "1"]),
    "resp-99-tick-by-tick-bid-ask": (193, ["99", "9", "3", "1736951400", "150.2", "150.3", "300", "400", "0"]),
    "resp-99-tick-by-tick-last": (193, ["99", "9", "2", "1736951400", "150.25", "100", "0", "ARCA", ""]),
    "resp-79-symbol-samples": (193, ["79", "9", "1", "265598", "AAPL", "STK", "NASDAQ", "USD", "2", "CFD", "OPT",
                                     "APPLE INC", ""]),
    "resp-75-option-chain": (193, ["75", "9", "SMART", "265598", "AAPL", "100", "2", "20250117", "20250124", "3",
                                   "140", "142.5", "145"]),
    "resp-93-market-rule": (193, ["93", "26", "1", "0", "0.01"]),
    "resp-98-historical-ticks-last": (193, ["98", "9", "1", "1736951400", "0", "150.25", "10", "ARCA", "", "1"]),
    "resp-89-histogram": (193, ["89", "9", "2", "150.01", "1200", "150.02", "300"]),
    "resp-109-time-in-millis": (200, ["109", "1736951400123"]),
}


def frame(fields):
    payload = b"".join(f.encode() + b"\0" for f in fields)
    return struct.pack(">I", len(payload)) + payload


def selector(sv):
    return bytes([(sv - MIN_SV) % SPAN])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    captures = sorted((ROOT / "tests" / "golden").glob("*.json"))
    first = captures[0]
    for path in captures:
        cap = json.loads(path.read_text())
        sv = cap["serverVersion"]
        sel = selector(sv)
        preamble = bytes.fromhex(cap["handshake"]["rawHex"])
        client = b"".join(frame(m["fields"]) for m in cap["clientToServer"])
        server = b"".join(frame(m) for m in cap["serverToClient"])
        seeds = {
            f"sv{sv}-client-stream": sel + preamble + client,
            f"sv{sv}-server-stream": sel + server,
            f"sv{sv}-preamble": sel + preamble,
        }
        if path != first:
            # Single-message seeds come from the first capture, except for the messages whose
            # layout changes with the server version (orders, cancels, contract details, fills).
            for i, m in enumerate(cap["serverToClient"]):
                if m[0] in VERSIONED_SERVER_IDS:
                    seeds[f"sv{sv}-s{i:02d}-{m[0]}"] = sel + frame(m)
            for i, m in enumerate(cap["clientToServer"]):
                if m["fields"][0] in VERSIONED_CLIENT_IDS:
                    seeds[f"sv{sv}-c{i:02d}-{m['fields'][0]}"] = sel + frame(m["fields"])
            for name, data in seeds.items():
                (OUT / name).write_bytes(data)
            continue
        for i, m in enumerate(cap["serverToClient"]):
            seeds[f"sv{sv}-s{i:02d}-{m[0]}"] = sel + frame(m)
        for i, m in enumerate(cap["clientToServer"]):
            seeds[f"sv{sv}-c{i:02d}-{m['fields'][0]}"] = sel + frame(m["fields"])
        for name, data in seeds.items():
            (OUT / name).write_bytes(data)
    for name, (sv, fields) in WIDE_SEEDS.items():
        (OUT / f"sv{sv}-{name}").write_bytes(selector(sv) + frame(fields))
    print(f"wrote {len(list(OUT.iterdir()))} seeds to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
