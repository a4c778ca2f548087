/** A span of bars by their times, both ends inclusive: the `startMs` and `endMs` runBacktest takes. */
export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface WalkForwardWindow {
  train: TimeRange;
  test: TimeRange;
}

export interface WalkForwardWindowOptions {
  /** rolling: train windows of a fixed length slide forward; anchored: train always starts at the first bar. */
  mode: "rolling" | "anchored";
  /** How many train/test pairs, at least 2. */
  windows: number;
  /** The train share of each window's span (train + test), strictly between 0 and 1, e.g. 0.75. */
  inSampleRatio: number;
}

/**
 * Each test period, and the train share of each window's span (r × W, which the first train
 * window has at least), must hold this many bars. Asking for r × W rather than the train
 * window's actual length keeps the rule monotone: any longer history passes too.
 */
const minimumBarsPerPeriod = 2;

/**
 * Train/test windows over bar times, walking forward: the test periods are consecutive, do
 * not overlap, all have the same length and end at the last bar, so together they cover the
 * back part of the history; each train window ends on the bar before its test period.
 *
 * With n bars, k windows and in-sample ratio r, a window spans W = n / (r + k(1 − r)) bars
 * (one train length plus k test lengths fill the history), each test period takes
 * floor((1 − r)W) bars and the first train window the rest, n − k × test, at least rW. Rolling
 * train windows keep that length and slide by one test period; anchored ones start at the
 * first bar and grow.
 */
export function walkForwardWindows(
  times: Float64Array,
  options: WalkForwardWindowOptions,
): WalkForwardWindow[] {
  const { mode, windows, inSampleRatio } = options;
  if (mode !== "rolling" && mode !== "anchored")
    throw new RangeError(`\`mode\` must be "rolling" or "anchored" (was ${JSON.stringify(mode)})`);
  if (!Number.isSafeInteger(windows) || windows < 2)
    throw new RangeError(
      `\`windows\` must be a whole number of at least 2 (was ${windows}); one window is a single train/test split`,
    );
  if (!(inSampleRatio > 0 && inSampleRatio < 1))
    throw new RangeError(
      `\`inSampleRatio\` must be strictly between 0 and 1, e.g. 0.75 (was ${inSampleRatio})`,
    );
  for (let i = 0; i < times.length; i++) {
    const time = times[i]!;
    if (!Number.isFinite(time))
      throw new RangeError(`times[${i}] must be a finite epoch-ms time (was ${time})`);
    if (i > 0 && time <= times[i - 1]!)
      throw new RangeError(
        `times must increase strictly: times[${i}] = ${time} follows times[${i - 1}] = ${times[i - 1]}`,
      );
  }
  const bars = times.length;
  const { trainBars, testBars, spanBars } = windowLengths(bars, windows, inSampleRatio);
  if (!longEnough(bars, windows, inSampleRatio)) {
    const needed = minimumBars(windows, inSampleRatio);
    throw new RangeError(
      `${bars} bars are too few for ${windows} windows at inSampleRatio ${inSampleRatio}: ` +
        `each window would span ${spanBars.toFixed(1)} bars, ${testBars} of them to test and ` +
        `${(inSampleRatio * spanBars).toFixed(1)} to train (at least ${minimumBarsPerPeriod} each); ` +
        `give at least ${needed} bars or ask for fewer windows`,
    );
  }
  const result: WalkForwardWindow[] = [];
  for (let w = 0; w < windows; w++) {
    const testStart = trainBars + w * testBars;
    const trainStart = mode === "rolling" ? w * testBars : 0;
    result.push({
      train: { startMs: times[trainStart]!, endMs: times[testStart - 1]! },
      test: { startMs: times[testStart]!, endMs: times[testStart + testBars - 1]! },
    });
  }
  return result;
}

function windowLengths(
  bars: number,
  windows: number,
  inSampleRatio: number,
): { trainBars: number; testBars: number; spanBars: number } {
  const spanBars = bars / (inSampleRatio + windows * (1 - inSampleRatio));
  // The nudge keeps an exact quotient such as 5 from rounding down to 4.999...
  const testBars = Math.floor((1 - inSampleRatio) * spanBars + 1e-9);
  return { trainBars: bars - windows * testBars, testBars, spanBars };
}

function longEnough(bars: number, windows: number, inSampleRatio: number): boolean {
  const { testBars, spanBars } = windowLengths(bars, windows, inSampleRatio);
  return (
    testBars >= minimumBarsPerPeriod && inSampleRatio * spanBars + 1e-9 >= minimumBarsPerPeriod
  );
}

/** The fewest bars `longEnough` accepts: both of its conditions only grow with the bars, so a walk up finds it. */
function minimumBars(windows: number, inSampleRatio: number): number {
  const shares = inSampleRatio + windows * (1 - inSampleRatio);
  const smallerShare = Math.min(inSampleRatio, 1 - inSampleRatio);
  // Without the floor, 2 bars of the smaller share need this many; the walk corrects for it.
  let bars = Math.max(1, Math.floor((minimumBarsPerPeriod * shares) / smallerShare) - 1);
  while (!longEnough(bars, windows, inSampleRatio)) bars++;
  return bars;
}

/** What the optimizer found on one train window. */
export interface InSampleResult<P> {
  params: P;
  inSampleObjective: number;
  /** Annualized return of the chosen params over the train window, a fraction (0.12 = 12%). */
  inSampleAnnualReturn: number;
}

/** The chosen params run over one test period. */
export interface OutOfSampleRun {
  /** Bar times of the test period, strictly increasing. */
  timestampMs: Float64Array;
  /** Equity at each bar, starting from `initialCash` before the first bar. */
  equity: Float64Array;
  /** Annualized return over the test period, a fraction. */
  annualReturn: number;
}

export interface WalkForwardOptions {
  /** The cash each test run starts with: each window's equity is read relative to it. */
  initialCash: number;
}

export interface ParameterDrift {
  /** The value chosen in each window, in window order. */
  values: (number | string)[];
  /**
   * Numbers: (max − min) / mean |value|, the usual relative range (range / mean) for positive
   * parameters such as periods, kept finite for ones around 0 (0 when every value is 0).
   * Strings: (distinct values − 1) / (windows − 1), 0 when one value throughout, 1 when each
   * window chose another.
   */
  relativeRange: number;
}

export interface WalkForwardWindowResult<P> extends WalkForwardWindow {
  params: P;
  inSample: { objective: number; annualReturn: number };
  outOfSample: { annualReturn: number; totalReturn: number };
}

export interface WalkForwardResult<P> {
  windows: WalkForwardWindowResult<P>[];
  /** The out-of-sample equity of every test period chained into one curve, starting from `initialCash`. */
  stitched: { timestampMs: Float64Array; equity: Float64Array };
  /**
   * Walk-forward efficiency (Pardo, The Evaluation and Optimization of Trading Strategies,
   * 2008): mean annualized out-of-sample return / mean annualized in-sample return. Null when
   * the mean in-sample return is not positive: the ratio then means nothing.
   */
  efficiency: number | null;
  /** Per parameter, what each window chose and how far the choices spread. */
  drift: Record<string, ParameterDrift>;
}

/**
 * Optimizes on each train window and runs the winner on its test period, through callbacks
 * (the tool runs backtests in them), then chains the test periods: window i's equity is
 * multiplied by (where the chain stood at the end of window i − 1) / initialCash, so each
 * period's returns continue from where the previous one ended. Callbacks also receive the
 * window's index.
 */
export function runWalkForward<P extends Readonly<Record<string, number | string>>>(
  windows: readonly WalkForwardWindow[],
  optimizeOn: (train: TimeRange, windowIndex: number) => InSampleResult<P>,
  testOn: (test: TimeRange, params: P, windowIndex: number) => OutOfSampleRun,
  options: WalkForwardOptions,
): WalkForwardResult<P> {
  const { initialCash } = options;
  if (!(Number.isFinite(initialCash) && initialCash > 0))
    throw new RangeError(`\`initialCash\` must be a positive finite number (was ${initialCash})`);
  if (windows.length === 0) throw new RangeError("runWalkForward needs at least one window");

  const results: WalkForwardWindowResult<P>[] = [];
  const runs: OutOfSampleRun[] = [];
  windows.forEach((window, index) => {
    const found = optimizeOn(window.train, index);
    requireFiniteResult(index, "optimizeOn", "inSampleObjective", found.inSampleObjective);
    requireFiniteResult(index, "optimizeOn", "inSampleAnnualReturn", found.inSampleAnnualReturn);
    const run = testOn(window.test, found.params, index);
    requireFiniteResult(index, "testOn", "annualReturn", run.annualReturn);
    if (run.timestampMs.length !== run.equity.length)
      throw new RangeError(
        `window ${index}: testOn gave ${run.timestampMs.length} times but ${run.equity.length} equity values`,
      );
    for (let i = 0; i < run.equity.length; i++)
      if (!Number.isFinite(run.equity[i]!))
        throw new RangeError(`window ${index}: testOn's equity[${i}] is ${run.equity[i]}`);
    runs.push(run);
    const finalEquity = run.equity.length > 0 ? run.equity[run.equity.length - 1]! : initialCash;
    results.push({
      train: window.train,
      test: window.test,
      params: found.params,
      inSample: { objective: found.inSampleObjective, annualReturn: found.inSampleAnnualReturn },
      outOfSample: { annualReturn: run.annualReturn, totalReturn: finalEquity / initialCash - 1 },
    });
  });

  const meanInSample = mean(results.map((result) => result.inSample.annualReturn));
  const meanOutOfSample = mean(results.map((result) => result.outOfSample.annualReturn));
  return {
    windows: results,
    stitched: stitch(runs, initialCash),
    efficiency: meanInSample > 0 ? meanOutOfSample / meanInSample : null,
    drift: parameterDrift(results.map((result) => result.params)),
  };
}

function requireFiniteResult(index: number, callback: string, field: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new RangeError(
      `window ${index}: ${callback} gave ${field} = ${value}, not a finite number`,
    );
}

function stitch(
  runs: readonly OutOfSampleRun[],
  initialCash: number,
): { timestampMs: Float64Array; equity: Float64Array } {
  const length = runs.reduce((sum, run) => sum + run.equity.length, 0);
  const timestampMs = new Float64Array(length);
  const equity = new Float64Array(length);
  let level = initialCash;
  let offset = 0;
  runs.forEach((run, index) => {
    const scale = level / initialCash;
    for (let i = 0; i < run.equity.length; i++) {
      const time = run.timestampMs[i]!;
      if (offset > 0 && !(time > timestampMs[offset - 1]!))
        throw new RangeError(
          `window ${index}: test time ${time} does not come after the previous bar's ${timestampMs[offset - 1]}; test periods must be in order and not overlap`,
        );
      timestampMs[offset] = time;
      equity[offset] = run.equity[i]! * scale;
      offset++;
    }
    if (run.equity.length > 0) level = equity[offset - 1]!;
  });
  return { timestampMs, equity };
}

function parameterDrift(
  chosen: readonly Readonly<Record<string, number | string>>[],
): Record<string, ParameterDrift> {
  const names: string[] = [];
  for (const params of chosen)
    for (const name of Object.keys(params)) if (!names.includes(name)) names.push(name);
  const drift: Record<string, ParameterDrift> = {};
  for (const name of names) {
    const values = chosen
      .map((params) => params[name])
      .filter((value): value is number | string => value !== undefined);
    drift[name] = { values, relativeRange: relativeRange(values) };
  }
  return drift;
}

function relativeRange(values: readonly (number | string)[]): number {
  if (values.length < 2) return 0;
  if (values.every((value): value is number => typeof value === "number")) {
    const range = Math.max(...values) - Math.min(...values);
    const meanMagnitude = mean(values.map(Math.abs));
    return meanMagnitude === 0 ? 0 : range / meanMagnitude;
  }
  return (new Set(values).size - 1) / (values.length - 1);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
