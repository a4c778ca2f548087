import { pythonFunction } from "../library.ts";

/** ROC, momentum, CCI and MFI (engine/indicators/oscillators.ts). */
export const oscillatorFunctions = [
  pythonFunction(
    "roc",
    ["first_valid"],
    String.raw`
def roc(source, period):
    """Rate of change in percent (TA-Lib ROC): (x / x[t - period] - 1) * 100; 0 where the old value is 0."""
    out = [NAN] * len(source)
    for i in range(first_valid(source) + period, len(source)):
        old = source[i - period]
        out[i] = (source[i] / old - 1) * 100 if old != 0 else 0.0
    return out
`,
  ),
  pythonFunction(
    "momentum",
    ["first_valid"],
    String.raw`
def momentum(source, period):
    """Momentum (TA-Lib MOM): x - x[t - period]."""
    out = [NAN] * len(source)
    for i in range(first_valid(source) + period, len(source)):
        out[i] = source[i] - source[i - period]
    return out
`,
  ),
  pythonFunction(
    "cci",
    ["divide"],
    String.raw`
def cci(bars, period):
    """Commodity Channel Index (Lambert; TA-Lib CCI): (typical - SMA) / (0.015 x mean absolute deviation),
    0 when either is 0; sums run in TA-Lib's circular-buffer order."""
    high, low, close = bars.high, bars.low, bars.close
    length = len(close)
    out = [NAN] * length
    if period > length:
        return out
    window = [0.0] * period
    slot = 0
    for i in range(period - 1):
        window[slot] = (high[i] + low[i] + close[i]) / 3
        slot += 1
    for today in range(period - 1, length):
        typical = (high[today] + low[today] + close[today]) / 3
        window[slot] = typical
        average = 0.0
        for value in window:
            average += value
        average /= period
        deviation = 0.0
        for value in window:
            deviation += abs(value - average)
        distance = typical - average
        if distance != 0 and deviation != 0:
            out[today] = divide(distance, 0.015 * (deviation / period))
        else:
            out[today] = 0.0
        slot = 0 if slot + 1 == period else slot + 1
    return out
`,
  ),
  pythonFunction(
    "mfi",
    [],
    String.raw`
def mfi(bars, period):
    """Money Flow Index (TA-Lib MFI): 100 x positive money flow / total money flow over period bars,
    typical price x volume signed by the change of typical price; 0 when the total is below 1."""
    high, low, close, volume = bars.high, bars.low, bars.close, bars.volume
    length = len(close)
    out = [NAN] * length
    if period >= length:
        return out
    positive = [0.0] * period
    negative = [0.0] * period
    slot = 0
    positive_sum = 0.0
    negative_sum = 0.0
    previous = (high[0] + low[0] + close[0]) / 3

    def add_flow(today):
        nonlocal previous, positive_sum, negative_sum
        typical = (high[today] + low[today] + close[today]) / 3
        change = typical - previous
        previous = typical
        flow = typical * volume[today]
        positive[slot] = flow if change > 0 else 0.0
        negative[slot] = flow if change < 0 else 0.0
        if change > 0:
            positive_sum += flow
        elif change < 0:
            negative_sum += flow

    def index():
        total = positive_sum + negative_sum
        return 0.0 if total < 1 else 100 * (positive_sum / total)

    for today in range(1, period + 1):
        add_flow(today)
        slot = 0 if slot + 1 == period else slot + 1
    out[period] = index()
    for today in range(period + 1, length):
        positive_sum -= positive[slot]
        negative_sum -= negative[slot]
        add_flow(today)
        out[today] = index()
        slot = 0 if slot + 1 == period else slot + 1
    return out
`,
  ),
];
