"""SMA cross: buy when the fast simple moving average of the closes crosses above the slow one,
close the position when it crosses below.

    robotrader backtest --data data/orcl-1995-2014.txt --strategy examples/strategies/sma_cross.py:SmaCross
"""
import robotrader as rt


class SmaCross(rt.Strategy):
    params = {"fast": 10, "slow": 20, "shares": 100}

    def on_start(self, ctx):
        self.last_sign = 0
        self.primed = False

    def on_bar(self, ctx, bar):
        fast, slow = self.params["fast"], self.params["slow"]
        closes = ctx.history(bar.symbol, "close", slow)  # oldest first; shorter while warming up
        if len(closes) < slow:
            return
        diff = sum(closes[-fast:]) / fast - sum(closes) / slow
        sign = (diff > 0) - (diff < 0)
        previous, primed = self.last_sign, self.primed
        self.primed = True
        if sign != 0:
            self.last_sign = sign
        if not primed or sign == 0 or previous == 0 or sign == previous:
            return  # no crossing
        held = ctx.position(bar.symbol)
        if sign > 0 and held == 0:
            ctx.buy(bar.symbol, self.params["shares"])
        elif sign < 0 and held > 0:
            ctx.close(bar.symbol)
