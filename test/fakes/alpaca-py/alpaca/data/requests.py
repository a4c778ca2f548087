from datetime import datetime, timezone

from alpaca.common.requests import NonEmptyRequest
from alpaca.data.enums import Adjustment, DataFeed
from alpaca.data.timeframe import TimeFrame


class StockBarsRequest(NonEmptyRequest):
    """alpaca/data/requests.py: aware start and end become naive UTC, sent back as UTC."""

    symbol_or_symbols: object
    start: datetime = None
    end: datetime = None
    limit: int = None
    currency: str = None
    sort: str = None
    timeframe: TimeFrame
    adjustment: Adjustment = None
    feed: DataFeed = None
    asof: str = None

    def __init__(self, **data):
        for name in ("start", "end"):
            value = data.get(name)
            if isinstance(value, datetime) and value.tzinfo is not None:
                data[name] = value.astimezone(timezone.utc).replace(tzinfo=None)
        super().__init__(**data)
