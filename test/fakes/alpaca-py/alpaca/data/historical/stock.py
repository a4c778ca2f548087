from alpaca.common.enums import BaseURL
from alpaca.common.rest import RESTClient
from alpaca.data.models import BarSet

# alpaca/common/constants.py
DATA_V2_MAX_LIMIT = 10000


class StockHistoricalDataClient(RESTClient):
    """Alpaca's market data API for stocks (alpaca/data/historical/stock.py)."""

    def __init__(
        self,
        api_key=None,
        secret_key=None,
        oauth_token=None,
        use_basic_auth=False,
        raw_data=False,
        url_override=None,
        sandbox=False,
    ):
        super().__init__(
            api_key=api_key,
            secret_key=secret_key,
            oauth_token=oauth_token,
            use_basic_auth=use_basic_auth,
            api_version="v2",
            base_url=url_override if url_override is not None else BaseURL.DATA_SANDBOX if sandbox else BaseURL.DATA,
            sandbox=sandbox,
            raw_data=raw_data,
        )

    def get_stock_bars(self, request_params):
        return BarSet(self._data_get("bars", **request_params.to_request_fields()))

    def _data_get(self, data_type, symbol_or_symbols, limit=None, page_limit=DATA_V2_MAX_LIMIT, **params):
        """Every page, following next_page_token: one symbol in the path, several as symbols=."""
        if isinstance(symbol_or_symbols, str):
            path = f"/stocks/{symbol_or_symbols}/{data_type}"
        else:
            path = f"/stocks/{data_type}"
            params["symbols"] = ",".join(symbol_or_symbols)
        by_symbol = {}
        total = 0
        page_token = None
        while True:
            page_size = None
            if limit:
                page_size = min(int(limit) - total, page_limit)
                if page_size < 1:
                    break
            params["limit"] = page_size
            params["page_token"] = page_token
            response = self.get(path, params)
            items = response.get(data_type) or {}
            if isinstance(symbol_or_symbols, str):
                items = {response.get("symbol", symbol_or_symbols): items}
            for symbol, rows in items.items():
                by_symbol.setdefault(symbol, []).extend(rows)
            total = sum(len(rows) for rows in by_symbol.values())
            page_token = response.get("next_page_token")
            if page_token is None:
                break
        return by_symbol
