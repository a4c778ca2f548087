from uuid import UUID

from alpaca.common.models import Model, parse_datetime
from alpaca.trading.enums import OrderClass, OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce


class Order(Model):
    """An order (alpaca/trading/models.py); quantities and prices stay decimal strings."""

    filled_at = expired_at = canceled_at = failed_at = replaced_at = None
    replaced_by = replaces = notional = qty = filled_qty = filled_avg_price = None
    limit_price = stop_price = legs = trail_percent = trail_price = hwm = None

    def __init__(self, **data):
        if not data.get("order_class"):
            data["order_class"] = OrderClass.SIMPLE
        super().__init__(**data)


Order.converters = {
    "id": UUID,
    "created_at": parse_datetime,
    "updated_at": parse_datetime,
    "submitted_at": parse_datetime,
    "filled_at": parse_datetime,
    "expired_at": parse_datetime,
    "canceled_at": parse_datetime,
    "failed_at": parse_datetime,
    "order_class": OrderClass,
    "order_type": OrderType,
    "type": OrderType,
    "side": OrderSide,
    "time_in_force": TimeInForce,
    "status": OrderStatus,
    "legs": lambda legs: [Order(**leg) for leg in legs],
}


class Position(Model):
    """An open position; qty is negative for a short one."""

    market_value = current_price = unrealized_pl = qty_available = None
    converters = {"side": PositionSide}


class TradeAccount(Model):
    equity = cash = buying_power = None
    trading_blocked = account_blocked = False
    converters = {"created_at": parse_datetime}


class Clock(Model):
    """The market clock; times in New York."""

    converters = {"timestamp": parse_datetime, "next_open": parse_datetime, "next_close": parse_datetime}
