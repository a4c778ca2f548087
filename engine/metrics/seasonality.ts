import { studentTwoSidedP } from "../math/student-t.ts";
import { benjaminiHochberg } from "../scanner/statistics.ts";
import { periodReturns } from "./period-returns.ts";

/** Calendar months (1 = January) or weekdays (0 = Sunday), in UTC. */
export type SeasonBy = "month" | "weekday";

/** One month's return ("2024-03") or one day's ("2024-03-05"), and its bucket. */
export interface SeasonPeriod {
  period: string;
  bucket: number;
  return: number;
}

export interface SeasonBucket {
  /** 1..12 for months, 0..6 (Sunday first) for weekdays. */
  bucket: number;
  count: number;
  mean: number;
  median: number;
  /** Share of the periods with a return above zero. */
  positiveShare: number;
  best: SeasonPeriod;
  worst: SeasonPeriod;
  /** The mean of every other bucket's periods; null when there is no other bucket. */
  othersMean: number | null;
  /** Welch's t of this bucket's mean against the others'; null under 2 periods on a side or no variance. */
  tStat: number | null;
  pValue: number | null;
  /** Benjamini-Hochberg adjusted across the buckets tested. */
  qValue: number | null;
}

export interface Seasonality {
  by: SeasonBy;
  /** Every complete period, oldest first. */
  periods: SeasonPeriod[];
  mean: number;
  /** Buckets with at least one period, in calendar order. */
  buckets: SeasonBucket[];
  /** The last month when it had not ended by `completeBeforeMs`: left out of the statistics. */
  partial: SeasonPeriod | null;
}

/**
 * Returns by calendar month or weekday over a daily close series, each bucket against the rest.
 * A month's return is its last close over the last close of the month before (the first month,
 * without one, is left out); a weekday's, the day's close over the previous bar's (a Monday
 * carries the weekend). Each bucket's mean is tested against the other buckets' by Welch's t
 * (two-sided, Student t with Welch-Satterthwaite degrees of freedom) and the p-values adjusted
 * by Benjamini-Hochberg across the buckets, since a dozen buckets will show a "significant" one
 * by chance. `close` is back-adjusted; `timestampMs` ascends.
 */
export function seasonality(
  timestampMs: ArrayLike<number>,
  close: ArrayLike<number>,
  by: SeasonBy,
  completeBeforeMs: number,
): Seasonality {
  if (timestampMs.length !== close.length)
    throw new RangeError(
      `timestamps and closes must be as long (${timestampMs.length} and ${close.length})`,
    );
  let periods = by === "month" ? monthPeriods(timestampMs, close) : dayPeriods(timestampMs, close);
  let partial: SeasonPeriod | null = null;
  const last = periods.at(-1);
  if (by === "month" && last && monthEndMs(last.period) > completeBeforeMs) {
    partial = last;
    periods = periods.slice(0, -1);
  }
  const total = periods.reduce((sum, period) => sum + period.return, 0);
  const members = new Map<number, SeasonPeriod[]>();
  for (const period of periods) {
    const bucket = members.get(period.bucket);
    if (bucket) bucket.push(period);
    else members.set(period.bucket, [period]);
  }
  const buckets = [...members.keys()]
    .sort((a, b) => a - b)
    .map((bucket) => bucketStats(bucket, members.get(bucket)!, periods));
  const tested = buckets.filter((bucket) => bucket.pValue !== null);
  const q = benjaminiHochberg(Float64Array.from(tested, (bucket) => bucket.pValue!));
  tested.forEach((bucket, index) => (bucket.qValue = q[index]!));
  return { by, periods, mean: periods.length > 0 ? total / periods.length : 0, buckets, partial };
}

function monthPeriods(timestampMs: ArrayLike<number>, close: ArrayLike<number>): SeasonPeriod[] {
  if (close.length === 0) return [];
  // The first month is measured from its own first close: a part of a month, left out.
  return periodReturns(timestampMs, close, close[0]!, "month")
    .slice(1)
    .map(({ period, return: value }) => ({
      period,
      bucket: Number(period.slice(5, 7)),
      return: value,
    }));
}

function dayPeriods(timestampMs: ArrayLike<number>, close: ArrayLike<number>): SeasonPeriod[] {
  const periods: SeasonPeriod[] = [];
  for (let index = 1; index < close.length; index++) {
    const day = new Date(timestampMs[index]!);
    periods.push({
      period: day.toISOString().slice(0, 10),
      bucket: day.getUTCDay(),
      return: close[index]! / close[index - 1]! - 1,
    });
  }
  return periods;
}

/** The instant a month ("2024-03") ends: the next month's first midnight, UTC. */
function monthEndMs(period: string): number {
  return Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1);
}

function bucketStats(bucket: number, inside: SeasonPeriod[], all: SeasonPeriod[]): SeasonBucket {
  const values = inside.map((period) => period.return);
  const others = all.filter((period) => period.bucket !== bucket).map((period) => period.return);
  const ranked = inside.toSorted((a, b) => a.return - b.return);
  const welch = welchT(values, others);
  return {
    bucket,
    count: values.length,
    mean: mean(values),
    median: median(ranked.map((period) => period.return)),
    positiveShare: values.filter((value) => value > 0).length / values.length,
    best: ranked.at(-1)!,
    worst: ranked[0]!,
    othersMean: others.length > 0 ? mean(others) : null,
    tStat: welch?.t ?? null,
    pValue: welch ? studentTwoSidedP(welch.t, welch.df) : null,
    qValue: null,
  };
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** The median of ascending values. */
function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sampleVariance(values: readonly number[]): number {
  const center = mean(values);
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

/** Welch's unequal-variance t and its Welch-Satterthwaite degrees of freedom. */
function welchT(a: readonly number[], b: readonly number[]): { t: number; df: number } | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  if (!(va + vb > 0)) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { t: (mean(a) - mean(b)) / Math.sqrt(va + vb), df };
}
