from enum import Enum


class BaseURL(str, Enum):
    TRADING_PAPER = "https://paper-api.alpaca.markets"
    TRADING_LIVE = "https://api.alpaca.markets"
    DATA = "https://data.alpaca.markets"
    DATA_SANDBOX = "https://data.sandbox.alpaca.markets"


class Sort(str, Enum):
    ASC = "asc"
    DESC = "desc"
