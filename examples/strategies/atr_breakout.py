"""Breakout with an ATR stop: buy when the close breaks above the highest high of the last
`entry` bars; exit when the close falls below the entry's stop, `atr_multiple` average true ranges
under the highest close since the entry (a trailing stop of the strategy's own, beside the risk
engine's protective stop), or below the lowest low of the last `exit` bars.

    robotrader backtest --data data/orcl-1995-2014.txt --strategy examples/strategies/atr_breakout.py:AtrBreakout
"""
import robotrader as rt


def atr(highs, lows, closes, period):
    """Mean true range of the last `period` bars."""
    ranges = []
    for i in range(len(closes) - period, len(closes)):
        previous = closes[i - 1]
        ranges.append(max(highs[i] - lows[i], abs(highs[i] - previous), abs(lows[i] - previous)))
    return sum(ranges) / period


class AtrBreakout(rt.Strategy):
    params = {"entry": 20, "exit": 10, "atr_period": 14, "atr_multiple": 3.0, "shares": 100}

    def on_start(self, ctx):
        self.stop = None
        self.peak = None

    def on_bar(self, ctx, bar):
        p = self.params
        n = max(p["entry"], p["exit"], p["atr_period"]) + 1
        highs = ctx.history(bar.symbol, "high", n)
        lows = ctx.history(bar.symbol, "low", n)
        closes = ctx.history(bar.symbol, "close", n)
        if len(closes) < n:
            return
        held = ctx.position(bar.symbol)
        range_ = atr(highs, lows, closes, p["atr_period"])
        if held == 0:
            if bar.close > max(highs[-p["entry"] - 1:-1]):
                ctx.buy(bar.symbol, p["shares"])
            return
        self.peak = max(self.peak or bar.close, bar.close)
        self.stop = self.peak - p["atr_multiple"] * range_
        if bar.close < self.stop or bar.close < min(lows[-p["exit"] - 1:-1]):
            ctx.close(bar.symbol)

    def on_fill(self, ctx, fill):
        if fill.side == "BUY":
            self.peak = fill.price
        else:
            self.peak = self.stop = None
