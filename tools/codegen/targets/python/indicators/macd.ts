import { pythonFunction } from "../library.ts";

/** MACD (engine/indicators/macd.ts). */
export const macdFunctions = [
  pythonFunction(
    "macd",
    ["first_valid"],
    String.raw`
def macd(source, fast, slow, signal):
    """MACD (Appel; TA-Lib MACD): EMA(fast) - EMA(slow), its EMA(signal) and their difference.
    As in TA-Lib the fast EMA starts where the slow one does, and all three lines start at
    (slow - 1) + (signal - 1)."""
    length = len(source)
    line = [NAN] * length
    signal_line = [NAN] * length
    histogram = [NAN] * length
    begin = first_valid(source)
    start = begin + slow - 1
    first = start + signal - 1
    if first >= length:
        return {"macd": line, "signal": signal_line, "histogram": histogram}
    slow_sum = 0.0
    for i in range(begin, start + 1):
        slow_sum += source[i]
    fast_sum = 0.0
    for i in range(start - fast + 1, start + 1):
        fast_sum += source[i]
    k_slow = 2 / (slow + 1)
    k_fast = 2 / (fast + 1)
    k_signal = 2 / (signal + 1)
    slow_ema = slow_sum / slow
    fast_ema = fast_sum / fast
    signal_ema = fast_ema - slow_ema
    for i in range(start + 1, first + 1):
        value = source[i]
        slow_ema = (value - slow_ema) * k_slow + slow_ema
        fast_ema = (value - fast_ema) * k_fast + fast_ema
        signal_ema += fast_ema - slow_ema
    signal_ema /= signal
    first_line = fast_ema - slow_ema
    line[first] = first_line
    signal_line[first] = signal_ema
    histogram[first] = first_line - signal_ema
    for i in range(first + 1, length):
        value = source[i]
        slow_ema = (value - slow_ema) * k_slow + slow_ema
        fast_ema = (value - fast_ema) * k_fast + fast_ema
        macd_value = fast_ema - slow_ema
        signal_ema = (macd_value - signal_ema) * k_signal + signal_ema
        line[i] = macd_value
        signal_line[i] = signal_ema
        histogram[i] = macd_value - signal_ema
    return {"macd": line, "signal": signal_line, "histogram": histogram}
`,
  ),
];
