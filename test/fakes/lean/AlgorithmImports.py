"""A stand-in for LEAN's `AlgorithmImports`, to run generated QuantConnect algorithms here.

Only the API the generated algorithms use, with LEAN's documented behaviour (QuantConnect/Lean:
Common/Orders/Fills/EquityFillModel.cs and FillModel.cs, Common/Orders/Slippage/
ConstantSlippageModel.cs, Algorithm/QCAlgorithm.Trading.cs):
- daily bars reach on_data after their close; fills of open orders are processed on a bar
  before on_data sees it, and on_order_event runs for each fill;
- market-on-open orders fill at the next bar's open; market orders at the last price when
  submitted; slippage is added against the order (ConstantSlippageModel: rate x last price);
- a stop market order fills on a later bar that trades through it, a sell at min(stop,
  close - slippage); a limit order on a later bar that trades through it, a sell at
  max(low, limit); orders are filled in the order they were submitted;
- orders are refused (INVALID) while warming up and without buying power (leverage 1).
`run(algorithm_class, bars_by_ticker)` replays bars (objects with time/open/high/low/close/volume
lists, epoch ms) through an algorithm and returns its fills.
"""

import enum
from datetime import datetime, timedelta, timezone


class Resolution(enum.Enum):
    MINUTE = "minute"
    HOUR = "hour"
    DAILY = "daily"


class OrderStatus(enum.Enum):
    SUBMITTED = "submitted"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELED = "canceled"
    INVALID = "invalid"


class CashAmount:
    def __init__(self, amount, currency):
        self.amount = amount
        self.currency = currency


class OrderFee:
    def __init__(self, value):
        self.value = value


class FeeModel:
    def get_order_fee(self, parameters):
        return OrderFee(CashAmount(0.0, "USD"))


class ConstantSlippageModel:
    def __init__(self, slippage_percent):
        self.slippage_percent = slippage_percent

    def get_slippage_approximation(self, asset, order):
        return asset.price * self.slippage_percent


class Symbol:
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Symbol) and other.value == self.value

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return self.value


class _Currency:
    symbol = "USD"


class _SymbolProperties:
    def __init__(self, lot_size):
        self.lot_size = lot_size


class Security:
    def __init__(self, ticker, lot_size):
        self.symbol = Symbol(ticker)
        self.price = 0.0
        self.fee_model = FeeModel()
        self.slippage_model = ConstantSlippageModel(0.0)
        self.symbol_properties = _SymbolProperties(lot_size)
        self.quote_currency = _Currency()

    def set_fee_model(self, model):
        self.fee_model = model

    def set_slippage_model(self, model):
        self.slippage_model = model


class TradeBar:
    def __init__(self, symbol, time, open_price, high, low, close, volume):
        self.symbol = symbol
        self.time = time
        self.end_time = time + timedelta(days=1)
        self.open = open_price
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume


class Slice:
    def __init__(self, bars):
        self.bars = bars
        self.quote_bars = {}


class Order:
    def __init__(self, order_id, symbol, quantity, kind, step, tag, stop_price=None, limit_price=None):
        self.id = order_id
        self.symbol = symbol
        self.quantity = quantity
        self.absolute_quantity = abs(quantity)
        self.kind = kind
        self.step = step
        self.tag = tag
        self.stop_price = stop_price
        self.limit_price = limit_price
        self.status = OrderStatus.SUBMITTED


class OrderTicket:
    def __init__(self, order):
        self._order = order
        self.order_id = order.id

    @property
    def status(self):
        return self._order.status

    def cancel(self, tag=""):
        if self._order.status == OrderStatus.SUBMITTED:
            self._order.status = OrderStatus.CANCELED

    def update_stop_price(self, stop_price, tag=None):
        if self._order.status == OrderStatus.SUBMITTED:
            self._order.stop_price = stop_price


class OrderEvent:
    def __init__(self, order, status, fill_price=0.0, fill_quantity=0.0, message=""):
        self.order_id = order.id
        self.symbol = order.symbol
        self.status = status
        self.fill_price = fill_price
        self.fill_quantity = fill_quantity
        self.message = message


class OrderFeeParameters:
    def __init__(self, security, order):
        self.security = security
        self.order = order


class _Holding:
    def __init__(self, security):
        self.security = security
        self.quantity = 0.0

    @property
    def holdings_value(self):
        return self.quantity * self.security.price

    @property
    def absolute_holdings_value(self):
        return abs(self.holdings_value)


class _Portfolio:
    def __init__(self):
        self.cash = 0.0
        self.holdings = {}

    def __getitem__(self, symbol):
        return self.holdings[symbol]

    @property
    def total_portfolio_value(self):
        return self.cash + sum(holding.holdings_value for holding in self.holdings.values())


class _Transactions:
    def __init__(self):
        self.orders = {}

    def get_order_by_id(self, order_id):
        return self.orders[order_id]


class QCAlgorithm:
    """The subset of QCAlgorithm the generated algorithms call."""

    def __init__(self):
        self.portfolio = _Portfolio()
        self.transactions = _Transactions()
        self.securities = {}
        self.is_warming_up = False
        self.logs = []
        self.fills = []
        self._warm_up_bars = 0
        self._step = 0
        self._consolidators = []

    def set_start_date(self, year, month, day):
        self.start_date = (year, month, day)

    def set_end_date(self, year, month, day):
        self.end_date = (year, month, day)

    def set_cash(self, cash):
        self.portfolio.cash = float(cash)

    def _add(self, ticker, resolution, lot_size, fill_forward, leverage):
        assert resolution == Resolution.DAILY and fill_forward is False and leverage == 1.0
        security = Security(ticker, lot_size)
        self.securities[security.symbol] = security
        self.portfolio.holdings[security.symbol] = _Holding(security)
        return security

    def add_equity(self, ticker, resolution=None, fill_forward=True, leverage=0.0):
        return self._add(ticker, resolution, 1.0, fill_forward, leverage)

    def add_forex(self, ticker, resolution=None, fill_forward=True, leverage=0.0):
        return self._add(ticker, resolution, 1000.0, fill_forward, leverage)

    def add_crypto(self, ticker, resolution=None, fill_forward=True, leverage=0.0):
        return self._add(ticker, resolution, 1e-8, fill_forward, leverage)

    def consolidate(self, symbol, period, handler):
        self._consolidators.append((symbol, period, handler))

    def set_warm_up(self, bars, resolution):
        assert resolution == Resolution.DAILY
        self._warm_up_bars = bars

    def log(self, message):
        self.logs.append(message)

    def _submit(self, symbol, quantity, kind, tag, stop_price=None, limit_price=None):
        order = Order(len(self.transactions.orders) + 1, symbol, quantity, kind, self._step, tag, stop_price, limit_price)
        self.transactions.orders[order.id] = order
        ticket = OrderTicket(order)
        security = self.securities[symbol]
        holding = self.portfolio[symbol]
        grows = abs(holding.quantity + quantity) > abs(holding.quantity)
        value = abs(quantity) * security.price
        gross = sum(h.absolute_holdings_value for h in self.portfolio.holdings.values())
        if self.is_warming_up:
            order.status = OrderStatus.INVALID
            self.on_order_event(OrderEvent(order, OrderStatus.INVALID, message="ALGORITHM_WARMING_UP"))
        elif grows and value > self.portfolio.total_portfolio_value - gross + 1e-9:
            order.status = OrderStatus.INVALID
            self.on_order_event(OrderEvent(order, OrderStatus.INVALID, message="INSUFFICIENT_BUYING_POWER"))
        elif kind == "market":
            slip = security.slippage_model.get_slippage_approximation(security, order)
            self._fill(order, security.price + (slip if quantity > 0 else -slip))
        return ticket

    def market_order(self, symbol, quantity, asynchronous=False, tag=""):
        return self._submit(symbol, quantity, "market", tag)

    def market_on_open_order(self, symbol, quantity, tag=""):
        return self._submit(symbol, quantity, "market_on_open", tag)

    def stop_market_order(self, symbol, quantity, stop_price, tag=""):
        return self._submit(symbol, quantity, "stop_market", tag, stop_price=stop_price)

    def limit_order(self, symbol, quantity, limit_price, tag=""):
        return self._submit(symbol, quantity, "limit", tag, limit_price=limit_price)

    def liquidate(self, symbol, tag=""):
        quantity = -self.portfolio[symbol].quantity
        if quantity != 0:
            self.market_order(symbol, quantity, tag=tag)

    def _fill(self, order, price):
        security = self.securities[order.symbol]
        fee = security.fee_model.get_order_fee(OrderFeeParameters(security, order)).value.amount
        self.portfolio.cash -= order.quantity * price + fee
        self.portfolio[order.symbol].quantity += order.quantity
        order.status = OrderStatus.FILLED
        self.fills.append({"symbol": order.symbol.value, "step": self._step, "tag": order.tag, "price": price, "quantity": order.quantity, "fee": fee})
        self.on_order_event(OrderEvent(order, OrderStatus.FILLED, price, order.quantity))

    def _fill_open_orders(self, symbol, bar):
        for order in list(self.transactions.orders.values()):
            if order.symbol != symbol or order.status != OrderStatus.SUBMITTED or order.step >= self._step:
                continue
            security = self.securities[symbol]
            slip = security.slippage_model.get_slippage_approximation(security, order)
            sell = order.quantity < 0
            if order.kind == "market_on_open":
                self._fill(order, bar.open - slip if sell else bar.open + slip)
            elif order.kind == "stop_market":
                if sell and bar.low < order.stop_price:
                    self._fill(order, min(order.stop_price, bar.close - slip))
                elif not sell and bar.high > order.stop_price:
                    self._fill(order, max(order.stop_price, bar.close + slip))
            elif order.kind == "limit":
                if sell and bar.high > order.limit_price:
                    self._fill(order, max(bar.low, order.limit_price))
                elif not sell and bar.low < order.limit_price:
                    self._fill(order, min(bar.high, order.limit_price))


def run(algorithm_class, bars_by_ticker):
    """Replays daily bars through an algorithm: each step fills open orders on the new bars,
    then calls on_data. Returns the algorithm (its fills, logs and portfolio)."""
    algorithm = algorithm_class()
    algorithm.initialize()
    assert not algorithm._consolidators, "daily bars need no consolidator"
    timeline = sorted({time for bars in bars_by_ticker.values() for time in bars.time})
    cursors = {ticker: 0 for ticker in bars_by_ticker}
    for step, time_ms in enumerate(timeline):
        algorithm._step = step
        algorithm.is_warming_up = step < algorithm._warm_up_bars
        moment = datetime.fromtimestamp(time_ms / 1000, timezone.utc).replace(tzinfo=None)
        slice_bars = {}
        for ticker, bars in bars_by_ticker.items():
            i = cursors[ticker]
            if i < len(bars.time) and bars.time[i] == time_ms:
                cursors[ticker] = i + 1
                symbol = Symbol(ticker)
                bar = TradeBar(symbol, moment, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])
                algorithm.securities[symbol].price = bar.close
                slice_bars[symbol] = bar
        for symbol, bar in slice_bars.items():
            algorithm._fill_open_orders(symbol, bar)
        algorithm.on_data(Slice(slice_bars))
    return algorithm


# What `from AlgorithmImports import *` brings into an algorithm: LEAN's names, not the replay.
__all__ = [
    "CashAmount",
    "ConstantSlippageModel",
    "FeeModel",
    "OrderFee",
    "OrderStatus",
    "QCAlgorithm",
    "Resolution",
    "Slice",
    "Symbol",
    "TradeBar",
    "datetime",
    "timedelta",
]
