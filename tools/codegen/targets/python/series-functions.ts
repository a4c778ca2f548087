import { pythonFunction } from "./library.ts";

/**
 * Series arithmetic and rules as the engine evaluates them (engine/strategy/expressions.ts,
 * rules.ts): NaN where a value is undefined, and three-valued rules (FALSE, TRUE, UNKNOWN) where
 * UNKNOWN never fires and `not` keeps it UNKNOWN.
 */
export const seriesFunctions = [
  pythonFunction(
    "hl2",
    [],
    String.raw`
def hl2(bars):
    return [(h + l) / 2 for h, l in zip(bars.high, bars.low)]
`,
  ),
  pythonFunction(
    "hlc3",
    [],
    String.raw`
def hlc3(bars):
    return [(h + l + c) / 3 for h, l, c in zip(bars.high, bars.low, bars.close)]
`,
  ),
  pythonFunction(
    "ohlc4",
    [],
    String.raw`
def ohlc4(bars):
    return [(o + h + l + c) / 4 for o, h, l, c in zip(bars.open, bars.high, bars.low, bars.close)]
`,
  ),
  pythonFunction(
    "add",
    [],
    String.raw`
def add(a, b):
    return [x + y for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "sub",
    [],
    String.raw`
def sub(a, b):
    return [x - y for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "mul",
    [],
    String.raw`
def mul(a, b):
    return [x * y for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "div",
    [],
    String.raw`
def div(a, b):
    """a / b; undefined (NaN), not infinite, where b is 0, so it cannot trigger a comparison."""
    return [NAN if y == 0 else x / y for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "smaller",
    [],
    String.raw`
def smaller(a, b):
    """The smaller of a and b, bar by bar; NaN if either is NaN (JavaScript's Math.min)."""
    return [NAN if x != x or y != y else (y if y < x else x) for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "larger",
    [],
    String.raw`
def larger(a, b):
    """The larger of a and b, bar by bar; NaN if either is NaN (JavaScript's Math.max)."""
    return [NAN if x != x or y != y else (y if y > x else x) for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "absolute",
    [],
    String.raw`
def absolute(a):
    return [abs(x) for x in a]
`,
  ),
  pythonFunction(
    "lag",
    [],
    String.raw`
def lag(a, bars):
    """The value bars bars ago; NaN where there is no such bar."""
    return [NAN] * min(bars, len(a)) + a[: max(0, len(a) - bars)]
`,
  ),
  pythonFunction(
    "greater",
    [],
    String.raw`
def greater(a, b):
    return [UNKNOWN if x != x or y != y else (TRUE if x > y else FALSE) for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "greater_or_equal",
    [],
    String.raw`
def greater_or_equal(a, b):
    return [UNKNOWN if x != x or y != y else (TRUE if x >= y else FALSE) for x, y in zip(a, b)]
`,
  ),
  pythonFunction(
    "crosses_above",
    [],
    String.raw`
def crosses_above(a, b):
    """a crosses above b at t: a[t] > b[t] and a[t-1] <= b[t-1], UNKNOWN unless both sides are
    defined on both bars. Judged on a - b, so that crosses_above(b, a) is the exact mirror."""
    length = min(len(a), len(b))
    out = [FALSE] * length
    if length == 0:
        return out
    out[0] = UNKNOWN
    before = a[0] - b[0]
    for t in range(1, length):
        now = a[t] - b[t]
        if now != now or before != before:
            out[t] = UNKNOWN
        elif now > 0 and before <= 0:
            out[t] = TRUE
        before = now
    return out
`,
  ),
  pythonFunction(
    "all_of",
    [],
    String.raw`
def all_of(*parts):
    """Kleene and: FALSE if any part is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE."""
    out = [TRUE] * len(parts[0])
    for part in parts:
        for i, value in enumerate(part):
            if value == FALSE:
                out[i] = FALSE
            elif value == UNKNOWN and out[i] == TRUE:
                out[i] = UNKNOWN
    return out
`,
  ),
  pythonFunction(
    "any_of",
    [],
    String.raw`
def any_of(*parts):
    """Kleene or: TRUE if any part is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE."""
    out = [FALSE] * len(parts[0])
    for part in parts:
        for i, value in enumerate(part):
            if value == TRUE:
                out[i] = TRUE
            elif value == UNKNOWN and out[i] == FALSE:
                out[i] = UNKNOWN
    return out
`,
  ),
  pythonFunction(
    "negate",
    [],
    String.raw`
def negate(rule):
    """Kleene not: UNKNOWN stays UNKNOWN."""
    return [value if value == UNKNOWN else 1 - value for value in rule]
`,
  ),
  pythonFunction(
    "only_where",
    [],
    String.raw`
def only_where(signals, allowed):
    """Keeps a signal only where the filter holds (TRUE; UNKNOWN blocks it)."""
    return [value if permit == TRUE else FALSE for value, permit in zip(signals, allowed)]
`,
  ),
  pythonFunction(
    "volatility_target_fraction",
    [],
    String.raw`
def volatility_target_fraction(close, annual_volatility_percent, lookback_bars, max_fraction, bars_per_year):
    """Fraction of equity that targets an annual volatility: target / realized, capped. Realized
    volatility is the sample std of the last lookback_bars log returns, annualized; NaN (no
    entry) until there are that many returns (engine/strategy/compile.ts)."""
    annualization = math.sqrt(bars_per_year)
    out = [NAN] * len(close)
    total = 0.0
    squares = 0.0
    for i in range(1, len(close)):
        change = math.log(close[i] / close[i - 1])
        total += change
        squares += change * change
        if i > lookback_bars:
            old = math.log(close[i - lookback_bars] / close[i - lookback_bars - 1])
            total -= old
            squares -= old * old
        if i >= lookback_bars:
            variance = (squares - (total * total) / lookback_bars) / (lookback_bars - 1)
            if variance < 0:
                variance = 0.0
            realized = math.sqrt(variance) * annualization
            if realized > 0:
                out[i] = min(max_fraction, annual_volatility_percent / 100 / realized)
            else:
                out[i] = max_fraction
    return out
`,
  ),
];
