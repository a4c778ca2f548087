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
import type { Finding, PatternFamily, ScanOptions, ScanResult } from "./types.ts";

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
  const { families, alpha, costBps, inSampleRatio } = options;
  const insufficientData: string[] = [];
  const prepared: PreparedSeries[] = [];
  for (const bars of series) {
    if (bars.close.length < minimumBars) insufficientData.push(bars.symbol);
    else prepared.push(prepareSeries(bars, inSampleRatio));
  }
  const wanted = new Set(families);
  const candidates = families.flatMap((family) => ruleFamilies[family]?.() ?? []);
  const collector = new Collector(alpha);
  const longest = prepared.reduce((most, s) => Math.max(most, s.length), 0);
  const scratch = { positions: new Int8Array(longest), values: new Float64Array(longest) };
  const crossSymbol = wanted.has("pairs") || wanted.has("cross_asset_lead_lag");
  const singleShare = crossSymbol ? 0.6 : 1;

  for (let s = 0; s < prepared.length; s++) {
    scanSymbol(prepared[s]!, candidates, costBps, collector, scratch);
    if (progress && (s & 15) === 15) progress((singleShare * (s + 1)) / prepared.length);
  }

  if (crossSymbol && prepared.length > 1) {
    const peers = topCorrelatedPeers(prepared, Math.max(pairPeers, leaderPeers));
    progress?.(singleShare + 0.1);
    const pairScratchBuffers = pairScratch(longest);
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
          scanPair(
            prepared[low]!,
            prepared[high]!,
            inSampleRatio,
            costBps,
            collector,
            pairScratchBuffers,
          );
        }
      }
    }
    progress?.(singleShare + 0.25);
    if (wanted.has("cross_asset_lead_lag")) {
      for (let follower = 0; follower < prepared.length; follower++) {
        const list = peers[follower]!;
        for (let k = 0; k < Math.min(leaderPeers, list.length); k++) {
          scanLeadLag(
            prepared[list[k]!]!,
            prepared[follower]!,
            inSampleRatio,
            costBps,
            collector,
            pairScratchBuffers,
          );
        }
      }
    }
  }

  const q = benjaminiHochberg(collector.allPValues());
  const findings: Finding[] = [];
  for (const { index, candidate } of collector.kept) {
    const qValue = q[index]!;
    if (qValue <= alpha && candidate.confirmed) findings.push(toFinding(candidate, qValue));
  }
  findings.sort((a, b) => a.qValue - b.qValue || a.key.localeCompare(b.key));
  progress?.(1);
  return { findings, candidatesTested: collector.count, rejected: { insufficientData } };
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
