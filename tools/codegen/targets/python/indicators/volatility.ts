import { pythonFunction } from "../library.ts";

/** True range, ATR and NATR (engine/indicators/volatility.ts). */
export const volatilityFunctions = [
  pythonFunction(
    "true_range",
    [],
    String.raw`
def true_range(high, low, close, i):
    """True range of bar i >= 1 (Wilder; TA-Lib TRANGE)."""
    previous_close = close[i - 1]
    span = high[i] - low[i]
    from_high = abs(previous_close - high[i])
    if from_high > span:
        span = from_high
    from_low = abs(previous_close - low[i])
    if from_low > span:
        span = from_low
    return span
`,
  ),
  pythonFunction(
    "atr",
    ["true_range"],
    String.raw`
def atr(bars, period):
    """Average true range (Wilder; TA-Lib ATR): the mean of true ranges 1..period, then Wilder smoothing."""
    high, low, close = bars.high, bars.low, bars.close
    length = len(close)
    out = [NAN] * length
    if period >= length:
        return out
    total = 0.0
    for i in range(1, period + 1):
        total += true_range(high, low, close, i)
    average = total / period
    out[period] = average
    keep = period - 1
    for i in range(period + 1, length):
        average *= keep
        average += true_range(high, low, close, i)
        average /= period
        out[i] = average
    return out
`,
  ),
  pythonFunction(
    "natr",
    ["atr", "is_zero"],
    String.raw`
def natr(bars, period):
    """Normalized ATR (TA-Lib NATR): ATR / close * 100."""
    out = atr(bars, period)
    for i in range(period, len(out)):
        price = bars.close[i]
        out[i] = 0.0 if is_zero(price) else (out[i] / price) * 100
    return out
`,
  ),
];
