import { pythonFunction } from "../library.ts";

/** Rolling standard deviation, z-score and regression slope (engine/indicators/statistics.ts). */
export const statisticsFunctions = [
  pythonFunction(
    "rolling_std_into",
    ["is_zero_or_negative"],
    String.raw`
def rolling_std_into(source, period, out, begin):
    """Population standard deviation from running sums (TA-Lib STDDEV); variances below 1e-14 count as 0."""
    length = len(source)
    if begin + period > length:
        return
    total = 0.0
    squares = 0.0
    i = begin
    first_output = begin + period - 1
    while i < first_output:
        value = source[i]
        total += value
        squares += value * value
        i += 1
    trailing = begin
    while i < length:
        value = source[i]
        total += value
        squares += value * value
        mean = total / period
        mean_of_squares = squares / period
        old = source[trailing]
        trailing += 1
        total -= old
        squares -= old * old
        variance = mean_of_squares - mean * mean
        out[i] = 0.0 if is_zero_or_negative(variance) else math.sqrt(variance)
        i += 1
`,
  ),
  pythonFunction(
    "rolling_std",
    ["rolling_std_into", "first_valid"],
    String.raw`
def rolling_std(source, period):
    """Rolling population standard deviation (TA-Lib STDDEV, nbDev 1)."""
    out = [NAN] * len(source)
    rolling_std_into(source, period, out, first_valid(source))
    return out
`,
  ),
  pythonFunction(
    "z_score",
    ["sma_into", "rolling_std_into", "first_valid"],
    String.raw`
def z_score(source, period):
    """(x - SMA) / population std over period bars; NaN where the window is flat."""
    length = len(source)
    out = [NAN] * length
    begin = first_valid(source)
    mean = [NAN] * length
    sma_into(source, period, mean, begin)
    rolling_std_into(source, period, out, begin)
    for i in range(begin + period - 1, length):
        deviation = out[i]
        out[i] = (source[i] - mean[i]) / deviation if deviation > 0 else NAN
    return out
`,
  ),
  pythonFunction(
    "lin_reg_slope",
    ["first_valid"],
    String.raw`
def lin_reg_slope(source, period):
    """Slope of the least-squares line through the last period values (TA-Lib LINEARREG_SLOPE)."""
    out = [NAN] * len(source)
    sum_x = period * (period - 1) * 0.5
    sum_x_squared = (period * (period - 1) * (2 * period - 1)) / 6
    divisor = sum_x * sum_x - period * sum_x_squared
    for today in range(first_valid(source) + period - 1, len(source)):
        sum_xy = 0.0
        sum_y = 0.0
        # x counts bars back from today, as in TA-Lib; the negative divisor turns the slope forward.
        for x in range(period - 1, -1, -1):
            value = source[today - x]
            sum_y += value
            sum_xy += x * value
        out[today] = (period * sum_xy - sum_x * sum_y) / divisor
    return out
`,
  ),
];
