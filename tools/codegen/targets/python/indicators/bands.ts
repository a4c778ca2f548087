import { pythonFunction } from "../library.ts";

/** Bollinger, Donchian and Keltner bands (engine/indicators/bands.ts). */
export const bandFunctions = [
  pythonFunction(
    "bollinger",
    ["first_valid", "is_zero_or_negative"],
    String.raw`
def bollinger(source, period, std_dev):
    """Bollinger Bands (TA-Lib BBANDS with an SMA): SMA(period) +- std_dev population standard deviations."""
    length = len(source)
    upper = [NAN] * length
    middle = [NAN] * length
    lower = [NAN] * length
    begin = first_valid(source)
    if begin + period <= length:
        total = 0.0
        squares = 0.0
        first_output = begin + period - 1
        for i in range(begin, first_output):
            value = source[i]
            total += value
            squares += value * value
        trailing = begin
        for i in range(first_output, length):
            value = source[i]
            old = source[trailing]
            trailing += 1
            total += value
            mean = total / period
            total -= old
            squares += value * value
            mean_of_squares = squares / period
            squares -= old * old
            variance = mean_of_squares - mean * mean
            width = (0.0 if is_zero_or_negative(variance) else math.sqrt(variance)) * std_dev
            middle[i] = mean
            upper[i] = mean + width
            lower[i] = mean - width
    return {"upper": upper, "middle": middle, "lower": lower}
`,
  ),
  pythonFunction(
    "donchian",
    ["rolling_extreme_into"],
    String.raw`
def donchian(bars, period):
    """Donchian channel: highest high and lowest low of period bars, and their mean."""
    length = len(bars.close)
    upper = [NAN] * length
    middle = [NAN] * length
    lower = [NAN] * length
    rolling_extreme_into(bars.high, period, 1, 0, upper, None)
    rolling_extreme_into(bars.low, period, -1, 0, lower, None)
    for i in range(period - 1, length):
        middle[i] = (upper[i] + lower[i]) / 2
    return {"upper": upper, "middle": middle, "lower": lower}
`,
  ),
  pythonFunction(
    "keltner",
    ["ema", "atr"],
    String.raw`
def keltner(bars, period, multiplier, atr_period):
    """Keltner channel (ATR form): EMA(close, period) +- multiplier x ATR(atr_period), defined where both are."""
    length = len(bars.close)
    middle = ema(bars.close, period)
    span = atr(bars, atr_period)
    upper = [NAN] * length
    lower = [NAN] * length
    for i in range(length):
        width = multiplier * span[i]
        upper[i] = middle[i] + width
        lower[i] = middle[i] - width
    for line in (upper, middle, lower):
        for i in range(min(max(period - 1, atr_period), length)):
            line[i] = NAN
    return {"upper": upper, "middle": middle, "lower": lower}
`,
  ),
];
