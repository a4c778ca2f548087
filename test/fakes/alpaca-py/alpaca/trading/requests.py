from datetime import datetime

from alpaca.common.requests import NonEmptyRequest
from alpaca.trading.enums import OrderClass, OrderSide, OrderType, QueryOrderStatus, TimeInForce


class TakeProfitRequest(NonEmptyRequest):
    limit_price: float


class StopLossRequest(NonEmptyRequest):
    stop_price: float
    limit_price: float = None


class GetOrdersRequest(NonEmptyRequest):
    status: QueryOrderStatus = None
    limit: int = None
    after: datetime = None
    until: datetime = None
    direction: str = None
    nested: bool = None
    side: OrderSide = None
    symbols: list = None


class OrderRequest(NonEmptyRequest):
    symbol: str
    qty: float = None
    notional: float = None
    side: OrderSide
    type: OrderType
    time_in_force: TimeInForce
    order_class: OrderClass = None
    extended_hours: bool = None
    client_order_id: str = None
    take_profit: TakeProfitRequest = None
    stop_loss: StopLossRequest = None
    position_intent: str = None
    # Each kind of order request sets its type (not a field: no annotation).
    order_type = None

    def __init__(self, **data):
        if self.order_type is not None:
            data["type"] = self.order_type
        super().__init__(**data)

    def validate(self, data):
        qty_set = data.get("qty") is not None
        notional_set = data.get("notional") is not None
        if not qty_set and not notional_set:
            raise ValueError("At least one of qty or notional must be provided")
        if qty_set and notional_set:
            raise ValueError("Both qty and notional can not be set.")
        return data


class MarketOrderRequest(OrderRequest):
    order_type = OrderType.MARKET


class LimitOrderRequest(OrderRequest):
    order_type = OrderType.LIMIT
    limit_price: float


class StopOrderRequest(OrderRequest):
    order_type = OrderType.STOP
    stop_price: float


class TrailingStopOrderRequest(OrderRequest):
    order_type = OrderType.TRAILING_STOP
    trail_price: float = None
    trail_percent: float = None

    def validate(self, data):
        percent_set = data.get("trail_percent") is not None
        price_set = data.get("trail_price") is not None
        if not percent_set and not price_set:
            raise ValueError("Either trail_percent or trail_price must be set for a trailing stop order.")
        if percent_set and price_set:
            raise ValueError("Both trail_percent and trail_price cannot be set.")
        return super().validate(data)
