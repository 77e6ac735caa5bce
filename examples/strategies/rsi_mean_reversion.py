"""RSI mean reversion: buy when the relative strength index of the closes falls below `oversold`,
sell when it rises above `exit_above`. Wilder's RSI over `period` bars, from the history.

    robotrader backtest --data data/orcl-1995-2014.txt --strategy examples/strategies/rsi_mean_reversion.py:RsiMeanReversion
"""
import robotrader as rt


def rsi(closes, period):
    """Wilder's RSI of the last close, from period + 1 or more closes (oldest first)."""
    gains = losses = 0.0
    changes = [b - a for a, b in zip(closes, closes[1:])]
    for c in changes[:period]:
        gains += max(c, 0.0)
        losses += max(-c, 0.0)
    avg_gain, avg_loss = gains / period, losses / period
    for c in changes[period:]:
        avg_gain = (avg_gain * (period - 1) + max(c, 0.0)) / period
        avg_loss = (avg_loss * (period - 1) + max(-c, 0.0)) / period
    if avg_loss == 0.0:
        return 100.0
    return 100.0 - 100.0 / (1.0 + avg_gain / avg_loss)


class RsiMeanReversion(rt.Strategy):
    params = {"period": 14, "oversold": 30.0, "exit_above": 55.0, "shares": 100}

    def on_bar(self, ctx, bar):
        period = self.params["period"]
        closes = ctx.history(bar.symbol, "close", 5 * period)  # enough for Wilder's smoothing to settle
        if len(closes) < 5 * period:
            return
        value = rsi(closes, period)
        held = ctx.position(bar.symbol)
        if held == 0 and value < self.params["oversold"]:
            ctx.buy(bar.symbol, self.params["shares"])
            ctx.log(f"RSI {value:.1f} < {self.params['oversold']}: buying")
        elif held > 0 and value > self.params["exit_above"]:
            ctx.close(bar.symbol)

    def on_order_denied(self, ctx, denial):
        ctx.log("not sent: " + denial.reason)
