from alpaca.common.enums import BaseURL
from alpaca.common.rest import RESTClient
from alpaca.trading.models import Clock, Order, Position, TradeAccount


class TradingClient(RESTClient):
    """Alpaca's Trading API, paper or live (alpaca/trading/client.py)."""

    def __init__(self, api_key=None, secret_key=None, oauth_token=None, paper=True, raw_data=False, url_override=None):
        super().__init__(
            api_key=api_key,
            secret_key=secret_key,
            oauth_token=oauth_token,
            api_version="v2",
            base_url=url_override if url_override else BaseURL.TRADING_PAPER if paper else BaseURL.TRADING_LIVE,
            sandbox=paper,
            raw_data=raw_data,
        )

    def submit_order(self, order_data):
        return Order(**self.post("/orders", order_data.to_request_fields()))

    def get_orders(self, filter=None):
        params = filter.to_request_fields() if filter is not None else {}
        if isinstance(params.get("symbols"), list):
            params["symbols"] = ",".join(params["symbols"])
        return [Order(**order) for order in self.get("/orders", params)]

    def get_order_by_client_id(self, client_id):
        return Order(**self.get("/orders:by_client_order_id", {"client_order_id": client_id}))

    def cancel_order_by_id(self, order_id):
        self.delete(f"/orders/{order_id}")

    def get_all_positions(self):
        return [Position(**position) for position in self.get("/positions")]

    def get_clock(self):
        return Clock(**self.get("/clock"))

    def get_account(self):
        return TradeAccount(**self.get("/account"))
