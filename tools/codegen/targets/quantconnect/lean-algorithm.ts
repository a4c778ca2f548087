/**
 * The LEAN side of a QuantConnect algorithm: fee model, per-symbol book and the QCAlgorithm that
 * drives `compute_plan` bar by bar and trades at the next open. It reads the file's settings
 * (SECURITIES, BAR_MINUTES, HISTORY_BARS, ...) and the strategy core above it; LEAN names
 * (Resolution, OrderStatus, ...) appear only inside methods, so the file imports without LEAN.
 * The API is LEAN's snake_case Python API (QCAlgorithm.market_on_open_order, OrderTicket.
 * update_stop_price, FeeModel.get_order_fee, ...).
 */
export function leanAlgorithm(className: string): string {
  return String.raw`
class BarModelFeeModel(FeeModel):
    """The backtest's fee: FEE_RATE of each fill's notional (valued at the security's price)."""

    def get_order_fee(self, parameters):
        security = parameters.security
        notional = parameters.order.absolute_quantity * security.price
        return OrderFee(CashAmount(notional * FEE_RATE, security.quote_currency.symbol))


class SymbolBook:
    """A universe symbol on LEAN: its recent bars, the order awaiting a fill, and the stop and
    target protecting its position (levels as the backtest computes them)."""

    def __init__(self, name, asset_class, security):
        self.name = name
        self.asset_class = asset_class
        self.security = security
        self.symbol = security.symbol
        self.bars = BarHistory(name, HISTORY_BARS)
        self.consolidated = None  # a completed bar of BAR_MINUTES, waiting for on_data
        self.pending = None  # "entry" or "exit" while that order awaits its fill
        self.plan = None  # the plan of the entry signal's bar
        self.signal_bar = 0
        self.bars_held = 0
        self.stop_level = 0.0
        self.trail_distance = NAN
        self.trail_extreme = 0.0
        self.stop_in_force = 0.0
        self.stop_order = None
        self.target_order = None

    def on_consolidated(self, bar):
        self.consolidated = bar

    def closed_bar(self, slice):
        """This slice's completed strategy bar of the symbol, or None."""
        if BAR_MINUTES not in (1, 60, 1440):
            bar, self.consolidated = self.consolidated, None
            return bar
        if self.symbol in slice.bars:
            return slice.bars[self.symbol]
        if self.symbol in slice.quote_bars:
            return slice.quote_bars[self.symbol]
        return None

    def stop_price(self):
        """The stop in force: the stop loss, or the trailing stop where it is tighter."""
        stop = self.stop_level
        trailing = self.plan.trailing_stop
        if trailing is not None:
            extreme = self.trail_extreme
            if trailing[0] == "percent":
                distance = (extreme * trailing[1]) / 100
            else:
                distance = self.trail_distance
            level = extreme - DIRECTION * distance
            if DIRECTION * (level - stop) > 0:
                stop = level
        return stop


class ${className}(QCAlgorithm):
    """The strategy on LEAN. At each strategy bar's close, compute_plan over the symbol's recent
    bars judges the rules exactly as the backtest does; orders fill at the next open."""

    def initialize(self):
        self.set_start_date(*START_DATE)
        if END_DATE is not None:
            self.set_end_date(*END_DATE)
        self.set_cash(INITIAL_CASH)
        resolution = {1: Resolution.MINUTE, 60: Resolution.HOUR, 1440: Resolution.DAILY}.get(
            BAR_MINUTES, Resolution.MINUTE
        )
        subscribe = {"equity": self.add_equity, "forex": self.add_forex, "crypto": self.add_crypto}
        self.books = []
        for name, asset_class, ticker in SECURITIES:
            # No fill-forward: as in the backtest, a symbol without a trade has no bar. Leverage 1:
            # the backtest never borrows (a position is capped by buying power).
            security = subscribe[asset_class](ticker, resolution, fill_forward=False, leverage=1.0)
            security.set_fee_model(BarModelFeeModel())
            security.set_slippage_model(ConstantSlippageModel(SLIPPAGE_RATE))
            book = SymbolBook(name, asset_class, security)
            if BAR_MINUTES not in (1, 60, 1440):
                self.consolidate(book.symbol, timedelta(minutes=BAR_MINUTES), book.on_consolidated)
            self.books.append(book)
        self.book_of = {book.symbol: book for book in self.books}
        minutes_per_bar = BAR_MINUTES if resolution == Resolution.MINUTE else 1
        self.set_warm_up(HISTORY_BARS * minutes_per_bar, resolution)

    def on_data(self, slice):
        closed = []
        for book in self.books:
            bar = book.closed_bar(slice)
            if bar is not None:
                volume = float(getattr(bar, "volume", 0.0))
                prices = (float(bar.open), float(bar.high), float(bar.low), float(bar.close))
                book.bars.append(clock_ms(bar.time), *prices, volume)
                closed.append(book)
        if self.is_warming_up or not closed:
            return
        # The bar's close, as in the backtest: held symbols are judged for exits (whose cash is
        # free again at the next open, before entries fill), flat ones for entries.
        entries = []
        for book in closed:
            plan = compute_plan(book.bars)
            last = len(plan.entry) - 1
            held = self.portfolio[book.symbol].quantity
            if held * DIRECTION < 0:
                # Only if a stop and a target both filled in one bar: undo the second exit.
                self.log(f"{book.name}: position reversed by two exits in one bar; closing it")
                self.liquidate(book.symbol, tag="reconcile")
            elif held != 0 and book.pending is None:
                self.judge_position(book, plan, last)
            elif held == 0 and book.pending is None and plan.entry[last] == TRUE:
                entries.append((book, plan, last))
        staying = [book for book in self.books if book.pending != "exit"]
        gross = sum(abs(self.portfolio[book.symbol].holdings_value) for book in staying)
        for book, plan, last in entries:
            gross += self.submit_entry(book, plan, last, gross)

    def judge_position(self, book, plan, last):
        """Counts the bar held; exits at the next open on an exit signal or when the time exit is
        due, else trails the stop with the bar's extreme."""
        book.bars_held += 1
        signalled = plan.exit_signals is not None and plan.exit_signals[last] == TRUE
        timed_out = TIME_EXIT_BARS is not None and book.bars_held >= TIME_EXIT_BARS
        if signalled or timed_out:
            self.cancel_protection(book)
            book.pending = "exit"
            quantity = -self.portfolio[book.symbol].quantity
            reason = "signal" if signalled else "time exit"
            self.log(f"{book.name}: exit ({reason}) of {-quantity} at the next open")
            self.submit(book, quantity, "exit")
        elif book.stop_order is not None and book.plan.trailing_stop is not None:
            bars = book.bars
            if DIRECTION == 1:
                book.trail_extreme = max(book.trail_extreme, bars.high[-1])
            else:
                book.trail_extreme = min(book.trail_extreme, bars.low[-1])
            stop = book.stop_price()
            if DIRECTION * (stop - book.stop_in_force) > 0:
                book.stop_in_force = stop
                book.stop_order.update_stop_price(stop)

    def submit_entry(self, book, plan, last, gross):
        """Sizes an entry as the backtest does and submits it for the next open; returns the cash
        it commits (0 when skipped)."""
        # The open it fills at is unknown at the close: the close stands in for it.
        fill = book.bars.close[-1] * (1 + DIRECTION * SLIPPAGE_RATE)
        exits = (plan.stop_loss, plan.take_profit, plan.trailing_stop)
        if math.isnan(sum(distance_at(exit, last, fill) for exit in exits)):
            self.log(f"{book.name}: entry skipped, its ATR exit distance is not defined yet")
            return 0.0
        equity = self.portfolio.total_portfolio_value
        # min() keeps a NaN wanted notional (no volatility estimate yet): the entry is skipped.
        notional = min(wanted_notional(plan, last, equity), equity - gross)
        if not notional > 0:
            return 0.0
        lot = book.security.symbol_properties.lot_size
        quantity = math.floor(notional / (fill * (1 + FEE_RATE)) / lot) * lot
        if quantity <= 0:
            self.log(f"{book.name}: entry skipped, {notional:.2f} buys less than one lot of {lot}")
            return 0.0
        book.plan = plan
        book.signal_bar = last
        book.pending = "entry"
        self.log(f"{book.name}: entry of {DIRECTION * quantity} at the next open")
        self.submit(book, DIRECTION * quantity, "entry")
        return notional

    def submit(self, book, quantity, tag):
        """At the next open: the opening auction for stocks on daily bars, else a market order now
        (the next bar's open of a market that trades around the clock, or of an intraday bar)."""
        if book.asset_class == "equity" and BAR_MINUTES == 1440:
            return self.market_on_open_order(book.symbol, quantity, tag=tag)
        return self.market_order(book.symbol, quantity, asynchronous=True, tag=tag)

    def on_order_event(self, order_event):
        book = self.book_of.get(order_event.symbol)
        if book is None:
            return
        tag = self.transactions.get_order_by_id(order_event.order_id).tag
        status = order_event.status
        if status in (OrderStatus.INVALID, OrderStatus.CANCELED):
            if tag == book.pending:
                self.log(f"{book.name}: {tag} order {status}: {order_event.message}")
                book.pending = None
            return
        if status != OrderStatus.FILLED:
            return
        quantity, price = float(order_event.fill_quantity), float(order_event.fill_price)
        self.log(f"{book.name}: {tag} filled, {quantity} at {price}")
        if tag == "entry":
            book.pending = None
            self.protect(book, price, abs(quantity))
        elif tag == "exit":
            book.pending = None
        elif tag in ("stop", "target"):
            self.cancel_protection(book)

    def protect(self, book, fill, quantity):
        """Stop and target for a new position, their distances fixed at entry as in the backtest:
        a stop order at the stop loss or trailing stop, a limit order at the target."""
        plan, signal = book.plan, book.signal_bar
        stop_distance = distance_at(plan.stop_loss, signal, fill)
        target_distance = distance_at(plan.take_profit, signal, fill)
        trail = distance_at(plan.trailing_stop, signal, fill)
        book.bars_held = 0
        book.stop_level = fill - DIRECTION * stop_distance if plan.stop_loss else DIRECTION * -INF
        atr_trail = plan.trailing_stop is not None and plan.trailing_stop[0] == "atr"
        book.trail_distance = trail if atr_trail else NAN
        book.trail_extreme = fill
        stop = book.stop_price()
        closing = -DIRECTION * quantity
        # The stop goes first: LEAN fills in order, and when a bar touches both the stop wins.
        if math.isfinite(stop):
            book.stop_in_force = stop
            book.stop_order = self.stop_market_order(book.symbol, closing, stop, tag="stop")
        if plan.take_profit:
            target = fill + DIRECTION * target_distance
            book.target_order = self.limit_order(book.symbol, closing, target, tag="target")

    def cancel_protection(self, book):
        closed = (OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.INVALID)
        for ticket in (book.stop_order, book.target_order):
            if ticket is not None and ticket.status not in closed:
                ticket.cancel()
        book.stop_order = None
        book.target_order = None
`.trim();
}
