/**
 * The live command's side of Alpaca, through alpaca-py (alpacahq/alpaca-py: TradingClient,
 * StockHistoricalDataClient, the order request classes and APIError with its status_code):
 * endpoints and keys from Alpaca's environment variables, paper unless --live; every request
 * retried with backoff on 429, 5xx and network errors; orders sent once per client_order_id;
 * one JSON log line for each decision, order sent and answer.
 */
export const brokerRuntime = String.raw`
PAPER_URL = "https://paper-api.alpaca.markets"
LIVE_URL = "https://api.alpaca.markets"
RETRY_DELAYS_SECONDS = (0.5, 1, 2, 4, 8)
# This strategy's orders carry a client_order_id that starts with its spec hash.
ORDER_ID_PREFIX = SPEC_HASH[:12]


class LiveError(Exception):
    """What stops the live command: status 2 for configuration to fix, 1 for what Alpaca refused
    or did not answer; later marks what may pass on its own (the network, an outage)."""

    def __init__(self, message, status=1, later=False):
        super().__init__(message)
        self.status = status
        self.later = later


def log_event(event, **fields):
    """One JSON object per line on stdout."""
    record = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "event": event}
    record.update(fields)
    print(json.dumps(record, default=lambda value: value.isoformat() if hasattr(value, "isoformat") else str(value)), flush=True)


def endpoint(text):
    """A base URL as alpaca-py takes it: it appends /v2 itself."""
    url = text.strip().rstrip("/")
    return url[:-3] if url.endswith("/v2") else url


def trading_endpoint(configured, live):
    """Paper unless --live; --live only at Alpaca's live endpoint, and that endpoint only with --live."""
    url = endpoint(configured)
    at_live_endpoint = urllib.parse.urlsplit(url).hostname == urllib.parse.urlsplit(LIVE_URL).hostname
    if live and url and not at_live_endpoint:
        raise LiveError(
            f"--live trades real money at {LIVE_URL}, but APCA_API_BASE_URL is {configured}: "
            f"unset it or set it to {LIVE_URL}",
            2,
        )
    if not live and at_live_endpoint:
        raise LiveError(
            f"APCA_API_BASE_URL is Alpaca's live endpoint ({configured}), which trades real money: "
            f"add --live if you mean it, or unset it to trade on paper ({PAPER_URL})",
            2,
        )
    return url or (LIVE_URL if live else PAPER_URL)


def api_keys(environ, live):
    names = ("APCA_API_KEY_ID", "APCA_API_SECRET_KEY")
    values = tuple(environ.get(name, "").strip() for name in names)
    missing = [name for name, value in zip(names, values) if not value]
    if missing:
        account = "live" if live else "paper"
        raise LiveError(f"set {' and '.join(missing)} to your Alpaca {account} account's API key", 2)
    return values


def import_alpaca():
    """alpaca-py, imported for live trading only, so that replay runs without it."""
    try:
        from alpaca.common.exceptions import APIError
        from alpaca.data.enums import Adjustment, DataFeed
        from alpaca.data.historical import StockHistoricalDataClient
        from alpaca.data.requests import StockBarsRequest
        from alpaca.data.timeframe import TimeFrame
        from alpaca.trading.client import TradingClient
        from alpaca.trading.enums import OrderClass, OrderSide, QueryOrderStatus, TimeInForce
        from alpaca.trading.requests import (
            GetOrdersRequest,
            LimitOrderRequest,
            MarketOrderRequest,
            StopLossRequest,
            StopOrderRequest,
            TakeProfitRequest,
            TrailingStopOrderRequest,
        )
    except ImportError as error:
        raise LiveError(f"live trading needs alpaca-py: pip install alpaca-py ({error})", 2) from None
    # Exactly the names imported above.
    return SimpleNamespace(**locals())


def api_message(error):
    """Alpaca's own words in an APIError, whose text is the answer's JSON body."""
    try:
        return json.loads(str(error))["message"]
    except (ValueError, KeyError, TypeError):
        return str(error)


class Broker:
    """The requests a pass makes, each retried with backoff on 429, 5xx and network errors. Keys
    Alpaca refuses stop the program; an order it refuses is logged and counted in errors."""

    def __init__(self, sdk, keys, trading_url, data_url, live, feed):
        self.sdk = sdk
        key_id, secret = keys
        self.trading = sdk.TradingClient(key_id, secret, paper=not live, url_override=trading_url)
        self.data = sdk.StockHistoricalDataClient(key_id, secret, url_override=data_url)
        self.feed = sdk.DataFeed(feed) if feed else None
        self.errors = 0

    def call(self, request, function, *args, order=False):
        """function(*args); request names it in logs ("GET /v2/clock"). A 403 refuses an order
        (buying power, shares held by other orders), anything else the keys."""
        for delay in RETRY_DELAYS_SECONDS + (None,):
            try:
                return function(*args)
            except self.sdk.APIError as error:
                status = error.status_code
                if status == 401 or (status == 403 and not order):
                    answer = "401 Unauthorized" if status == 401 else "403 Forbidden"
                    raise LiveError(
                        f"Alpaca answered {request} with {answer} ({api_message(error)}): check "
                        "APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys work on paper only, live "
                        "keys with --live only), that the account may trade, and that its data plan covers "
                        "the feed asked for"
                    ) from None
                if not (status == 429 or (status or 0) >= 500):
                    raise
                reason = f"HTTP {status}: {api_message(error)}"
            except OSError as error:
                reason = str(error)
            if delay is None:
                raise LiveError(f"{request}: no answer from Alpaca after retries ({reason})", later=True)
            log_event("retry", request=request, reason=reason, wait_seconds=delay)
            sleep(delay)

    def report(self, event, **fields):
        self.errors += 1
        log_event(event, level="error", **fields)

    def refused(self, request, error, **fields):
        self.report("refused", request=request, status=error.status_code, message=api_message(error), **fields)

    def clock(self):
        return self.call("GET /v2/clock", self.trading.get_clock)

    def account(self):
        account = self.call("GET /v2/account", self.trading.get_account)
        if account.trading_blocked or account.account_blocked:
            raise LiveError("the Alpaca account is blocked from trading (trading_blocked or account_blocked)")
        return account

    def positions(self):
        return {position.symbol: position for position in self.call("GET /v2/positions", self.trading.get_all_positions)}

    def orders(self, status):
        """This strategy's orders with a status (open, closed), OCO legs nested in their order."""
        request = self.sdk.GetOrdersRequest(status=status, nested=True, limit=500)
        orders = self.call("GET /v2/orders", self.trading.get_orders, request)
        return [order for order in orders if order.client_order_id.startswith(ORDER_ID_PREFIX + "-")]

    def order_by_client_id(self, client_order_id):
        try:
            return self.call(
                "GET /v2/orders:by_client_order_id", self.trading.get_order_by_client_id, client_order_id
            )
        except self.sdk.APIError as error:
            if error.status_code == 404:
                return None
            raise

    def submit_once(self, request):
        """Sends an order unless its client_order_id is taken: a rerun never doubles an order.
        Returns the order at Alpaca, or None when it refused it."""
        client_order_id = request.client_order_id
        order = self.order_by_client_id(client_order_id)
        if order is not None:
            log_event("already_submitted", client_order_id=client_order_id, status=order.status)
            return order
        log_event("submitting", order=request.to_request_fields())
        try:
            order = self.call("POST /v2/orders", self.trading.submit_order, request, order=True)
        except self.sdk.APIError as error:
            # A retry after a lost answer: Alpaca took the first attempt.
            if error.status_code == 422 and "client_order_id" in api_message(error):
                order = self.order_by_client_id(client_order_id)
                log_event("already_submitted", client_order_id=client_order_id, status=order and order.status)
                return order
            self.refused("POST /v2/orders", error, client_order_id=client_order_id)
            return None
        log_event("submitted", client_order_id=client_order_id, order_id=order.id, status=order.status)
        return order

    def cancel(self, order, reason):
        log_event("cancelling", client_order_id=order.client_order_id, order_id=order.id, reason=reason)
        try:
            self.call("DELETE /v2/orders/{id}", self.trading.cancel_order_by_id, order.id)
        except self.sdk.APIError as error:
            self.refused("DELETE /v2/orders/{id}", error, client_order_id=order.client_order_id)

    def completed_bars(self, session_day, count):
        """Each symbol's last count daily bars before session_day (whose bar is still forming),
        adjusted for splits and dividends as the backtest's bars are."""
        first_day = session_day - timedelta(days=count * 3 // 2 + 10)
        request = self.sdk.StockBarsRequest(
            symbol_or_symbols=list(UNIVERSE),
            timeframe=self.sdk.TimeFrame.Day,
            start=datetime(first_day.year, first_day.month, first_day.day, tzinfo=timezone.utc),
            adjustment=self.sdk.Adjustment.ALL,
            feed=self.feed,
        )
        bar_set = self.call("GET /v2/stocks/bars", self.data.get_stock_bars, request)
        # Alpaca stamps a daily bar at midnight New York time: its UTC date is its trading date.
        before_ms = days_from_civil(session_day.year, session_day.month, session_day.day) * DAY_MS
        series = {}
        for symbol in UNIVERSE:
            bars = Bars(symbol)
            for bar in bar_set.data.get(symbol, []):
                time_ms = round(bar.timestamp.timestamp() * 1000)
                if time_ms < before_ms:
                    bars.time.append(time_ms)
                    for field in ("open", "high", "low", "close", "volume"):
                        getattr(bars, field).append(float(getattr(bar, field)))
            for field in ("time", "open", "high", "low", "close", "volume"):
                setattr(bars, field, getattr(bars, field)[-count:])
            series[symbol] = bars
        return series
`;
