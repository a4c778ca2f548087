from alpaca.common.models import parse_datetime

# alpaca/data/mappings.py's BAR_MAPPING
BAR_FIELDS = {"t": "timestamp", "o": "open", "h": "high", "l": "low", "c": "close", "v": "volume", "n": "trade_count", "vw": "vwap"}


class Bar:
    """One bar: timestamp, open, high, low, close, volume, trade_count, vwap."""

    def __init__(self, symbol, raw_data):
        self.symbol = symbol
        for key, name in BAR_FIELDS.items():
            value = raw_data.get(key)
            setattr(self, name, parse_datetime(value) if name == "timestamp" else value)


class BarSet:
    """Bars by symbol in data."""

    def __init__(self, raw_data):
        self.data = {symbol: [Bar(symbol, bar) for bar in bars] for symbol, bars in raw_data.items()}

    def __getitem__(self, symbol):
        return self.data[symbol]
