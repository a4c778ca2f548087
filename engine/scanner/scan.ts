import type { BarSeries } from "../types.ts";
import { Collector, type ScoredCandidate } from "./collector.ts";
import { breakoutCandidates } from "./families/breakout.ts";
import { gapCandidates } from "./families/gap.ts";
import { scanLeadLag } from "./families/lead-lag.ts";
import { meanReversionCandidates } from "./families/mean-reversion.ts";
import { momentumCandidates } from "./families/momentum.ts";
import { pairScratch, scanPair } from "./families/pairs.ts";
import type { RuleCandidate } from "./families/rule-candidate.ts";
import { dayOfWeekCandidates, turnOfMonthCandidates } from "./families/seasonality.ts";
import { volatilityRegimeCandidates } from "./families/volatility-regime.ts";
import { topCorrelatedPeers } from "./neighbours.ts";
import { minimumBars, prepareSeries, type PreparedSeries } from "./prepared.ts";
import { scanSymbol } from "./single-symbol.ts";
import { benjaminiHochberg } from "./statistics.ts";
import type { Finding, NearMiss, PatternFamily, ScanOptions, ScanResult } from "./types.ts";

/** Peers per symbol that go on to the Engle-Granger test. */
const pairPeers = 8;
/** Peers per symbol tested as its leaders. */
const leaderPeers = 3;

const ruleFamilies: Partial<Record<PatternFamily, () => RuleCandidate[]>> = {
  momentum: momentumCandidates,
  mean_reversion: meanReversionCandidates,
  breakout: breakoutCandidates,
  volatility_regime: volatilityRegimeCandidates,
  gap: gapCandidates,
  day_of_week: dayOfWeekCandidates,
  turn_of_month: turnOfMonthCandidates,
};

/**
 * The tests of a scan, by symbol: what one process runs. A scan plans its work once over the
 * whole universe (the peer screen needs every symbol), splits it, runs the shares anywhere and
 * merges them into one multiple-testing correction.
 */
export interface ScanWork {
  /** Symbols whose single-symbol families run. */
  singles: string[];
  /** Symbol pairs for the Engle-Granger test. */
  pairs: [string, string][];
  /** [leader, follower] pairs for the lead-lag test. */
  leadLag: [string, string][];
}

/** What a share of the work found: every p-value it tested, and the candidates with p <= alpha. */
export interface ScanPart {
  pValues: number[];
  kept: { index: number; candidate: ScoredCandidate }[];
}

/**
 * Scans every symbol with every requested family, then controls the false discovery rate over
 * the whole scan at once: Benjamini-Hochberg q-values over the p-values of every candidate
 * tested (all families, all symbols, all parameters). A finding must have q <= alpha in sample,
 * keep the sign of its effect out of sample, and net a positive mean return per trade after
 * costs both in and out of sample. Bars are used as given (back-adjusted). Pure: same input,
 * same output.
 */
export function scanMarket(
  series: readonly BarSeries[],
  options: ScanOptions,
  progress?: (fraction: number) => void,
): ScanResult {
  return drain(scanMarketSteps(series, options), progress);
}

/**
 * `scanMarket` in steps: yields its progress (0 to 1) every few units of work and returns its
 * result, so a caller can let other work in between steps, or stop.
 */
export function* scanMarketSteps(
  series: readonly BarSeries[],
  options: ScanOptions,
): Generator<number, ScanResult, void> {
  const { prepared, insufficientData } = prepareAll(series, options);
  const work = planPrepared(prepared, options.families);
  yield 0.1;
  const part = yield* rescaled(runPreparedSteps(prepared, work, options), 0.1, 0.9);
  return mergeScanParts([part], options.alpha, insufficientData);
}

/** The whole scan's work: every long-enough symbol, and the screened pairs and leaders. */
export function planScan(
  series: readonly BarSeries[],
  options: ScanOptions,
): { work: ScanWork; insufficientData: string[] } {
  const { prepared, insufficientData } = prepareAll(series, options);
  return { work: planPrepared(prepared, options.families), insufficientData };
}

/** Runs a share of the work; `series` holds every symbol it names. */
export function runScanWork(
  series: readonly BarSeries[],
  work: ScanWork,
  options: ScanOptions,
  progress?: (fraction: number) => void,
): ScanPart {
  const needed = new Set([...work.singles, ...work.pairs.flat(), ...work.leadLag.flat()]);
  const prepared = series
    .filter((bars) => needed.has(bars.symbol))
    .map((bars) => prepareSeries(bars, options.inSampleRatio, options.timeframe));
  const missing = [...needed].filter((symbol) => !prepared.some((s) => s.bars.symbol === symbol));
  if (missing.length > 0)
    throw new RangeError(`scan work names symbols without bars: ${missing.join(", ")}`);
  return drain(runPreparedSteps(prepared, work, options), progress);
}

/** Splits the work into at most `parts` shares of about equal effort, in plan order. */
export function splitScanWork(work: ScanWork, parts: number): ScanWork[] {
  if (!Number.isInteger(parts) || parts < 1)
    throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const shares = Array.from({ length: parts }, (_, k) => ({
    singles: slice(work.singles, k, parts),
    pairs: slice(work.pairs, k, parts),
    leadLag: slice(work.leadLag, k, parts),
  }));
  return shares.filter((share) => share.singles.length + share.pairs.length + share.leadLag.length);
}

/** One Benjamini-Hochberg correction over every part's p-values; the findings with q <= alpha. */
export function mergeScanParts(
  parts: readonly ScanPart[],
  alpha: number,
  insufficientData: string[],
): ScanResult {
  const all = new Float64Array(parts.reduce((sum, part) => sum + part.pValues.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part.pValues, offset);
    offset += part.pValues.length;
  }
  const q = benjaminiHochberg(all);
  const findings: Finding[] = [];
  const misses: (NearMiss & { key: string })[] = [];
  offset = 0;
  for (const part of parts) {
    for (const { index, candidate } of part.kept) {
      const qValue = q[offset + index]!;
      if (qValue <= alpha && candidate.confirmed) findings.push(toFinding(candidate, qValue));
      else misses.push(nearMiss(candidate, qValue, alpha));
    }
    offset += part.pValues.length;
  }
  findings.sort((a, b) => a.qValue - b.qValue || a.key.localeCompare(b.key));
  misses.sort((a, b) => a.qValue - b.qValue || a.key.localeCompare(b.key));
  const nearMisses = misses.slice(0, nearMissesKept).map(({ key: _key, ...miss }) => miss);
  return { findings, candidatesTested: all.length, nearMisses, rejected: { insufficientData } };
}

function prepareAll(series: readonly BarSeries[], { inSampleRatio, timeframe }: ScanOptions) {
  const insufficientData: string[] = [];
  const prepared: PreparedSeries[] = [];
  for (const bars of series) {
    if (bars.close.length < minimumBars) insufficientData.push(bars.symbol);
    else prepared.push(prepareSeries(bars, inSampleRatio, timeframe));
  }
  return { prepared, insufficientData };
}

function planPrepared(prepared: readonly PreparedSeries[], families: PatternFamily[]): ScanWork {
  const wanted = new Set(families);
  const symbolOf = (index: number) => prepared[index]!.bars.symbol;
  const work: ScanWork = {
    singles: families.some((family) => ruleFamilies[family])
      ? prepared.map((s) => s.bars.symbol)
      : [],
    pairs: [],
    leadLag: [],
  };
  if (!(wanted.has("pairs") || wanted.has("cross_asset_lead_lag")) || prepared.length < 2)
    return work;
  const peers = topCorrelatedPeers(prepared, Math.max(pairPeers, leaderPeers));
  if (wanted.has("pairs")) {
    const seen = new Set<number>();
    for (let i = 0; i < prepared.length; i++) {
      const list = peers[i]!;
      for (let k = 0; k < Math.min(pairPeers, list.length); k++) {
        const j = list[k]!;
        const [low, high] = i < j ? [i, j] : [j, i];
        const id = low * prepared.length + high;
        if (seen.has(id)) continue;
        seen.add(id);
        work.pairs.push([symbolOf(low), symbolOf(high)]);
      }
    }
  }
  if (wanted.has("cross_asset_lead_lag")) {
    for (let follower = 0; follower < prepared.length; follower++) {
      const list = peers[follower]!;
      for (let k = 0; k < Math.min(leaderPeers, list.length); k++)
        work.leadLag.push([symbolOf(list[k]!), symbolOf(follower)]);
    }
  }
  return work;
}

// Effort weights of one unit of each kind, so progress moves evenly (measured on the benchmark).
const pairEffort = 0.5;
const leadLagEffort = 0.2;

function* runPreparedSteps(
  prepared: readonly PreparedSeries[],
  work: ScanWork,
  options: ScanOptions,
): Generator<number, ScanPart, void> {
  const { families, alpha, costBps, inSampleRatio } = options;
  const bySymbol = new Map(prepared.map((s) => [s.bars.symbol, s]));
  const get = (symbol: string) => bySymbol.get(symbol)!;
  const candidates = families.flatMap((family) => ruleFamilies[family]?.() ?? []);
  const collector = new Collector(alpha);
  const longest = prepared.reduce((most, s) => Math.max(most, s.length), 0);
  const scratch = { positions: new Int8Array(longest), values: new Float64Array(longest) };
  const pairBuffers = pairScratch(longest);
  const total =
    work.singles.length + pairEffort * work.pairs.length + leadLagEffort * work.leadLag.length;
  let done = 0;

  for (const [index, symbol] of work.singles.entries()) {
    scanSymbol(get(symbol), candidates, costBps, collector, scratch);
    done += 1;
    if ((index & 15) === 15) yield done / total;
  }
  for (const [index, [a, b]] of work.pairs.entries()) {
    scanPair(get(a), get(b), inSampleRatio, costBps, collector, pairBuffers);
    done += pairEffort;
    if ((index & 15) === 15) yield done / total;
  }
  for (const [index, [leader, follower]] of work.leadLag.entries()) {
    scanLeadLag(get(leader), get(follower), inSampleRatio, costBps, collector, pairBuffers);
    done += leadLagEffort;
    if ((index & 15) === 15) yield done / total;
  }
  yield 1;
  return { pValues: Array.from(collector.allPValues()), kept: collector.kept };
}

/** Runs steps to their end, reporting each one's progress. */
function drain<Result>(
  steps: Generator<number, Result, void>,
  progress?: (fraction: number) => void,
): Result {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    progress?.(next.value);
  }
}

/** The steps' progress mapped onto `from` to `from + span` of a larger whole. */
function* rescaled<Result>(
  steps: Generator<number, Result, void>,
  from: number,
  span: number,
): Generator<number, Result, void> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    yield from + span * next.value;
  }
}

/** The k-th of `parts` contiguous slices of about equal length. */
function slice<T>(items: readonly T[], k: number, parts: number): T[] {
  return items.slice(
    Math.floor((items.length * k) / parts),
    Math.floor((items.length * (k + 1)) / parts),
  );
}

/** How many near misses a scan reports: enough to say what came closest. */
export const nearMissesKept = 3;

function nearMiss(
  candidate: ScoredCandidate,
  qValue: number,
  alpha: number,
): NearMiss & { key: string } {
  const { key, pattern, symbols, direction, parameters, pValue, outOfSample } = candidate;
  const reason = qValue > alpha ? "q_above_alpha" : "not_confirmed";
  return { key, pattern, symbols, direction, parameters, pValue, qValue, reason, outOfSample };
}

function toFinding(candidate: ScoredCandidate, qValue: number): Finding {
  const { confirmed, ...rest } = candidate;
  if (!confirmed) throw new RangeError(`${candidate.key} is not confirmed`);
  return {
    ...rest,
    qValue,
    explanation: `${rest.explanation} Benjamini-Hochberg q = ${qValue < 1e-4 ? qValue.toExponential(1) : qValue.toFixed(4)} across the whole scan.`,
  };
}
