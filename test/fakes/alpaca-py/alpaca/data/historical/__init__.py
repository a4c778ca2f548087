from alpaca.data.historical.stock import StockHistoricalDataClient

__all__ = ["StockHistoricalDataClient"]
