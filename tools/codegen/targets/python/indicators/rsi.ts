import { pythonFunction } from "../library.ts";

/** RSI and Stochastic RSI (engine/indicators/rsi.ts). */
export const rsiFunctions = [
  pythonFunction(
    "rsi",
    ["first_valid", "is_zero"],
    String.raw`
def rsi(source, period):
    """Relative Strength Index (Wilder; TA-Lib RSI): simple means of the first period changes, then Wilder smoothing."""
    length = len(source)
    out = [NAN] * length
    begin = first_valid(source)
    if begin + period >= length:
        return out
    previous = source[begin]
    gain = 0.0
    loss = 0.0
    today = begin + 1
    for _ in range(period):
        value = source[today]
        today += 1
        change = value - previous
        previous = value
        if change < 0:
            loss -= change
        else:
            gain += change
    loss /= period
    gain /= period
    total = gain + loss
    out[today - 1] = 0.0 if is_zero(total) else 100 * (gain / total)
    keep = period - 1
    while today < length:
        value = source[today]
        change = value - previous
        previous = value
        loss *= keep
        gain *= keep
        up = change if change > 0 else 0.0
        loss -= change - up
        gain += up
        loss /= period
        gain /= period
        total = gain + loss
        out[today] = 0.0 if is_zero(total) else 100 * (gain / total)
        today += 1
    return out
`,
  ),
  pythonFunction(
    "stoch_rsi",
    ["rsi", "raw_k", "sma_into", "first_valid"],
    String.raw`
def stoch_rsi(source, period, stoch_period, d_period):
    """Stochastic RSI (TA-Lib STOCHRSI): a fast stochastic of RSI(period), %D an SMA(d_period) of it."""
    length = len(source)
    k = [NAN] * length
    d = [NAN] * length
    strength = rsi(source, period)
    begin = first_valid(strength)
    first = begin + stoch_period - 1 + d_period - 1
    if first < length:
        fast_k = raw_k(strength, strength, strength, stoch_period, begin)
        sma_into(fast_k, d_period, d, begin + stoch_period - 1)
        k[first:] = fast_k[first:]
    return {"k": k, "d": d}
`,
  ),
];
