/** A symbol's signals and exit settings, as `compute_plan` returns them. */
export const planRuntime = String.raw`
class Plan:
    """One symbol's bars and signals, each judged on a bar's close with data up to that bar.
    An exit distance is None, ("percent", p) or ("atr", multiple, atr_series)."""

    def __init__(self, bars, entry, exit_signals, size_fraction, stop_loss, take_profit, trailing_stop):
        self.bars = bars
        self.entry = entry
        self.exit_signals = exit_signals
        self.size_fraction = size_fraction
        self.stop_loss = stop_loss
        self.take_profit = take_profit
        self.trailing_stop = trailing_stop
`.trim();

/** The price distance of a stop, target or trailing stop, fixed when a position opens. */
export const distanceAtRuntime = String.raw`
def distance_at(distance, signal_bar, fill):
    """Price distance of an exit level, fixed at entry: 0 when unused, NaN when undefined."""
    if distance is None:
        return 0.0
    if distance[0] == "percent":
        return (fill * distance[1]) / 100
    return distance[1] * distance[2][signal_bar]
`.trim();

/**
 * The backtester's bar model (engine/simulate/portfolio.ts, `simulateEventLoop`, and
 * position-book.ts) operation for operation, so fills and quantities agree to the last bit.
 * It reads the strategy's constants (DIRECTION, FEE_RATE, SLIPPAGE_RATE, TIME_EXIT_BARS) and
 * `wanted_notional` from the compiled part of the file.
 */
export const simulationRuntime = String.raw`
NO_ORDER, ENTER, EXIT = 0, 1, 2


${planRuntime}


class Account:
    """Cash, one position slot per symbol and the closed trades of one simulation."""

    def __init__(self, symbols, initial_cash):
        count = len(symbols)
        self.symbols = symbols
        self.cash = initial_cash
        # Sums over open positions of signed quantity x mark and of |quantity| x mark.
        self.position_value = 0.0
        self.gross_value = 0.0
        self.quantity = [0.0] * count  # signed: positive long, negative short, 0 flat
        self.last_close = [0.0] * count
        self.entry_price = [0.0] * count
        self.entry_time = [0] * count
        self.bars_held = [0] * count
        self.trades = []

    def open(self, s, time_ms, fill, size):
        fee = size * fill * FEE_RATE
        self.cash -= DIRECTION * size * fill + fee
        self.quantity[s] = DIRECTION * size
        self.last_close[s] = fill
        self.position_value += DIRECTION * size * fill
        self.gross_value += size * fill
        self.entry_price[s] = fill
        self.entry_time[s] = time_ms
        self.bars_held[s] = 0

    def close(self, s, time_ms, base_price, slipped):
        """Closes symbol s at base_price, moved against the trade by slippage when slipped."""
        held = self.quantity[s]
        size = abs(held)
        fill = base_price * (1 - DIRECTION * SLIPPAGE_RATE) if slipped else base_price
        fee = size * fill * FEE_RATE
        self.cash += held * fill - fee
        self.position_value -= held * self.last_close[s]
        self.gross_value -= size * self.last_close[s]
        self.trades.append(
            {
                "symbol": self.symbols[s],
                "entryTime": iso_time(self.entry_time[s]),
                "entryPrice": self.entry_price[s],
                "exitTime": iso_time(time_ms),
                "exitPrice": fill,
                "quantity": size,
            }
        )
        self.quantity[s] = 0.0


${distanceAtRuntime}


def union_timeline(windows):
    """Sorted union of the symbols' bar times, and whether every symbol has a bar at every step."""
    if all(window == windows[0] for window in windows):
        return windows[0], True
    return sorted({time for window in windows for time in window}), False


def simulate(plans, initial_cash, start_ms, end_ms):
    """Closed trades, in exit order, and the number of simulated steps. The bar model:
    - a signal on bar t's close fills at bar t+1's open, slippage against the trade;
    - at each open, pending exits fill before pending entries, so freed cash can be reused;
    - a new position takes wanted_notional capped by buying power (equity minus gross
      position value: no leverage), quantity = notional / (fill x (1 + FEE_RATE));
    - stops and targets are checked inside each bar after the open, the entry bar included: a
      stop fills at its level or the worse open; when stop and target are both touched the stop
      wins; targets are limit orders without slippage;
    - a trailing stop follows the best high (low for shorts) of the bars before, and replaces the
      stop loss while it is tighter;
    - at each close positions are marked, exit signals and the time exit are judged for held
      symbols, entry signals for flat ones. A signal on the last bar is never filled."""
    count = len(plans)
    times = [plan.bars.time for plan in plans]
    begin = [0 if start_ms is None else lower_bound(time, start_ms) for time in times]
    end = [len(time) if end_ms is None else lower_bound(time, end_ms + 1) for time in times]
    timeline, aligned = union_timeline([times[s][begin[s] : end[s]] for s in range(count)])
    account = Account([plan.bars.symbol for plan in plans], initial_cash)
    quantity = account.quantity
    has_intrabar_exits = any(plan.stop_loss or plan.take_profit or plan.trailing_stop for plan in plans)
    time_exit_bars = INF if TIME_EXIT_BARS is None else TIME_EXIT_BARS
    cursor = list(begin)
    bar_at = [-1] * count
    stop_level = [0.0] * count
    target_level = [0.0] * count
    trail_distance = [NAN] * count
    trail_extreme = [0.0] * count
    pending = [NO_ORDER] * count
    signal_bar = [0] * count

    for step, time in enumerate(timeline):
        for s in range(count):
            if aligned:
                bar_at[s] = begin[s] + step
            elif cursor[s] < end[s] and times[s][cursor[s]] == time:
                bar_at[s] = cursor[s]
                cursor[s] += 1
            else:
                bar_at[s] = -1

        # Open: pending exits first, then pending entries.
        for s, plan in enumerate(plans):
            i = bar_at[s]
            if i >= 0 and pending[s] == EXIT:
                pending[s] = NO_ORDER
                account.close(s, time, plan.bars.open[i], True)
        for s, plan in enumerate(plans):
            i = bar_at[s]
            if i < 0 or pending[s] != ENTER:
                continue
            pending[s] = NO_ORDER
            fill = plan.bars.open[i] * (1 + DIRECTION * SLIPPAGE_RATE)
            signal = signal_bar[s]
            equity = account.cash + account.position_value
            # min() keeps a NaN wanted notional (no volatility estimate yet): the entry is skipped.
            notional = min(wanted_notional(plan, signal, equity), equity - account.gross_value)
            stop_distance = distance_at(plan.stop_loss, signal, fill)
            target_distance = distance_at(plan.take_profit, signal, fill)
            trail = distance_at(plan.trailing_stop, signal, fill)
            if not notional > 0 or math.isnan(stop_distance + target_distance + trail):
                continue
            account.open(s, time, fill, notional / (fill * (1 + FEE_RATE)))
            stop_level[s] = fill - DIRECTION * stop_distance if plan.stop_loss else DIRECTION * -INF
            target_level[s] = fill + DIRECTION * target_distance if plan.take_profit else DIRECTION * INF
            trailing_kind = plan.trailing_stop and plan.trailing_stop[0]
            trail_distance[s] = trail if trailing_kind == "atr" else NAN
            trail_extreme[s] = fill

        # Inside the bar: stops and targets.
        for s, plan in enumerate(plans):
            i = bar_at[s]
            if not has_intrabar_exits or i < 0 or quantity[s] == 0:
                continue
            bars = plan.bars
            stop = stop_level[s]
            if plan.trailing_stop:
                extreme = trail_extreme[s]
                if plan.trailing_stop[0] == "percent":
                    distance = (extreme * plan.trailing_stop[1]) / 100
                else:
                    distance = trail_distance[s]
                trailing = extreme - DIRECTION * distance
                if DIRECTION * (trailing - stop) > 0:
                    stop = trailing
            target = target_level[s]
            if bars.low[i] <= stop if DIRECTION == 1 else bars.high[i] >= stop:
                base = min(bars.open[i], stop) if DIRECTION == 1 else max(bars.open[i], stop)
                account.close(s, time, base, True)
            elif bars.high[i] >= target if DIRECTION == 1 else bars.low[i] <= target:
                base = max(bars.open[i], target) if DIRECTION == 1 else min(bars.open[i], target)
                account.close(s, time, base, False)
            elif DIRECTION == 1:
                trail_extreme[s] = max(trail_extreme[s], bars.high[i])
            else:
                trail_extreme[s] = min(trail_extreme[s], bars.low[i])

        # Close: mark, then judge the signals for the next open.
        position_value = 0.0
        gross_value = 0.0
        for s, plan in enumerate(plans):
            i = bar_at[s]
            held = quantity[s]
            if i >= 0:
                account.last_close[s] = plan.bars.close[i]
                if held != 0:
                    account.bars_held[s] += 1
                    exit_signals = plan.exit_signals
                    signalled = exit_signals is not None and exit_signals[i] == TRUE
                    if signalled or account.bars_held[s] >= time_exit_bars:
                        pending[s] = EXIT
                elif pending[s] == NO_ORDER and plan.entry[i] == TRUE:
                    pending[s] = ENTER
                    signal_bar[s] = i
            if held != 0:
                position_value += held * account.last_close[s]
                gross_value += abs(held) * account.last_close[s]
        account.position_value = position_value
        account.gross_value = gross_value
    return account.trades, len(timeline)
`;
