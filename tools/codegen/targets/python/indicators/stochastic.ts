import { pythonFunction } from "../library.ts";

/** Stochastic oscillators and Williams %R (engine/indicators/stochastic.ts). */
export const stochasticFunctions = [
  pythonFunction(
    "raw_k",
    ["rolling_extreme_into"],
    String.raw`
def raw_k(high, low, close, period, begin):
    """Raw %K (TA-Lib's fast-K loop): (close - lowest low) / ((highest high - lowest low) / 100), 0 on a flat window."""
    length = len(close)
    highest = [0.0] * length
    lowest = [0.0] * length
    rolling_extreme_into(high, period, 1, begin, highest, None)
    rolling_extreme_into(low, period, -1, begin, lowest, None)
    k = [NAN] * length
    for i in range(begin + period - 1, length):
        span = (highest[i] - lowest[i]) / 100
        k[i] = (close[i] - lowest[i]) / span if span != 0 else 0.0
    return k
`,
  ),
  pythonFunction(
    "stochastic",
    ["raw_k", "sma_into"],
    String.raw`
def stochastic(bars, k_period, k_smoothing, d_period):
    """Slow stochastic (Lane; TA-Lib STOCH, SMA smoothing): %K = SMA(raw %K, k_smoothing), %D = SMA(%K, d_period)."""
    length = len(bars.close)
    k = [NAN] * length
    d = [NAN] * length
    first = k_period - 1 + k_smoothing - 1 + d_period - 1
    if first < length:
        fast_k = raw_k(bars.high, bars.low, bars.close, k_period, 0)
        slow_k = [NAN] * length
        sma_into(fast_k, k_smoothing, slow_k, k_period - 1)
        sma_into(slow_k, d_period, d, k_period - 1 + k_smoothing - 1)
        k[first:] = slow_k[first:]
    return {"k": k, "d": d}
`,
  ),
  pythonFunction(
    "williams_r",
    ["rolling_extreme_into"],
    String.raw`
def williams_r(bars, period):
    """Williams %R (TA-Lib WILLR): (highest high - close) / ((highest high - lowest low) / -100), 0 on a flat window."""
    high, low, close = bars.high, bars.low, bars.close
    length = len(close)
    out = [NAN] * length
    if period > length:
        return out
    highest = [0.0] * length
    lowest = [0.0] * length
    rolling_extreme_into(high, period, 1, 0, highest, None)
    rolling_extreme_into(low, period, -1, 0, lowest, None)
    for i in range(period - 1, length):
        span = (highest[i] - lowest[i]) / -100
        out[i] = (highest[i] - close[i]) / span if span != 0 else 0.0
    return out
`,
  ),
];
