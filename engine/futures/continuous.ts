import { emptyBars, validateBars } from "../bars.ts";
import { formatDay } from "../calendar/civil-date.ts";
import { cmeSessionOn } from "../calendar/cme.ts";
import { EngineDataError, type BarSeries } from "../types.ts";
import { parseContractCode, type FrontContract } from "./contracts.ts";

export type AdjustMethod = "difference" | "ratio";

export interface ContractBars {
  code: string;
  bars: BarSeries;
}

export interface RollAdjustment {
  /** The roll day: the first trade date of `toCode`, whose closes set the adjustment. */
  day: number;
  fromCode: string;
  toCode: string;
  fromClose: number;
  toClose: number;
  /** This roll's gap: toClose - fromClose (difference) or toClose / fromClose (ratio). */
  adjustment: number;
  /** What was applied to every bar before the roll: the sum (difference) or product (ratio) of this and all later gaps. */
  cumulative: number;
}

export interface ContinuousSeries {
  bars: BarSeries;
  rolls: RollAdjustment[];
}

type FrontSpan = Pick<FrontContract, "code" | "fromDay" | "toDay">;

/**
 * Stitches the front contracts of `schedule` (see contractsBetween) into one series and
 * back-adjusts it, so the latest contract's prices stay as traded and returns across a roll
 * are the old contract's returns. At each roll day R both contracts need a bar on trade date R:
 * the gap between their closes is added to (difference) or multiplied into (ratio) every
 * earlier bar. Volume is not adjusted. Difference adjustment can push old prices to zero or
 * below over a long history; ratio adjustment cannot.
 *
 * A bar belongs to the CME trade date whose session is the first to close at or after its
 * timestamp, so bars stamped at their start, at their end, at the session close or at 00:00
 * UTC of the date all land on the right day. The series' symbol is the contracts' root.
 */
export function continuousBackAdjusted(
  contracts: readonly ContractBars[],
  schedule: readonly FrontSpan[],
  method: AdjustMethod,
): ContinuousSeries {
  checkSchedule(schedule);
  const barsOf = new Map<string, BarSeries>();
  for (const { code, bars } of contracts) {
    if (barsOf.has(code)) throw new EngineDataError(`${code}: bars given twice`, { symbol: code });
    barsOf.set(code, validateBars(bars));
  }
  const segments = schedule.map(({ code, fromDay, toDay }) => {
    const bars = barsOf.get(code);
    if (!bars)
      throw new EngineDataError(`${code}: no bars given for this contract`, { symbol: code });
    return { code, bars, rows: rowsOfDays(bars, fromDay, toDay) };
  });
  const rolls: RollAdjustment[] = [];
  let cumulative = method === "difference" ? 0 : 1;
  for (let i = schedule.length - 1; i > 0; i--) {
    const [from, to] = [segments[i - 1]!, segments[i]!];
    const day = schedule[i]!.fromDay;
    const fromClose = closeOnDay(from, day);
    const toClose = closeOnDay(to, day);
    const adjustment = method === "difference" ? toClose - fromClose : toClose / fromClose;
    cumulative = method === "difference" ? cumulative + adjustment : cumulative * adjustment;
    rolls.unshift({
      day,
      fromCode: from.code,
      toCode: to.code,
      fromClose,
      toClose,
      adjustment,
      cumulative,
    });
  }
  const symbol = parseContractCode(schedule[schedule.length - 1]!.code).root;
  return { bars: stitch(symbol, segments, rolls, method), rolls };
}

function checkSchedule(schedule: readonly FrontSpan[]): void {
  if (schedule.length === 0) throw new RangeError("the roll schedule is empty");
  schedule.forEach((span, i) => {
    if (!(span.fromDay < span.toDay)) throw new RangeError(`${span.code}: empty front span`);
    const next = schedule[i + 1];
    if (next && next.fromDay !== span.toDay)
      throw new RangeError(
        `${span.code} is front until ${formatDay(span.toDay)} but ${next.code} from ${formatDay(next.fromDay)}`,
      );
  });
}

/** Close of the last CME session with a trade date before `day`. */
function closeBefore(day: number): number {
  for (let earlier = day - 1; earlier > day - 15; earlier--) {
    const session = cmeSessionOn(earlier);
    if (session) return session.closeMs;
  }
  throw new RangeError(`no CME session in the two weeks before ${formatDay(day)}`);
}

/** Rows [start, end) of the bars whose trade date lies in [fromDay, toDay). */
function rowsOfDays(bars: BarSeries, fromDay: number, toDay: number): [number, number] {
  return [
    firstRowAfter(bars.timestampMs, closeBefore(fromDay)),
    firstRowAfter(bars.timestampMs, closeBefore(toDay)),
  ];
}

/** Index of the first timestamp strictly after `ms` (binary search; timestamps increase). */
function firstRowAfter(timestampMs: Float64Array, ms: number): number {
  let [low, high] = [0, timestampMs.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestampMs[middle]! <= ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The close of a contract's last bar on trade date `day`. */
function closeOnDay({ code, bars }: { code: string; bars: BarSeries }, day: number): number {
  const [start, end] = rowsOfDays(bars, day, day + 1);
  if (end === start)
    throw new EngineDataError(
      `${code}: no bar on its roll day ${formatDay(day)}, so the roll gap is unknown`,
      {
        symbol: code,
        field: "timestamp",
      },
    );
  return bars.close[end - 1]!;
}

function stitch(
  symbol: string,
  segments: readonly { bars: BarSeries; rows: [number, number] }[],
  rolls: readonly RollAdjustment[],
  method: AdjustMethod,
): BarSeries {
  const length = segments.reduce((sum, { rows: [start, end] }) => sum + end - start, 0);
  const out: BarSeries = emptyBars(symbol, length);
  let row = 0;
  segments.forEach(({ bars, rows: [start, end] }, i) => {
    // Segment i sits before rolls i, i+1, ...; rolls[i].cumulative already folds in the later ones.
    const cumulative = rolls[i]?.cumulative ?? (method === "difference" ? 0 : 1);
    const adjust =
      method === "difference"
        ? (price: number) => price + cumulative
        : (price: number) => price * cumulative;
    for (let source = start; source < end; source++, row++) {
      out.timestampMs[row] = bars.timestampMs[source]!;
      out.open[row] = adjust(bars.open[source]!);
      out.high[row] = adjust(bars.high[source]!);
      out.low[row] = adjust(bars.low[source]!);
      out.close[row] = adjust(bars.close[source]!);
      out.volume[row] = bars.volume[source]!;
    }
  });
  return out;
}
