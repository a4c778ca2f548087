import { pineFunction, type PineFunction } from "./library.ts";

/**
 * The engine's indicators (engine/indicators/*.ts) in Pine, bar by bar: the same warm-ups, seeds
 * and order of operations, so values match the backtest's to the last bit. Pine's ta.* built-ins
 * are not used, since none is provably the engine's computation (Pine v6 reference manual):
 * ta.ema seeds with the first value, not the SMA of the first `period` (ta.macd follows it);
 * ta.atr's first true range is the first bar's high - low, where TA-Lib starts on the second bar;
 * ta.rsi, ta.atr and ta.dmi smooth as alpha × x + (1 - alpha) × previous, the same quantity
 * rounded otherwise, and a signal on a threshold or a cross can flip on the last bit; most ta.*
 * skip na values ("calculates on the length quantity of non-na values") where the engine's
 * running sums carry them; flat windows and zero divisions differ. A source-based indicator
 * starts at its source's first defined value, a bar-based one at the chart's first bar. Every
 * comparison that could meet na is guarded, so nothing depends on how Pine compares na.
 *
 * Listed so that every function comes after those it calls (Pine's rule).
 */
export const indicatorFunctions: readonly PineFunction[] = [
  pineFunction(
    "isZero",
    [],
    `
// TA-Lib's TA_IS_ZERO: within 1e-14 of zero.
isZero(float value) =>
    not na(value) and value > -1e-14 and value < 1e-14
`,
  ),
  pineFunction(
    "isZeroOrNegative",
    [],
    `
// TA-Lib's TA_IS_ZERO_OR_NEG.
isZeroOrNegative(float value) =>
    not na(value) and value < 1e-14
`,
  ),
  pineFunction(
    "definedCount",
    [],
    `
// Bars from the source's first defined value on, that bar counting 1 (0 before it): the engine's
// indicators start there, after another indicator's warm-up.
definedCount(float source) =>
    var int seen = 0
    if seen > 0 or not na(source)
        seen += 1
    seen
`,
  ),
  pineFunction(
    "sma",
    ["definedCount"],
    `
// Simple moving average (TA-Lib SMA): a running sum from the source's first defined value.
sma(float source, int period) =>
    int seen = definedCount(source)
    var float total = 0.0
    float result = na
    if seen > 0
        total += source
        if seen >= period
            float value = total
            total -= source[period - 1]
            result := value / period
    result
`,
  ),
  pineFunction(
    "ema",
    ["definedCount"],
    `
// Exponential moving average (TA-Lib EMA): seeded with the SMA of the first \`period\` values.
ema(float source, int period) =>
    int seen = definedCount(source)
    var float total = 0.0
    var float previous = na
    if seen > 0
        if seen <= period
            total += source
            if seen == period
                previous := total / period
        else
            previous := (source - previous) * (2.0 / (period + 1)) + previous
    previous
`,
  ),
  pineFunction(
    "wma",
    ["definedCount"],
    `
// Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest, as running sums.
wma(float source, int period) =>
    int seen = definedCount(source)
    var float periodSum = 0.0
    var float periodSub = 0.0
    var float trailingValue = 0.0
    float result = na
    if seen > 0
        if seen < period
            periodSub += source
            periodSum += source * seen
        else
            periodSub += source
            periodSub -= trailingValue
            periodSum += source * period
            trailingValue := source[period - 1]
            result := periodSum / (period * (period + 1) / 2)
            periodSum -= periodSub
    result
`,
  ),
  pineFunction(
    "dema",
    ["ema"],
    `
// Double EMA (TA-Lib DEMA): 2 EMA - EMA(EMA).
dema(float source, int period) =>
    float first = ema(source, period)
    float second = ema(first, period)
    2 * first - second
`,
  ),
  pineFunction(
    "tema",
    ["ema"],
    `
// Triple EMA (TA-Lib TEMA): 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA)).
tema(float source, int period) =>
    float first = ema(source, period)
    float second = ema(first, period)
    float third = ema(second, period)
    3 * first - 3 * second + third
`,
  ),
  pineFunction(
    "rsi",
    ["definedCount", "isZero"],
    `
// Relative Strength Index (Wilder; TA-Lib RSI): simple means of the first \`period\` changes,
// then Wilder smoothing. An undefined change leaves the loss undefined from then on, as in TA-Lib.
rsi(float source, int period) =>
    int seen = definedCount(source)
    var float previous = na
    var float gain = 0.0
    var float loss = 0.0
    float result = na
    if seen > 0
        float change = source - previous
        if seen >= 2 and seen <= period + 1
            if not na(change) and change < 0
                loss -= change
            else
                gain += change
            if seen == period + 1
                loss /= period
                gain /= period
                float total = gain + loss
                result := isZero(total) ? 0.0 : 100 * (gain / total)
        else if seen > period + 1
            loss *= period - 1
            gain *= period - 1
            float up = not na(change) and change > 0 ? change : 0.0
            loss -= change - up
            gain += up
            loss /= period
            gain /= period
            float total = gain + loss
            result := isZero(total) ? 0.0 : 100 * (gain / total)
        previous := source
    result
`,
  ),
  pineFunction(
    "rollingExtreme",
    ["definedCount"],
    `
// TA-Lib's MAX/MIN over \`period\` values from the source's first defined one (sign 1 for the
// highest, -1 for the lowest): the extreme is kept while it stays in the window, replaced by a
// newer value that equals or beats it, and rescanned from the oldest value when it leaves.
// That also fixes which bar wins a tie. Returns the extreme and its bar_index.
rollingExtreme(float source, int period, int sign) =>
    int seen = definedCount(source)
    var int extremeIndex = -1
    var float extreme = 0.0
    float value = na
    int index = na
    if seen > 0
        if seen >= period
            if extremeIndex < bar_index - (period - 1)
                extremeIndex := bar_index - (period - 1)
                extreme := source[period - 1]
                int back = period - 2
                while back >= 0
                    float beyond = sign * (source[back] - extreme)
                    if not na(beyond) and beyond > 0
                        extremeIndex := bar_index - back
                        extreme := source[back]
                    back -= 1
            else
                float beyond = sign * (source - extreme)
                if not na(beyond) and beyond >= 0
                    extremeIndex := bar_index
                    extreme := source
            value := extreme
            index := extremeIndex
    [value, index]
`,
  ),
  pineFunction(
    "rawK",
    ["rollingExtreme"],
    `
// Raw %K (TA-Lib's fast-K): (close - lowest low) / ((highest high - lowest low) / 100), 0 on a flat window.
rawK(float highs, float lows, float closes, int period) =>
    [highest, highestAt] = rollingExtreme(highs, period, 1)
    [lowest, lowestAt] = rollingExtreme(lows, period, -1)
    float range = (highest - lowest) / 100
    not na(range) and range == 0 ? 0.0 : (closes - lowest) / range
`,
  ),
  pineFunction(
    "stochRsi",
    ["definedCount", "rsi", "rawK", "sma"],
    `
// Stochastic RSI (TA-Lib STOCHRSI): a fast stochastic of RSI(period) and its SMA(dPeriod) as %D;
// %K starts where %D does.
stochRsi(float source, int period, int stochPeriod, int dPeriod) =>
    float strength = rsi(source, period)
    float fastK = rawK(strength, strength, strength, stochPeriod)
    float d = sma(fastK, dPeriod)
    int seen = definedCount(strength)
    [seen >= stochPeriod + dPeriod - 1 ? fastK : na, d]
`,
  ),
  pineFunction(
    "macd",
    ["definedCount"],
    `
// MACD (TA-Lib MACD): EMA(fast) - EMA(slow), its EMA(signal), and their difference. As in TA-Lib,
// the fast EMA starts with the slow one, seeded with the mean of the \`fast\` values ending there,
// and the signal EMA with the mean of its first \`signal\` values.
macd(float source, int fast, int slow, int signal) =>
    int seen = definedCount(source)
    var float slowSum = 0.0
    var float slowEma = na
    var float fastEma = na
    var float signalEma = na
    float macdLine = na
    float signalLine = na
    if seen > 0
        if seen <= slow
            slowSum += source
            if seen == slow
                float fastSum = 0.0
                int back = fast - 1
                while back >= 0
                    fastSum += source[back]
                    back -= 1
                slowEma := slowSum / slow
                fastEma := fastSum / fast
                signalEma := fastEma - slowEma
        else
            slowEma := (source - slowEma) * (2.0 / (slow + 1)) + slowEma
            fastEma := (source - fastEma) * (2.0 / (fast + 1)) + fastEma
            if seen < slow + signal - 1
                signalEma += fastEma - slowEma
            else if seen == slow + signal - 1
                signalEma += fastEma - slowEma
                signalEma /= signal
                macdLine := fastEma - slowEma
                signalLine := signalEma
            else
                macdLine := fastEma - slowEma
                signalEma := (macdLine - signalEma) * (2.0 / (signal + 1)) + signalEma
                signalLine := signalEma
    [macdLine, signalLine, macdLine - signalLine]
`,
  ),
  pineFunction(
    "bollinger",
    ["definedCount", "isZeroOrNegative"],
    `
// Bollinger Bands (TA-Lib BBANDS with an SMA): the SMA ± stdDev population standard deviations,
// from TA-Lib's running sum and running sum of squares.
bollinger(float source, int period, float stdDev) =>
    int seen = definedCount(source)
    var float total = 0.0
    var float squares = 0.0
    float middle = na
    float width = na
    if seen > 0
        if seen < period
            total += source
            squares += source * source
        else
            float old = source[period - 1]
            total += source
            middle := total / period
            total -= old
            squares += source * source
            float meanOfSquares = squares / period
            squares -= old * old
            float variance = meanOfSquares - middle * middle
            width := (isZeroOrNegative(variance) ? 0.0 : math.sqrt(variance)) * stdDev
    [middle + width, middle, middle - width]
`,
  ),
  pineFunction(
    "rollingStd",
    ["definedCount", "isZeroOrNegative"],
    `
// Rolling population standard deviation (TA-Lib STDDEV): variances below 1e-14 count as 0.
rollingStd(float source, int period) =>
    int seen = definedCount(source)
    var float total = 0.0
    var float squares = 0.0
    float result = na
    if seen > 0
        total += source
        squares += source * source
        if seen >= period
            float mean = total / period
            float meanOfSquares = squares / period
            float old = source[period - 1]
            total -= old
            squares -= old * old
            float variance = meanOfSquares - mean * mean
            result := isZeroOrNegative(variance) ? 0.0 : math.sqrt(variance)
    result
`,
  ),
  pineFunction(
    "zScore",
    ["sma", "rollingStd"],
    `
// (x - SMA) / population standard deviation over \`period\` values; undefined on a flat window.
zScore(float source, int period) =>
    float mean = sma(source, period)
    float deviation = rollingStd(source, period)
    not na(deviation) and deviation > 0 ? (source - mean) / deviation : na
`,
  ),
  pineFunction(
    "linRegSlope",
    ["definedCount"],
    `
// Slope of the least-squares line through the last \`period\` values (TA-Lib LINEARREG_SLOPE).
linRegSlope(float source, int period) =>
    int seen = definedCount(source)
    float result = na
    if seen > 0
        if seen >= period
            float sumX = period * (period - 1) * 0.5
            float sumXSquared = period * (period - 1) * (2 * period - 1) / 6
            float sumXY = 0.0
            float sumY = 0.0
            int x = period - 1
            while x >= 0
                float value = source[x]
                sumY += value
                sumXY += x * value
                x -= 1
            result := (period * sumXY - sumX * sumY) / (sumX * sumX - period * sumXSquared)
    result
`,
  ),
  pineFunction(
    "rollingMax",
    ["rollingExtreme"],
    `
// Highest value of the last \`period\` values (TA-Lib MAX).
rollingMax(float source, int period) =>
    [value, index] = rollingExtreme(source, period, 1)
    value
`,
  ),
  pineFunction(
    "rollingMin",
    ["rollingExtreme"],
    `
// Lowest value of the last \`period\` values (TA-Lib MIN).
rollingMin(float source, int period) =>
    [value, index] = rollingExtreme(source, period, -1)
    value
`,
  ),
  pineFunction(
    "highestBars",
    ["rollingExtreme"],
    `
// Bars since the highest of the last \`period\` values, 0 = this bar (from TA-Lib MAXINDEX).
highestBars(float source, int period) =>
    [value, index] = rollingExtreme(source, period, 1)
    bar_index - index
`,
  ),
  pineFunction(
    "lowestBars",
    ["rollingExtreme"],
    `
// Bars since the lowest of the last \`period\` values, 0 = this bar (from TA-Lib MININDEX).
lowestBars(float source, int period) =>
    [value, index] = rollingExtreme(source, period, -1)
    bar_index - index
`,
  ),
  pineFunction(
    "roc",
    ["definedCount"],
    `
// Rate of change in percent (TA-Lib ROC): (x / x[period] - 1) × 100, 0 where the old value is 0.
roc(float source, int period) =>
    int seen = definedCount(source)
    float old = source[period]
    seen > period ? (not na(old) and old == 0 ? 0.0 : (source / old - 1) * 100) : na
`,
  ),
  pineFunction(
    "momentum",
    ["definedCount"],
    `
// Momentum (TA-Lib MOM): x - x[period].
momentum(float source, int period) =>
    int seen = definedCount(source)
    seen > period ? source - source[period] : na
`,
  ),
  pineFunction(
    "trueRange",
    [],
    `
// True range (Wilder; TA-Lib TRANGE), used from the second bar on.
trueRange() =>
    float range = high - low
    float fromHigh = math.abs(close[1] - high)
    if not na(fromHigh) and fromHigh > range
        range := fromHigh
    float fromLow = math.abs(close[1] - low)
    if not na(fromLow) and fromLow > range
        range := fromLow
    range
`,
  ),
  pineFunction(
    "atr",
    ["trueRange"],
    `
// Average true range (Wilder; TA-Lib ATR): the mean of the first \`period\` true ranges (bars
// 1..period), then Wilder smoothing; first value on bar \`period\`.
atr(int period) =>
    var float total = 0.0
    var float average = na
    float range = trueRange()
    if bar_index >= 1 and bar_index <= period
        total += range
        if bar_index == period
            average := total / period
    else if bar_index > period
        average *= period - 1
        average += range
        average /= period
    average
`,
  ),
  pineFunction(
    "natr",
    ["atr", "isZero"],
    `
// Normalized ATR (TA-Lib NATR): ATR / close × 100.
natr(int period) =>
    float average = atr(period)
    na(average) ? na : isZero(close) ? 0.0 : average / close * 100
`,
  ),
  pineFunction(
    "plusMove",
    [],
    `
// +DM (Wilder): the rise of the high when it beats the fall of the low, else 0.
plusMove() =>
    float up = high - high[1]
    float down = low[1] - low
    not na(up) and up > 0 and up > down ? up : 0.0
`,
  ),
  pineFunction(
    "minusMove",
    [],
    `
// -DM (Wilder): the fall of the low when it beats the rise of the high, else 0.
minusMove() =>
    float up = high - high[1]
    float down = low[1] - low
    not na(down) and down > 0 and up < down ? down : 0.0
`,
  ),
  pineFunction(
    "directionalIndicator",
    ["trueRange", "isZero"],
    `
// +DI or -DI (Wilder; TA-Lib PLUS_DI/MINUS_DI) from this bar's directional movement: Wilder-smoothed
// movement over Wilder-smoothed true range, × 100; first value on bar \`period\`.
directionalIndicator(float move, int period) =>
    var float movement = 0.0
    var float range = 0.0
    float result = na
    float trueRangeNow = trueRange()
    if bar_index >= 1 and bar_index < period
        if move > 0
            movement += move
        range += trueRangeNow
    else if bar_index >= period
        movement := move > 0 ? movement - movement / period + move : movement - movement / period
        range := range - range / period + trueRangeNow
        result := isZero(range) ? 0.0 : 100 * (movement / range)
    result
`,
  ),
  pineFunction(
    "plusDi",
    ["directionalIndicator", "plusMove"],
    `
// +DI: upward directional indicator.
plusDi(int period) =>
    directionalIndicator(plusMove(), period)
`,
  ),
  pineFunction(
    "minusDi",
    ["directionalIndicator", "minusMove"],
    `
// -DI: downward directional indicator.
minusDi(int period) =>
    directionalIndicator(minusMove(), period)
`,
  ),
  pineFunction(
    "adx",
    ["plusMove", "minusMove", "trueRange", "isZero"],
    `
// Average directional index (Wilder; TA-Lib ADX): the mean of the first \`period\` DX values, then
// Wilder smoothing of DX = 100 |+DI - -DI| / (+DI + -DI); first value on bar 2·period - 1. Kept in
// TA-Lib's order of operations, including its seed that counts only one movement per bar.
adx(int period) =>
    var float plus = 0.0
    var float minus = 0.0
    var float range = 0.0
    var float sumDx = 0.0
    var float average = na
    float down = minusMove()
    float up = plusMove()
    float trueRangeNow = trueRange()
    if bar_index >= 1 and bar_index < period
        if down > 0
            minus += down
        else if up > 0
            plus += up
        range += trueRangeNow
    else if bar_index >= period
        minus -= minus / period
        plus -= plus / period
        if down > 0
            minus += down
        else if up > 0
            plus += up
        range := range - range / period + trueRangeNow
        float dx = na
        if not isZero(range)
            float minusIndicator = 100 * (minus / range)
            float plusIndicator = 100 * (plus / range)
            float total = minusIndicator + plusIndicator
            if not isZero(total)
                dx := 100 * (math.abs(minusIndicator - plusIndicator) / total)
        if bar_index < 2 * period
            sumDx += nz(dx)
            if bar_index == 2 * period - 1
                average := sumDx / period
        else if not na(dx)
            average := (average * (period - 1) + dx) / period
    average
`,
  ),
  pineFunction(
    "stochastic",
    ["rawK", "sma"],
    `
// Slow stochastic (Lane; TA-Lib STOCH with SMAs): %K = SMA(raw %K, kSmoothing), %D = SMA(%K,
// dPeriod); both start on bar (kPeriod - 1) + (kSmoothing - 1) + (dPeriod - 1).
stochastic(int kPeriod, int kSmoothing, int dPeriod) =>
    float slowK = sma(rawK(high, low, close, kPeriod), kSmoothing)
    float d = sma(slowK, dPeriod)
    [bar_index >= kPeriod + kSmoothing + dPeriod - 3 ? slowK : na, d]
`,
  ),
  pineFunction(
    "cci",
    [],
    `
// Commodity Channel Index (Lambert; TA-Lib CCI): (typical price - its SMA) / (0.015 × mean absolute
// deviation), 0 when either is 0. TA-Lib sums a circular buffer in slot order, where bar b sits in
// slot b % period; the sums here run in that order too.
cci(int period) =>
    float typical = (high + low + close) / 3
    float result = na
    if bar_index >= period - 1
        float average = 0.0
        int slot = 0
        while slot < period
            average += typical[(bar_index - slot) % period]
            slot += 1
        average /= period
        float deviation = 0.0
        slot := 0
        while slot < period
            deviation += math.abs(typical[(bar_index - slot) % period] - average)
            slot += 1
        float distance = typical - average
        result := distance == 0 or deviation == 0 ? 0.0 : distance / (0.015 * (deviation / period))
    result
`,
  ),
  pineFunction(
    "williamsR",
    ["rollingExtreme"],
    `
// Williams %R (TA-Lib WILLR): (highest high - close) / ((highest high - lowest low) / -100), 0 on a flat window.
williamsR(int period) =>
    [highest, highestAt] = rollingExtreme(high, period, 1)
    [lowest, lowestAt] = rollingExtreme(low, period, -1)
    float range = (highest - lowest) / -100
    not na(range) and range == 0 ? 0.0 : (highest - close) / range
`,
  ),
  pineFunction(
    "mfi",
    [],
    `
// Money Flow Index (TA-Lib MFI): 100 × positive money flow / total money flow over \`period\`
// bars, typical price × volume signed by the change of the typical price; 0 when the total is
// below 1. First value on bar \`period\`.
mfi(int period) =>
    var float previous = na
    var float positiveSum = 0.0
    var float negativeSum = 0.0
    float typical = (high + low + close) / 3
    float change = typical - previous
    float flow = typical * volume
    float positiveFlow = not na(change) and change > 0 ? flow : 0.0
    float negativeFlow = not na(change) and change < 0 ? flow : 0.0
    float result = na
    if bar_index >= 1
        if bar_index > period
            positiveSum -= positiveFlow[period]
            negativeSum -= negativeFlow[period]
        if change > 0
            positiveSum += flow
        else if change < 0
            negativeSum += flow
        if bar_index >= period
            float total = positiveSum + negativeSum
            result := not na(total) and total < 1 ? 0.0 : 100 * (positiveSum / total)
    previous := typical
    result
`,
  ),
  pineFunction(
    "obv",
    [],
    `
// On-balance volume (Granville; TA-Lib OBV): starts at the first bar's volume.
obv() =>
    var float total = na
    var float previous = na
    if bar_index == 0
        total := volume
        previous := close
    if close > previous
        total += volume
    else if close < previous
        total -= volume
    previous := close
    total
`,
  ),
  pineFunction(
    "vwap",
    [],
    `
// Volume-weighted average of the typical price (H+L+C)/3: cumulative from the chart's first bar
// when \`period\` is 0, else over the last \`period\` bars; undefined while the volume summed is 0.
vwap(int period) =>
    var float weighted = 0.0
    var float total = 0.0
    float typicalVolume = (high + low + close) / 3 * volume
    weighted += typicalVolume
    total += volume
    if period != 0 and bar_index >= period
        weighted -= typicalVolume[period]
        total -= volume[period]
    (period == 0 or bar_index >= period - 1) and not na(total) and total > 0 ? weighted / total : na
`,
  ),
  pineFunction(
    "donchian",
    ["rollingExtreme"],
    `
// Donchian channel: highest high and lowest low of \`period\` bars, and their mean.
donchian(int period) =>
    [upper, upperAt] = rollingExtreme(high, period, 1)
    [lower, lowerAt] = rollingExtreme(low, period, -1)
    [upper, (upper + lower) / 2, lower]
`,
  ),
  pineFunction(
    "keltner",
    ["ema", "atr"],
    `
// Keltner channel (ATR form): EMA(close, period) ± multiplier × ATR(atrPeriod), defined where both are.
keltner(int period, float multiplier, int atrPeriod) =>
    float middle = ema(close, period)
    float width = multiplier * atr(atrPeriod)
    bool defined = bar_index >= math.max(period - 1, atrPeriod)
    [defined ? middle + width : na, defined ? middle : na, defined ? middle - width : na]
`,
  ),
  pineFunction(
    "utcDayOfWeek",
    [],
    `
// Weekday of a UTC date: 0 = Sunday ... 6 = Saturday (Pine's dayofweek counts from 1).
utcDayOfWeek(int timeMs) =>
    dayofweek(timeMs, "UTC") - 1
`,
  ),
  pineFunction(
    "utcDayOfMonth",
    [],
    `
// Day of the month of a UTC date, 1-31.
utcDayOfMonth(int timeMs) =>
    dayofmonth(timeMs, "UTC")
`,
  ),
  pineFunction(
    "daysToMonthEnd",
    [],
    `
// Calendar days from a UTC date to the last day of its month (0 on the last day), Gregorian.
daysToMonthEnd(int timeMs) =>
    int yearNumber = year(timeMs, "UTC")
    int monthNumber = month(timeMs, "UTC")
    bool leap = yearNumber % 4 == 0 and (yearNumber % 100 != 0 or yearNumber % 400 == 0)
    int lastDay = monthNumber == 2 ? (leap ? 29 : 28) : monthNumber == 4 or monthNumber == 6 or monthNumber == 9 or monthNumber == 11 ? 30 : 31
    lastDay - dayofmonth(timeMs, "UTC")
`,
  ),
];
