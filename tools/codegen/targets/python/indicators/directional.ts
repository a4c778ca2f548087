import { pythonFunction } from "../library.ts";

/** Directional movement: +DI, -DI and ADX (engine/indicators/directional.ts). */
export const directionalFunctions = [
  pythonFunction(
    "plus_move",
    [],
    String.raw`
def plus_move(high, low, i):
    """+DM of bar i (Wilder): the rise of the high when it beats the fall of the low, else 0."""
    up = high[i] - high[i - 1]
    down = low[i - 1] - low[i]
    return up if up > 0 and up > down else 0.0
`,
  ),
  pythonFunction(
    "minus_move",
    [],
    String.raw`
def minus_move(high, low, i):
    """-DM of bar i (Wilder): the fall of the low when it beats the rise of the high, else 0."""
    up = high[i] - high[i - 1]
    down = low[i - 1] - low[i]
    return down if down > 0 and up < down else 0.0
`,
  ),
  pythonFunction(
    "directional_indicator",
    ["true_range", "is_zero"],
    String.raw`
def directional_indicator(bars, period, directional_move):
    """+DI or -DI (Wilder; TA-Lib PLUS_DI / MINUS_DI): smoothed movement over smoothed true range, x 100."""
    high, low, close = bars.high, bars.low, bars.close
    length = len(close)
    out = [NAN] * length
    if period >= length:
        return out
    movement = 0.0
    span = 0.0
    for i in range(1, period):
        move = directional_move(high, low, i)
        if move > 0:
            movement += move
        span += true_range(high, low, close, i)
    for i in range(period, length):
        move = directional_move(high, low, i)
        if move > 0:
            movement = movement - movement / period + move
        else:
            movement = movement - movement / period
        span = span - span / period + true_range(high, low, close, i)
        out[i] = 0.0 if is_zero(span) else 100 * (movement / span)
    return out
`,
  ),
  pythonFunction(
    "plus_di",
    ["directional_indicator", "plus_move"],
    String.raw`
def plus_di(bars, period):
    """+DI: upward directional indicator (Wilder)."""
    return directional_indicator(bars, period, plus_move)
`,
  ),
  pythonFunction(
    "minus_di",
    ["directional_indicator", "minus_move"],
    String.raw`
def minus_di(bars, period):
    """-DI: downward directional indicator (Wilder)."""
    return directional_indicator(bars, period, minus_move)
`,
  ),
  pythonFunction(
    "adx",
    ["plus_move", "minus_move", "true_range", "is_zero"],
    String.raw`
def adx(bars, period):
    """Average directional index (Wilder; TA-Lib ADX): the mean of the first period DX values,
    then Wilder smoothing of DX = 100 |+DI - -DI| / (+DI + -DI); first value at 2 period - 1."""
    high, low, close = bars.high, bars.low, bars.close
    length = len(close)
    out = [NAN] * length
    if 2 * period - 1 >= length:
        return out
    plus = 0.0
    minus = 0.0
    span = 0.0
    today = 1
    while today < period:
        down = minus_move(high, low, today)
        up = plus_move(high, low, today)
        if down > 0:
            minus += down
        elif up > 0:
            plus += up
        span += true_range(high, low, close, today)
        today += 1

    def step(i):
        # TA-Lib's order of operations; None where DX is undefined.
        nonlocal plus, minus, span
        down = minus_move(high, low, i)
        up = plus_move(high, low, i)
        minus -= minus / period
        plus -= plus / period
        if down > 0:
            minus += down
        elif up > 0:
            plus += up
        span = span - span / period + true_range(high, low, close, i)
        if is_zero(span):
            return None
        minus_indicator = 100 * (minus / span)
        plus_indicator = 100 * (plus / span)
        total = minus_indicator + plus_indicator
        if is_zero(total):
            return None
        return 100 * (abs(minus_indicator - plus_indicator) / total)

    sum_dx = 0.0
    end = today + period
    while today < end:
        dx = step(today)
        sum_dx += 0.0 if dx is None else dx
        today += 1
    average = sum_dx / period
    out[today - 1] = average
    while today < length:
        dx = step(today)
        if dx is not None:
            average = (average * (period - 1) + dx) / period
        out[today] = average
        today += 1
    return out
`,
  ),
];
