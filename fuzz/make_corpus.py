#!/usr/bin/env python3
"""Writes the fuzz seed corpus (fuzz/corpus/codec/) from the golden captures in tests/golden/.

Each seed is one input for fuzz_codec: byte 0 selects the server version (157 + byte % 37),
the rest is a preamble and/or length-prefixed frames as captured. Rerun after adding captures.
"""
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus" / "codec"
MIN_SV, SPAN = 157, 37
VERSIONED_SERVER_IDS = {"5", "10", "11"}  # openOrder, contractDetails, execDetails
VERSIONED_CLIENT_IDS = {"3", "4", "9", "58"}  # placeOrder, cancelOrder, reqContractDetails, globalCancel


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
    print(f"wrote {len(list(OUT.iterdir()))} seeds to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
