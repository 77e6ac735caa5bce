"""Type stubs of the `robotrader` module that robotrader's embedded interpreter provides to
strategies (`robotrader backtest|run --strategy file.py:ClassName`). See docs/strategies.md."""
from datetime import datetime
from typing import ClassVar, Dict, List, Union

API_VERSION: int

ParamValue = Union[int, float, bool, str]

class Bar:
    symbol: str
    time: datetime  # the bar's start, timezone-aware (UTC)
    end: datetime  # when it closed, timezone-aware (UTC)
    open: float
    high: float
    low: float
    close: float
    volume: float

class Fill:
    symbol: str
    side: str  # "BUY" or "SELL"
    qty: float
    price: float
    commission: float

class Denial:
    symbol: str
    reason: str

class Context:
    def history(self, symbol: str, field: str, n: int) -> List[float]:
        """The last n values of "open", "high", "low", "close" or "volume", oldest first; fewer
        while warming up. The current bar is the last value."""
    def position(self, symbol: str) -> float:
        """Signed shares held (negative when short)."""
    def buy(self, symbol: str, qty: float) -> None: ...
    def sell(self, symbol: str, qty: float) -> None: ...
    def target(self, symbol: str, qty: float) -> None:
        """Orders the difference between the position and qty."""
    def close(self, symbol: str) -> None:
        """Exits the whole position."""
    def log(self, text: str) -> None: ...

class Strategy:
    params: ClassVar[Dict[str, ParamValue]]  # the defaults; on an instance, the values in force
    def on_start(self, ctx: Context) -> None: ...
    def on_bar(self, ctx: Context, bar: Bar) -> None: ...
    def on_fill(self, ctx: Context, fill: Fill) -> None: ...
    def on_order_denied(self, ctx: Context, denial: Denial) -> None: ...
    def on_stop(self, ctx: Context) -> None: ...
