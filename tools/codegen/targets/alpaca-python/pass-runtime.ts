/**
 * One live pass: the strategy's signals on the last completed daily bar, judged by the same
 * compute_plan the replay runs, turned into orders the way the bar model fills them: entries and
 * exits as market orders for the next opening auction (time in force opg), sized from the
 * account's equity; after an entry fills, its stop loss, take profit and trailing stop as
 * good-till-cancelled orders at the levels the bar model sets from the fill.
 */
export const passRuntime = String.raw`
# Alpaca refuses opening-auction (opg) orders from 09:28 to 19:00 New York time.
AUCTION_CUTOFF = (9, 28)
AUCTION_ORDERS_REOPEN = (19, 0)
PROTECTIVE_KINDS = ("stop", "target", "oco", "trail")


def bar_day(time_ms):
    """A daily bar's trading date as YYYYMMDD."""
    return iso_time(time_ms)[:10].replace("-", "")


def client_order_id(symbol, day, kind):
    """Deterministic, so that a rerun finds what an earlier run sent: the spec hash, the symbol,
    the signal bar's date and the kind of order; at most 48 characters (long symbols hashed)."""
    token = symbol if len(symbol) <= 16 else hashlib.sha256(symbol.encode()).hexdigest()[:8]
    return f"{ORDER_ID_PREFIX}-{token}-{day}-{kind}"


def order_kind(order, symbol):
    """(signal day, kind without its count) of this strategy's order for symbol, else (None, None)."""
    parts = order.client_order_id[len(ORDER_ID_PREFIX) + 1 :].rsplit("-", 2)
    if order.symbol != symbol or len(parts) != 3:
        return None, None
    return parts[1], parts[2].rstrip("0123456789")


def signal_window(clock):
    """None when the rules may be judged and opening-auction orders sent, else when they may:
    after the close, from 19:00 New York time (the clock's times are New York's), until 09:28."""
    now = clock.timestamp
    reopen = AUCTION_ORDERS_REOPEN
    if clock.is_open:
        return clock.next_close.replace(hour=reopen[0], minute=reopen[1], second=0, microsecond=0)
    cutoff = now.replace(hour=AUCTION_CUTOFF[0], minute=AUCTION_CUTOFF[1], second=0, microsecond=0)
    reopens = now.replace(hour=reopen[0], minute=reopen[1], second=0, microsecond=0)
    if now.weekday() < 5 and cutoff <= now < reopens:
        return reopens
    return None


def tick(price):
    """A price as Alpaca takes it: whole cents from $1 up, hundredths of a cent below."""
    return round(price, 2 if price >= 1 else 4)


def run_pass(broker, clock, history_bars):
    """Protective orders for the positions this strategy opened and, when opening-auction orders
    may be sent, its exit and entry signals on the last completed bar."""
    wait = signal_window(clock)
    session_day = (clock.timestamp if clock.is_open else clock.next_open).date()
    log_event("pass", market_open=clock.is_open, judges_signals=wait is None, session=session_day)
    account = broker.account()
    positions = broker.positions()
    open_orders = broker.orders(broker.sdk.QueryOrderStatus.OPEN)
    orders = open_orders + broker.orders(broker.sdk.QueryOrderStatus.CLOSED)
    series = broker.completed_bars(session_day, history_bars)
    plans = {}
    for symbol in UNIVERSE:
        if len(series[symbol].time) < 2:
            broker.report("no_bars", symbol=symbol, bars=len(series[symbol].time))
        else:
            plans[symbol] = compute_plan(series[symbol])
    exiting = set()
    for symbol, plan in plans.items():
        protective = [order for order in open_orders if order_kind(order, symbol)[1] in PROTECTIVE_KINDS]
        position = positions.get(symbol)
        try:
            if position is None:
                # Alone, a stop or target order would open a position.
                for order in protective:
                    broker.cancel(order, "the position is closed")
            elif manage_position(broker, plan, position, protective, orders, wait is None):
                exiting.add(symbol)
        except broker.sdk.APIError as error:
            broker.refused("position", error, symbol=symbol)
    if wait is not None:
        log_event("signals_later", at=wait, reason="opening-auction orders are taken from 19:00 to 09:28 New York time, market closed")
        return
    equity = float(account.equity)
    # The backtest never borrows: new positions take at most equity less the positions kept.
    free = equity - sum(abs(float(positions[symbol].market_value or 0)) for symbol in positions if symbol not in exiting)
    for symbol, plan in plans.items():
        if symbol not in positions:
            try:
                free -= enter(broker, plan, equity, free)
            except broker.sdk.APIError as error:
                broker.refused("entry", error, symbol=symbol)


def auction_order(sdk, symbol, quantity, direction, order_id):
    """A market order for the next opening auction: the bar model's fill at the next open."""
    side = sdk.OrderSide.BUY if direction > 0 else sdk.OrderSide.SELL
    return sdk.MarketOrderRequest(
        symbol=symbol, qty=quantity, side=side, time_in_force=sdk.TimeInForce.OPG, client_order_id=order_id
    )


def enter(broker, plan, equity, free):
    """An entry signal on the last completed bar becomes an opening-auction order sized as the
    backtest sizes it; returns the cash it may take."""
    symbol = plan.bars.symbol
    last = len(plan.bars.time) - 1
    if plan.entry[last] != TRUE:
        return 0.0
    day = bar_day(plan.bars.time[last])
    # The open is not known yet: the signal bar's close stands in for it.
    reference = plan.bars.close[last]
    notional = min(wanted_notional(plan, last, equity), free)
    distances = sum(distance_at(exit, last, reference) for exit in (plan.stop_loss, plan.take_profit, plan.trailing_stop))
    reason = (
        "the volatility target has no estimate on the signal bar" if math.isnan(notional)
        else "no cash left: the backtest does not borrow" if notional <= 0
        else "an ATR exit distance is undefined on the signal bar" if math.isnan(distances)
        else None
    )
    quantity = 0 if reason else math.floor(notional / (reference * (1 + SLIPPAGE_RATE) * (1 + FEE_RATE)))
    if not reason and quantity < 1:
        reason = "less than one share: opening-auction orders take whole shares"
    log_event("entry_signal", symbol=symbol, bar=day, equity=equity, notional=notional, qty=quantity, skipped=reason)
    if reason:
        return 0.0
    order = broker.submit_once(auction_order(broker.sdk, symbol, quantity, DIRECTION, client_order_id(symbol, day, "entry")))
    return 0.0 if order is None else quantity * reference


def latest_entry(orders, symbol):
    """The entry of the position held: this strategy's latest entry order for symbol that filled."""
    entries = [order for order in orders if order_kind(order, symbol)[1] == "entry" and float(order.filled_qty or 0) > 0]
    return max(entries, key=lambda order: order_kind(order, symbol)[0], default=None)


def manage_position(broker, plan, position, protective, orders, judge_signals):
    """The exit signal, time exit and protective orders of a position this strategy opened (any
    other position is left alone). Returns True when it exits at the next open."""
    symbol = plan.bars.symbol
    held = float(position.qty)
    entry = latest_entry(orders, symbol)
    if entry is None or held * DIRECTION <= 0:
        log_event("position_left_alone", symbol=symbol, qty=position.qty, reason="this strategy did not open it")
        return False
    signal_day = order_kind(entry, symbol)[0]
    days = [bar_day(time_ms) for time_ms in plan.bars.time]
    entry_bar = next((i for i, day in enumerate(days) if day > signal_day), len(days))
    bars_held = len(days) - entry_bar
    if judge_signals:
        exit_signals = plan.exit_signals
        signalled = exit_signals is not None and exit_signals[-1] == TRUE
        if signalled or (TIME_EXIT_BARS is not None and bars_held >= TIME_EXIT_BARS):
            log_event("exit_signal", symbol=symbol, bar=days[-1], bars_held=bars_held, rule=signalled)
            for order in protective:
                broker.cancel(order, "exiting at the next open")
            order_id = client_order_id(symbol, days[-1], "exit")
            broker.submit_once(auction_order(broker.sdk, symbol, abs(held), -DIRECTION, order_id))
            return True
    protect(broker, plan, entry, days, entry_bar, abs(held), protective)
    return False


def protect(broker, plan, entry, days, entry_bar, quantity, protective):
    """The spec's stop loss, take profit and trailing stop as good-till-cancelled orders at the
    levels the bar model sets from the entry's fill; one order, since two exit orders cannot hold
    the same shares: an OCO order for a stop and a target."""
    if not (plan.stop_loss or plan.take_profit or plan.trailing_stop):
        return
    sdk = broker.sdk
    symbol = plan.bars.symbol
    signal_day = order_kind(entry, symbol)[0]
    fill = float(entry.filled_avg_price)
    signal = days.index(signal_day) if signal_day in days else None
    exits = (plan.stop_loss, plan.take_profit, plan.trailing_stop)
    if signal is None and any(exit and exit[0] == "atr" for exit in exits):
        broker.report("history_too_short", symbol=symbol, signal_bar=signal_day, bars=len(days), fix="raise --history-bars")
        return
    stop = fill - DIRECTION * distance_at(plan.stop_loss, signal, fill) if plan.stop_loss else None
    target = fill + DIRECTION * distance_at(plan.take_profit, signal, fill) if plan.take_profit else None
    trailing = plan.trailing_stop
    count = str(len(days) - entry_bar)
    fields = dict(
        symbol=symbol,
        qty=quantity,
        side=sdk.OrderSide.SELL if DIRECTION == 1 else sdk.OrderSide.BUY,
        time_in_force=sdk.TimeInForce.GTC,
    )
    if trailing and stop is None and target is None:
        percent = trailing[0] == "percent"
        trail = {"trail_percent": trailing[1]} if percent else {"trail_price": tick(distance_at(trailing, signal, fill))}
        order_id = client_order_id(symbol, signal_day, "trail" + count)
        keep_protection(broker, protective, sdk.TrailingStopOrderRequest(**fields, **trail, client_order_id=order_id), None)
        return
    if trailing:
        # Alpaca has no OCO order with a trailing leg: the stop follows the bar model's trailing
        # stop, the best high (low) since entry less the distance, moved after each close.
        extreme = fill
        for i in range(entry_bar, len(days)):
            extreme = max(extreme, plan.bars.high[i]) if DIRECTION == 1 else min(extreme, plan.bars.low[i])
        distance = (extreme * trailing[1]) / 100 if trailing[0] == "percent" else distance_at(trailing, signal, fill)
        level = extreme - DIRECTION * distance
        stop = level if stop is None or DIRECTION * (level - stop) > 0 else stop
    if stop is not None and target is not None:
        request = sdk.LimitOrderRequest(
            **fields,
            limit_price=tick(target),
            order_class=sdk.OrderClass.OCO,
            take_profit=sdk.TakeProfitRequest(limit_price=tick(target)),
            stop_loss=sdk.StopLossRequest(stop_price=tick(stop)),
            client_order_id=client_order_id(symbol, signal_day, "oco" + count),
        )
    elif stop is not None:
        order_id = client_order_id(symbol, signal_day, "stop" + count)
        request = sdk.StopOrderRequest(**fields, stop_price=tick(stop), client_order_id=order_id)
    else:
        order_id = client_order_id(symbol, signal_day, "target" + count)
        request = sdk.LimitOrderRequest(**fields, limit_price=tick(target), client_order_id=order_id)
    keep_protection(broker, protective, request, None if stop is None else tick(stop))


def stop_price_of(order):
    """The stop price of a stop order or of an OCO order's stop leg; None for other orders."""
    prices = [order.stop_price] + [leg.stop_price for leg in order.legs or []]
    return next((float(price) for price in prices if price is not None), None)


def keep_protection(broker, protective, request, stop_price):
    """Sends request unless an open order of the same kind, quantity and stop already protects
    the position; cancels the symbol's other protective orders first."""
    kind = request.client_order_id.rsplit("-", 1)[1].rstrip("0123456789")
    symbol = request.symbol
    kept = next(
        (
            order
            for order in protective
            if order_kind(order, symbol)[1] == kind
            and float(order.qty) == request.qty
            and stop_price_of(order) == stop_price
        ),
        None,
    )
    for order in protective:
        if order is not kept:
            broker.cancel(order, "replaced by " + request.client_order_id)
    if kept is None:
        broker.submit_once(request)
`;
