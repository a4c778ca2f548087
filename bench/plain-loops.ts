/**
 * Plain single-pass Float64Array loops written for the benchmark: the speed a careful hand
 * would reach for each indicator, as a baseline for ours (which must stay within 1.5x).
 */
export function plainSma(x: Float64Array, period: number, out: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i]!;
    if (i >= period) sum -= x[i - period]!;
    out[i] = i >= period - 1 ? sum / period : NaN;
  }
}

export function plainEma(x: Float64Array, period: number, out: Float64Array): void {
  const k = 2 / (period + 1);
  let value = 0;
  for (let i = 0; i < x.length; i++) {
    if (i < period - 1) {
      value += x[i]!;
      out[i] = NaN;
    } else if (i === period - 1) {
      value = (value + x[i]!) / period;
      out[i] = value;
    } else {
      value += (x[i]! - value) * k;
      out[i] = value;
    }
  }
}

export function plainRsi(x: Float64Array, period: number, out: Float64Array): void {
  let gain = 0;
  let loss = 0;
  out[0] = NaN;
  for (let i = 1; i < x.length; i++) {
    const change = x[i]! - x[i - 1]!;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (i <= period) {
      gain += up / period;
      loss += down / period;
      out[i] = i === period ? (100 * gain) / (gain + loss) : NaN;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
      out[i] = (100 * gain) / (gain + loss);
    }
  }
}

export function plainBollinger(
  x: Float64Array,
  period: number,
  width: number,
  upper: Float64Array,
  middle: Float64Array,
  lower: Float64Array,
): void {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const value = x[i]!;
    sum += value;
    squares += value * value;
    if (i >= period) {
      const old = x[i - period]!;
      sum -= old;
      squares -= old * old;
    }
    if (i >= period - 1) {
      const mean = sum / period;
      const deviation = Math.sqrt(Math.max(0, squares / period - mean * mean)) * width;
      middle[i] = mean;
      upper[i] = mean + deviation;
      lower[i] = mean - deviation;
    } else upper[i] = middle[i] = lower[i] = NaN;
  }
}

export function plainAtr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array,
): void {
  let average = 0;
  out[0] = NaN;
  for (let i = 1; i < close.length; i++) {
    const previous = close[i - 1]!;
    const range = Math.max(
      high[i]! - low[i]!,
      Math.abs(high[i]! - previous),
      Math.abs(low[i]! - previous),
    );
    if (i <= period) {
      average += range / period;
      out[i] = i === period ? average : NaN;
    } else {
      average = (average * (period - 1) + range) / period;
      out[i] = average;
    }
  }
}

export function plainMacd(
  x: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  line: Float64Array,
  signalLine: Float64Array,
  histogram: Float64Array,
): void {
  const kFast = 2 / (fast + 1);
  const kSlow = 2 / (slow + 1);
  const kSignal = 2 / (signal + 1);
  let fastValue = 0;
  let slowValue = 0;
  let signalValue = 0;
  let fastSum = 0;
  let slowSum = 0;
  for (let i = 0; i < x.length; i++) {
    const value = x[i]!;
    slowSum += value;
    if (i >= slow) slowSum -= x[i - slow]!;
    fastSum += value;
    if (i >= fast) fastSum -= x[i - fast]!;
    if (i < slow - 1) {
      line[i] = signalLine[i] = histogram[i] = NaN;
      continue;
    }
    if (i === slow - 1) {
      slowValue = slowSum / slow;
      fastValue = fastSum / fast;
    } else {
      slowValue += (value - slowValue) * kSlow;
      fastValue += (value - fastValue) * kFast;
    }
    const macd = fastValue - slowValue;
    const seen = i - (slow - 1);
    if (seen < signal - 1) {
      signalValue += macd;
      line[i] = signalLine[i] = histogram[i] = NaN;
    } else {
      signalValue =
        seen === signal - 1
          ? (signalValue + macd) / signal
          : signalValue + (macd - signalValue) * kSignal;
      line[i] = macd;
      signalLine[i] = signalValue;
      histogram[i] = macd - signalValue;
    }
  }
}
